// The access token from `POST /cgi-bin/stable_token`, cached until shortly before it expires.
// Normal mode hands every caller the same live token (and the next one in its last 5 minutes),
// so several processes can share it; force mode invalidates the previous token, is limited to
// 20 calls a day, and is used only when normal mode keeps returning a token WeChat refused.

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export type FetchToken = (forceRefresh: boolean) => Promise<IssuedToken>;

/** Renew this long before expiry: WeChat issues the successor in the last 5 minutes. */
const RENEW_BEFORE_MS = 5 * 60_000;

export class TokenCache {
  private cached: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly fetchToken: FetchToken,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A token believed valid: the cached one, or a fresh one (one request however many callers wait). */
  async get(): Promise<string> {
    if (this.cached && this.clock() < this.cached.renewAt) return this.cached.token;
    return this.renew(null);
  }

  /**
   * WeChat refused `rejected` (40001/42001). If another caller already replaced it, use theirs;
   * otherwise ask again, forcing a refresh only when WeChat hands back the very token it refused.
   */
  async refreshAfterRejection(rejected: string): Promise<string> {
    if (this.cached && this.cached.token !== rejected) return this.cached.token;
    this.cached = null;
    return this.renew(rejected);
  }

  private renew(rejected: string | null): Promise<string> {
    this.pending ??= (async () => {
      try {
        let issued = await this.fetchToken(false);
        if (rejected !== null && issued.token === rejected) issued = await this.fetchToken(true);
        const ttl = issued.expiresInSeconds * 1000;
        // A token that lives under the renewal margin is still used once, then renewed.
        this.cached = { token: issued.token, renewAt: this.clock() + Math.max(0, ttl - RENEW_BEFORE_MS) };
        return issued.token;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }
}
