// WeChat answers errors as HTTP 200 with a JSON `errcode`. What each code means for us decides
// whether a call is retried, backed off, or given up.

export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat error ${errcode}: ${errmsg}`);
  }

  get kind(): WechatErrorKind {
    return errorKind(this.errcode);
  }
}

export type WechatErrorKind =
  /** The access token is invalid, not the latest, or expired: refresh it and retry once. */
  | "token"
  /** 43101: the user has no subscription (left) for the template. Retrying cannot help. */
  | "no_subscription"
  /** 45011, the per-minute API quota: back off and retry next minute. */
  | "rate_limited"
  /**
   * 45009, the daily API quota: nothing goes through WeChat until 00:00 Beijing time, so a
   * reminder (timely only for minutes) falls back to SMS instead of waiting.
   */
  | "daily_quota"
  /** 40226 at login: WeChat's risk control blocks this user. Give up: a retry cannot help. */
  | "user_blocked"
  /** WeChat is busy (-1) or answered with an HTTP error: a later attempt may succeed. */
  | "busy"
  /** Our request was wrong (bad field, template, page, openid): fix the data, do not retry. */
  | "invalid_request"
  | "other";

const KINDS: Record<number, WechatErrorKind> = {
  40001: "token", // invalid credential / not latest
  40014: "token", // invalid access_token
  42001: "token", // access_token expired
  43101: "no_subscription",
  45009: "daily_quota", // reach max api daily quota limit
  45011: "rate_limited", // api minute-quota reach limit, retry next minute
  40226: "user_blocked", // code2Session: high-risk user, login blocked
  [-1]: "busy",
  40003: "invalid_request", // openid
  40037: "invalid_request", // template_id
  41030: "invalid_request", // page not in the released mini-program
  47001: "invalid_request", // body format
  47003: "invalid_request", // a template value breaks its rule
  40097: "invalid_request",
  40129: "invalid_request", // scene characters
  40169: "invalid_request", // scene length
};

export function errorKind(errcode: number): WechatErrorKind {
  return KINDS[errcode] ?? "other";
}
