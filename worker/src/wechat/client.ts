// WeChat server API client. Every call goes to a configurable base URL so tests run it
// against a local server that answers as WeChat does.

export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface WechatClient {
  /** `jscode2session`: exchange a `wx.login` code for the user's openid. */
  codeToSession(code: string): Promise<WechatSession>;
}

export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat error ${errcode}: ${errmsg}`);
  }
}

export interface WechatConfig {
  baseUrl: string;
  appId: string;
  appSecret: string;
  fetch?: typeof fetch;
}

export function createWechatClient(cfg: WechatConfig): WechatClient {
  const doFetch = cfg.fetch ?? fetch;
  return {
    async codeToSession(code) {
      const url = new URL("/sns/jscode2session", cfg.baseUrl);
      url.searchParams.set("appid", cfg.appId);
      url.searchParams.set("secret", cfg.appSecret);
      url.searchParams.set("js_code", code);
      url.searchParams.set("grant_type", "authorization_code");
      const res = await doFetch(url);
      const body = (await res.json()) as {
        openid?: string;
        unionid?: string;
        errcode?: number;
        errmsg?: string;
      };
      if (body.errcode || !body.openid) throw new WechatError(body.errcode ?? -1, body.errmsg ?? "no openid");
      return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) };
    },
  };
}

/** For local runs without WeChat credentials: any real code is refused as WeChat would (40029). */
export const offlineWechatClient: WechatClient = {
  async codeToSession() {
    throw new WechatError(40029, "invalid code (no WeChat credentials configured)");
  },
};
