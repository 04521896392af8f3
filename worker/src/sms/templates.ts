// The SMS texts Steady sends. Mainland SMS goes out only as a template approved by Tencent with
// an approved signature (签名), so these are the texts an admin registers in the SMS console; their
// ids come from the environment. They are neutral on purpose (docs/product.md): no drug name, no
// brand, no reading — anyone who sees the phone learns only that a reminder is due — and one SMS
// long: 【signature】 + text ≤ 70 characters. The only parameter is a time of day.

export const SMS_PURPOSES = ["dose", "follow_up", "family_missed", "family_urgent"] as const;
export type SmsPurpose = (typeof SMS_PURPOSES)[number];

/** The approved body of each template; `{1}` is the time of day, "08:00". */
export const SMS_TEXTS: Record<SmsPurpose, string> = {
  dose: "您设置的{1}用药提醒时间到了，请按时用药。",
  follow_up: "您{1}的用药还没有记录，如已用药请在小程序里记一下。",
  family_missed: "您关注的家人{1}的用药还没有记录，方便时请关心一下。",
  family_urgent: "您关注的家人在{1}记录了一次需要关注的测量结果，请尽快联系。",
};

/** One SMS: Tencent counts 【signature】 and body together, 70 characters at most. */
export const SMS_MAX_CHARS = 70;
/** Tencent allows signatures of 2–12 characters. */
export const SMS_MAX_SIGN_CHARS = 12;

const length = (s: string) => Array.from(s).length;

/** The body with its parameters filled in, as the phone shows it after the signature. */
export function renderSms(text: string, params: readonly string[]): string {
  return text.replace(/\{(\d+)\}/g, (m, n: string) => params[Number(n) - 1] ?? m);
}

/** Characters of the whole message as Tencent bills it: 【sign】 + body. */
export function smsChars(signName: string, body: string): number {
  return length(`【${signName}】${body}`);
}

/** Parameters for a purpose: every template takes the local time of day, "HH:MM". */
export function smsParams(purpose: SmsPurpose, time: string): string[] {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw new Error(`SMS ${purpose}: not a time of day: ${time}`);
  return [time];
}
