// The SMS channel as the reminder scheduler and the family notices use it: one message to one
// number for one purpose. Tencent Cloud when configured; in local mode without credentials the
// console (printing the exact text a phone would show), like the WeChat channel does.
import { createSmsClient, type SmsClient, type SmsClientConfig } from "./client";
import { SmsError, type SmsErrorKind } from "./errors";
import { renderSms, SMS_TEXTS, type SmsPurpose } from "./templates";

export type SmsOutcome =
  | { ok: true; serialNo: string | null }
  | { ok: false; code: string; kind: SmsErrorKind; message: string };

export interface SmsSender {
  kind: "tencent" | "console";
  /** A purpose without an approved template cannot go by SMS. */
  has(purpose: SmsPurpose): boolean;
  /** `to` in E.164; `ref` comes back from Tencent as SessionContext. Never throws. */
  send(to: string, purpose: SmsPurpose, params: string[], ref?: string): Promise<SmsOutcome>;
}

export function tencentSmsSender(
  client: SmsClient,
  templateIds: Partial<Record<SmsPurpose, string>>,
): SmsSender {
  return {
    kind: "tencent",
    has: (purpose) => Boolean(templateIds[purpose]),
    async send(to, purpose, params, ref) {
      const templateId = templateIds[purpose];
      if (!templateId) return { ok: false, code: "Steady.NoTemplate", kind: "config", message: purpose };
      try {
        const { results } = await client.sendSms({
          phoneNumbers: [to],
          templateId,
          params,
          ...(ref ? { sessionContext: ref } : {}),
        });
        const r = results[0];
        if (!r)
          return { ok: false, code: "InternalError.NoStatus", kind: "unknown", message: "no SendStatus" };
        return r.ok
          ? { ok: true, serialNo: r.serialNo }
          : { ok: false, code: r.code, kind: r.kind ?? "unknown", message: r.message };
      } catch (e) {
        if (e instanceof SmsError) return { ok: false, code: e.code, kind: e.kind, message: e.detail };
        // The request may have reached Tencent: never send a second copy.
        return { ok: false, code: "Steady.Network", kind: "unknown", message: String(e) };
      }
    },
  };
}

/** Local mode: print the message as the phone would show it. */
export function consoleSmsSender(signName = "稳稳", log: (line: string) => void = console.log): SmsSender {
  return {
    kind: "console",
    has: () => true,
    async send(to, purpose, params) {
      log(
        `[sms] ${to.slice(0, 6)}****${to.slice(-3)} 【${signName}】${renderSms(SMS_TEXTS[purpose], params)}`,
      );
      return { ok: true, serialNo: null };
    },
  };
}

export type { SmsClientConfig };
export { createSmsClient };
