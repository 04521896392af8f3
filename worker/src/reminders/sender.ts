// Where a reminder goes once a run has decided to send it: WeChat, or (local mode without
// WeChat credentials) the console. Each outcome tells the scheduler what to record and whether
// a later attempt may help.
import type { SentMessage } from "../db/schema";
import type { WechatServerApi } from "../wechat/client";
import { WechatError } from "../wechat/errors";

export interface OutgoingReminder extends SentMessage {
  openid: string;
  templateId: string;
  /** For the console: who and what, in words. */
  label: string;
}

export type SendOutcome =
  | { ok: true }
  | {
      ok: false;
      /**
       * no_subscription: 43101, stop using this template for the patient;
       * rate_limited: back off every send for a while; busy: try this one again later;
       * rejected: our request was wrong, do not retry; unknown: we cannot tell if it arrived.
       */
      reason: "no_subscription" | "rate_limited" | "busy" | "rejected" | "unknown";
      errcode: number | null;
      message: string;
    };

export interface ReminderSender {
  channel: "wechat" | "console";
  send(r: OutgoingReminder): Promise<SendOutcome>;
}

export function wechatSender(api: WechatServerApi): ReminderSender {
  return {
    channel: "wechat",
    async send(r) {
      try {
        await api.sendSubscribeMessage({
          touser: r.openid,
          templateId: r.templateId,
          page: r.page,
          data: r.data,
          lang: r.lang,
        });
        return { ok: true };
      } catch (e) {
        if (!(e instanceof WechatError)) {
          const code = causeCode(e);
          // No connection was made: the request never reached WeChat, so a later try is safe.
          if (code && NOT_CONNECTED.has(code))
            return { ok: false, reason: "busy", errcode: null, message: `${String(e)} (${code})` };
          // The request may or may not have reached WeChat: never risk a second copy.
          return {
            ok: false,
            reason: "unknown",
            errcode: null,
            message: code ? `${String(e)} (${code})` : String(e),
          };
        }
        const reason = {
          no_subscription: "no_subscription",
          rate_limited: "rate_limited",
          // 45009: the daily quota; the queue retries after its longer back-off (ADR 0016).
          daily_quota: "rate_limited",
          busy: "busy",
          // A token still refused after one refresh: WeChat's side; a later run gets a new token.
          token: "busy",
          invalid_request: "rejected",
          user_blocked: "rejected",
          other: "rejected",
        } as const;
        return { ok: false, reason: reason[e.kind], errcode: e.errcode, message: e.errmsg };
      }
    },
  };
}

/** Connection errors that mean nothing was sent (fetch's `cause.code`). */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENETUNREACH",
]);

function causeCode(e: unknown): string | null {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" ? cause.code : null;
}

/** Local mode without WeChat credentials: print what would have been sent. */
export function consoleSender(log: (line: string) => void = console.log): ReminderSender {
  return {
    channel: "console",
    async send(r) {
      log(`[reminder] ${r.label} → ${Object.values(r.data).join(" | ")} (${r.page})`);
      return { ok: true };
    },
  };
}
