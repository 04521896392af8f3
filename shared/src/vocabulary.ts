// The words both apps, exports and reports use for the same things: the conditions, the units
// of readings, what became of a dose, a reminder send or a safety case. One place, so "2 型糖尿病"
// or "漏服" cannot be spelt three ways again: each status has one word per language (and, like the
// conditions, a plain one where patients read it). The apps put these words in their i18next
// dictionaries (`vocabularyEntries`) and render from there. Words that belong to one screen stay
// in that app's dictionary; consent versions are never here (the server says which text is
// current: GET /enrol/:code, /me, /me/sms).
import type { PatientCondition } from "./conditions";
import type { CaseStatus } from "./safety-schemas";
import type { Locale, SlotStatus } from "./types";

export interface ConditionWords {
  /** In full, for clinicians, exports and reports. */
  full: string;
  /** In a list cell or a badge. */
  short: string;
  /** As a patient says it (the mini-program's enrolment question). */
  plain: string;
}

export const CONDITION_WORDS: Record<Locale, Record<PatientCondition, ConditionWords>> = {
  "zh-CN": {
    hypertension: { full: "高血压", short: "高血压", plain: "高血压" },
    diabetes: { full: "2 型糖尿病", short: "糖尿病", plain: "2 型糖尿病" },
    both: { full: "高血压 + 2 型糖尿病", short: "高血压+糖尿病", plain: "两种都有" },
  },
  en: {
    hypertension: { full: "Hypertension", short: "HTN", plain: "High blood pressure" },
    diabetes: { full: "Type 2 diabetes", short: "T2D", plain: "Type 2 diabetes" },
    both: { full: "Hypertension + type 2 diabetes", short: "HTN + T2D", plain: "Both" },
  },
};

/** Units of the readings as shown (glucose is stored in mmol/L; mg/dL only as typed in). */
export const UNITS = { bp: "mmHg", glucose: "mmol/L", glucoseMgDl: "mg/dL" } as const;

/** refill: N days before a plan's tablets run out; revisit: the day before a visit and that morning. */
export const REMINDER_KINDS = ["dose", "follow_up", "tip", "refill", "revisit"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * What became of one reminder send (worker/src/reminders/schema.ts stores it):
 * queued    claimed by the cron run and handed to the queue (ADR 0016); a consumer sends it
 * sending   claimed by a consumer, message on its way; `sending_at` is its lease: a consumer that
 *           died leaves it, and after the lease it is sent again (ADR 0016, decision 6)
 * sent      delivered to the channel
 * retry     WeChat asked us to slow down or was busy; a later run may try again (`nextAttemptAt`)
 * no_quota  no channel could reach the patient (no acceptance left for the template)
 * refused   WeChat answered 43101: the patient has no subscription (quota set to 0)
 * failed    WeChat rejected the request (our data or configuration), or the outcome is unknown
 * expired   a retry, or a queued message, that ran out of its send window, or a slot that fell due
 *           while no producer ran (ADR 0018): recorded, never sent late, never silent
 */
export const SEND_STATUSES = [
  "queued",
  "sending",
  "sent",
  "retry",
  "no_quota",
  "refused",
  "failed",
  "expired",
] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/** Words of one status: for clinicians (portal, exports) and as a patient reads it (mini-program). */
export interface StatusWords {
  full: string;
  plain: string;
}

/**
 * A day of the diary calendar (用药日记) by what became of its doses, in order of precedence: any
 * missed dose marks the day missed, then skipped, then still to take, then all taken.
 */
export const DIARY_DAY_STATES = ["missed", "skipped", "pending", "taken", "none"] as const;
export type DiaryDayState = (typeof DIARY_DAY_STATES)[number];

/** One glyph per day, so the calendar reads without colour (and printed in black and white). */
export const DIARY_MARKS: Record<DiaryDayState, string> = {
  missed: "✗",
  skipped: "–",
  pending: "○",
  taken: "✓",
  none: "·",
};

/** The state of a day from its counts (GET /me/diary, /patients/:id/diary). */
export function diaryDayState(d: { missed: number; skipped: number; pending: number; due: number }) {
  if (d.missed > 0) return "missed";
  if (d.skipped > 0) return "skipped";
  if (d.pending > 0) return "pending";
  if (d.due > 0) return "taken";
  return "none";
}

/** Dose words: a slot of today (due, upcoming, taken, skipped) and a day of the diary. */
export const DOSE_WORDS: Record<Locale, Record<SlotStatus | DiaryDayState, StatusWords>> = {
  "zh-CN": {
    due: { full: "待服", plain: "该吃了" },
    upcoming: { full: "未到时间", plain: "还没到时间" },
    taken: { full: "已服", plain: "已服用" },
    skipped: { full: "跳过", plain: "已跳过" },
    missed: { full: "漏服", plain: "漏服" },
    pending: { full: "待服", plain: "还没到 / 待服" },
    none: { full: "无需服药", plain: "不用吃药" },
  },
  en: {
    due: { full: "due", plain: "Due now" },
    upcoming: { full: "upcoming", plain: "Later" },
    taken: { full: "taken", plain: "Taken" },
    skipped: { full: "skipped", plain: "Skipped" },
    missed: { full: "missed", plain: "missed" },
    pending: { full: "pending", plain: "not yet / pending" },
    none: { full: "none due", plain: "none due" },
  },
};

/** The glyph before a slot's status on the today card. */
export const SLOT_MARKS: Record<SlotStatus, string> = { taken: "✓", skipped: "—", due: "●", upcoming: "○" };

/** The diary's legend: each day's glyph and its word ("all taken" for a day where every dose was). */
export function diaryLegend(locale: Locale, register: keyof StatusWords): string {
  const allTaken = {
    "zh-CN": { full: "全部已服", plain: "都吃了" },
    en: { full: "all taken", plain: "all taken" },
  };
  const order: DiaryDayState[] = ["taken", "missed", "skipped", "pending", "none"];
  const word = (s: DiaryDayState) =>
    s === "taken"
      ? allTaken[locale][register]
      : s === "missed" || s === "skipped"
        ? `${locale === "zh-CN" ? "有" : ""}${DOSE_WORDS[locale][s].full}`
        : DOSE_WORDS[locale][s][register];
  return order.map((s) => `${DIARY_MARKS[s]} ${word(s)}`).join("　");
}

/** What became of a reminder send, as the clinician's reminder history shows it. */
export const SEND_STATUS_WORDS: Record<Locale, Record<SendStatus, string>> = {
  "zh-CN": {
    queued: "排队中",
    sending: "发送中",
    sent: "已送达",
    retry: "待重试",
    no_quota: "无提醒次数",
    refused: "患者未订阅",
    failed: "发送失败",
    expired: "已过期",
  },
  en: {
    queued: "queued",
    sending: "sending",
    sent: "delivered",
    retry: "to retry",
    no_quota: "no quota",
    refused: "not subscribed",
    failed: "failed",
    expired: "expired",
  },
};

/** The status of a safety case (ADR 0010). */
export const CASE_STATUS_WORDS: Record<Locale, Record<CaseStatus, string>> = {
  "zh-CN": {
    new: "新病例",
    triaged: "已分诊",
    awaiting_follow_up: "等待随访",
    forwarded: "已转发",
    acknowledged: "MAH 已确认",
    not_forwarded: "不转发",
  },
  en: {
    new: "New",
    triaged: "Triaged",
    awaiting_follow_up: "Awaiting follow-up",
    forwarded: "Forwarded",
    acknowledged: "Acknowledged by MAH",
    not_forwarded: "Not forwarded",
  },
};

/**
 * Vocabulary as dictionary entries: `vocabularyEntries("reminders.status", SEND_STATUS_WORDS["zh-CN"])`
 * gives `{ "reminders.status.sent": "已送达", … }`, typed key by key for the app's `t()`.
 */
export function vocabularyEntries<P extends string, K extends string>(
  prefix: P,
  words: Record<K, string>,
): Record<`${P}.${K}`, string> {
  return Object.fromEntries(Object.entries(words).map(([k, v]) => [`${prefix}.${k}`, v])) as Record<
    `${P}.${K}`,
    string
  >;
}
