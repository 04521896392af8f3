// WeChat server API client. Every call goes to a configurable base URL so tests run it
// against a local server that answers as WeChat does. Calls that need an access token get it
// from `stable_token` (cached) and, when WeChat says it is invalid or expired (40001/42001),
// refresh it and retry once.
import { errorKind, WechatError } from "./errors";
import { TokenCache } from "./token";

export { WechatError } from "./errors";

export interface WechatSession {
  openid: string;
  unionid?: string;
}

/** What the API's login needs. */
export interface WechatClient {
  /** `jscode2session`: exchange a `wx.login` code for the user's openid. */
  codeToSession(code: string): Promise<WechatSession>;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** Page opened from the notification, e.g. `pages/today/index?from=reminder`. */
  page?: string;
  /** Keyword → value, already fitted to WeChat's rules (see template-data.ts). */
  data: Record<string, string>;
  lang?: "zh_CN" | "en_US" | "zh_HK" | "zh_TW";
}

export interface QrCodeRequest {
  /** ≤ 32 visible characters: digits, letters and !#$&'()*+,/:;=?@-._~ */
  scene: string;
  /** A released page without a leading slash or query, e.g. `pages/enrol/index`. */
  page?: string;
  checkPath?: boolean;
  envVersion?: "release" | "trial" | "develop";
  width?: number;
}

/** Calls made by the server on its own behalf (they need an access token). */
export interface WechatServerApi {
  /** `subscribeMessage.send`; resolves with WeChat's msgid, rejects with a WechatError. */
  sendSubscribeMessage(msg: SubscribeMessage): Promise<{ msgid: number | null }>;
  /** `getwxacodeunlimit`: the mini-program code image (JPEG bytes). */
  getUnlimitedQrCode(req: QrCodeRequest): Promise<Uint8Array>;
}

export type FullWechatClient = WechatClient & WechatServerApi;

/** WeChat's answer to a POST: its status, content type and body, read once. */
export interface WechatHttpReply {
  status: number;
  contentType: string;
  json(): Promise<unknown>;
  bytes(): Promise<Uint8Array>;
}

/**
 * How the client POSTs to WeChat's API (a reminder send is one of these). `fetch` by default, as
 * on Workers; the Node server passes a pooled HTTP/1.1 client (wechat/node-transport.ts), since
 * Node's fetch cost more CPU than everything else a reminder send does.
 */
export interface WechatTransport {
  /** Rejects like fetch when no answer came: a TypeError whose `cause.code` says why. */
  postJson(url: string, json: string): Promise<WechatHttpReply>;
}

export function fetchTransport(doFetch: typeof fetch = fetch): WechatTransport {
  return {
    async postJson(url, json) {
      const res = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: json,
      });
      return {
        status: res.status,
        contentType: res.headers.get("content-type") ?? "",
        json: () => res.json(),
        bytes: async () => new Uint8Array(await res.arrayBuffer()),
      };
    },
  };
}

export interface WechatConfig {
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Which build a notification opens: formal (released), trial or developer. */
  miniprogramState?: "formal" | "trial" | "developer";
  fetch?: typeof fetch;
  /** The POSTs with an access token (sends, QR codes); `fetch` when absent. */
  transport?: WechatTransport;
  clock?: () => number;
}

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/** Refuses a scene WeChat would refuse (40169/40129) before spending a call on it. */
export function assertScene(scene: string): void {
  if (!SCENE.test(scene)) {
    throw new RangeError(
      `QR scene must be 1–32 characters of digits, letters and !#$&'()*+,/:;=?@-._~ (got ${JSON.stringify(scene)})`,
    );
  }
}

interface WechatReply {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

type TokenPost = { body: WechatReply; raw?: undefined } | { raw: WechatHttpReply; body?: undefined };

/**
 * POSTs JSON with the access token; on a token error, refreshes and retries exactly once. A JSON
 * answer is read once here (a reminder send is one of these: one parse, no clone); anything else
 * (an image) comes back unread.
 */
function tokenPoster(transport: WechatTransport, baseUrl: string, tokens: TokenCache) {
  // Paths are absolute: they replace any path of the base URL, as `new URL(path, base)` does.
  const origin = new URL(baseUrl).origin;
  return async function postWithToken(path: string, payload: unknown): Promise<TokenPost> {
    const json = JSON.stringify(payload);
    const attempt = async (token: string) => {
      const raw = await transport.postJson(
        `${origin}${path}?access_token=${encodeURIComponent(token)}`,
        json,
      );
      if (!raw.contentType.includes("json")) return { raw };
      // WeChat answers errors with HTTP 200; anything else is a proxy or an outage.
      if (raw.status < 200 || raw.status > 299) {
        await raw.bytes().catch(() => {}); // read to the end: a pooled connection is free again
        throw new WechatError(-1, `HTTP ${raw.status}`);
      }
      return { body: (await raw.json()) as WechatReply };
    };
    const token = await tokens.get();
    const first = await attempt(token);
    if (!first.body?.errcode || errorKind(first.body.errcode) !== "token") return first;
    return attempt(await tokens.refreshAfterRejection(token));
  };
}

export function createWechatClient(cfg: WechatConfig): FullWechatClient {
  const doFetch = cfg.fetch ?? fetch;
  const url = (path: string, query: Record<string, string> = {}) => {
    const u = new URL(path, cfg.baseUrl);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  };

  async function readReply(res: Response): Promise<WechatReply> {
    // WeChat answers errors with HTTP 200; anything else is a proxy or an outage.
    if (!res.ok) throw new WechatError(-1, `HTTP ${res.status}`);
    return (await res.json()) as WechatReply;
  }
  const failOn = (body: WechatReply) => {
    if (body.errcode) throw new WechatError(body.errcode, body.errmsg ?? "");
  };

  const tokens = new TokenCache(async (forceRefresh) => {
    const res = await doFetch(url("/cgi-bin/stable_token"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credential",
        appid: cfg.appId,
        secret: cfg.appSecret,
        ...(forceRefresh ? { force_refresh: true } : {}),
      }),
    });
    const body = await readReply(res);
    failOn(body);
    if (typeof body.access_token !== "string" || typeof body.expires_in !== "number")
      throw new WechatError(-1, "stable_token answered without a token");
    return { token: body.access_token, expiresInSeconds: body.expires_in };
  }, cfg.clock);

  const postWithToken = tokenPoster(cfg.transport ?? fetchTransport(doFetch), cfg.baseUrl, tokens);

  return {
    async codeToSession(code) {
      const res = await doFetch(
        url("/sns/jscode2session", {
          appid: cfg.appId,
          secret: cfg.appSecret,
          js_code: code,
          grant_type: "authorization_code",
        }),
      );
      const body = await readReply(res);
      if (body.errcode || typeof body.openid !== "string")
        throw new WechatError(body.errcode ?? -1, body.errmsg ?? "no openid");
      return {
        openid: body.openid,
        ...(typeof body.unionid === "string" ? { unionid: body.unionid } : {}),
      };
    },

    async sendSubscribeMessage(msg) {
      const { body, raw } = await postWithToken("/cgi-bin/message/subscribe/send", {
        touser: msg.touser,
        template_id: msg.templateId,
        ...(msg.page ? { page: msg.page } : {}),
        data: Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }])),
        miniprogram_state: cfg.miniprogramState ?? "formal",
        lang: msg.lang ?? "zh_CN",
      });
      // Not JSON: a proxy or an outage (as before: a non-2xx is busy, a 2xx fails to parse).
      if (raw && (raw.status < 200 || raw.status > 299)) {
        await raw.bytes().catch(() => {}); // read to the end: the pooled connection is free again
        throw new WechatError(-1, `HTTP ${raw.status}`);
      }
      const reply = body ?? ((await raw.json()) as WechatReply);
      failOn(reply);
      return { msgid: typeof reply.msgid === "number" ? reply.msgid : null };
    },

    async getUnlimitedQrCode(req) {
      assertScene(req.scene);
      const answer = await postWithToken("/wxa/getwxacodeunlimit", {
        scene: req.scene,
        ...(req.page ? { page: req.page } : {}),
        ...(req.checkPath === false ? { check_path: false } : {}),
        ...(req.envVersion ? { env_version: req.envVersion } : {}),
        ...(req.width ? { width: req.width } : {}),
      });
      // An image on success; JSON only when WeChat reports an error.
      if (answer.body) {
        failOn(answer.body);
        throw new WechatError(-1, "getwxacodeunlimit answered JSON without an image");
      }
      const { raw } = answer;
      const bytes = await raw.bytes();
      if (raw.status < 200 || raw.status > 299) throw new WechatError(-1, `HTTP ${raw.status}`);
      return bytes;
    },
  };
}

/** For local runs without WeChat credentials: any real code is refused as WeChat would (40029). */
export const offlineWechatClient: WechatClient = {
  async codeToSession() {
    throw new WechatError(40029, "invalid code (no WeChat credentials configured)");
  },
};
