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
       * rate_limited: back off every send for a minute; daily_quota: WeChat takes nothing more
       * today, send by SMS instead; busy: try this one again later; rejected: our request was
       * wrong, do not retry; unknown: we cannot tell if it arrived.
       */
      reason: "no_subscription" | "rate_limited" | "daily_quota" | "busy" | "rejected" | "unknown";
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
          // The request may or may not have reached WeChat: never risk a second copy.
          return { ok: false, reason: "unknown", errcode: null, message: String(e) };
        }
        const reason = {
          no_subscription: "no_subscription",
          rate_limited: "rate_limited",
          daily_quota: "daily_quota",
          busy: "busy",
          user_blocked: "rejected",
          // A token still refused after one refresh: WeChat's side; a later run gets a new token.
          token: "busy",
          invalid_request: "rejected",
          other: "rejected",
        } as const;
        return { ok: false, reason: reason[e.kind], errcode: e.errcode, message: e.errmsg };
      }
    },
  };
}

/**
 * After WeChat's daily quota (45009): answers as WeChat would without calling it, so the run
 * sends by SMS (and waits where SMS cannot reach) until the quota clears at `until`.
 */
export function dailyQuotaSender(until: number): ReminderSender {
  const message = `WeChat's daily API quota was reached; not called again before ${new Date(until).toISOString()}`;
  return {
    channel: "wechat",
    send: async () => ({ ok: false, reason: "daily_quota", errcode: 45009, message }),
  };
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
