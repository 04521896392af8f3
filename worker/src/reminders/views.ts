// What the patient sees of their reminders (the mini-program's Today and Me pages), and whether
// any channel can reach a patient at all (for their doctor).
import { and, count, desc, eq, gt, inArray } from "drizzle-orm";
import { reminderReach, reminderSends, smsContacts } from "../db/schema";
import type { Db } from "../env";
import { type QuotaView, quotaViews } from "./quota";
import { getPrefs, prefsVersion, type ReminderPrefs } from "./settings";
import { loadTemplates } from "./templates";

/** Fewer reminders left than this and the Today page offers to top up. */
export const LOW_QUOTA = 3;
const WEEK_MS = 7 * 24 * 3600_000;

export type Reachability = "reachable" | "unreachable" | "off";
export type ReminderStatus = "ok" | "low" | "empty" | "off" | "unavailable";

/**
 * docs/product.md: a patient no channel reaches is "unreachable" to their doctor. `sms`: they gave a phone
 * number and consent to SMS (and SMS is set up), so SMS takes over when WeChat quota runs out.
 */
export function reachability(
  prefs: ReminderPrefs,
  doseQuota: QuotaView | undefined,
  sms = false,
): Reachability {
  if (!prefs.enabled) return "off";
  if (doseQuota && (doseQuota.longTerm || (doseQuota.remaining ?? 0) > 0)) return "reachable";
  if (sms) return "reachable";
  return "unreachable";
}

export async function patientReminderView(db: Db, patientId: string, now: number) {
  const templates = await loadTemplates(db);
  const prefs = await getPrefs(db, patientId);
  const quota = await quotaViews(db, patientId, templates);
  const doseTemplate = templates.get("dose");
  const doseQuota = quota.find((q) => q.templateId === doseTemplate?.templateId);
  const remindersLeft = doseQuota ? doseQuota.remaining : 0; // null: long-term, no count
  const [unsent] = await db
    .select({ n: count() })
    .from(reminderSends)
    .where(
      and(
        eq(reminderSends.patientId, patientId),
        inArray(reminderSends.status, ["no_quota", "refused"]),
        gt(reminderSends.dueAt, now - WEEK_MS),
      ),
    );
  const [last] = await db
    .select({ kind: reminderSends.kind, sentAt: reminderSends.sentAt })
    .from(reminderSends)
    .where(and(eq(reminderSends.patientId, patientId), eq(reminderSends.status, "sent")))
    .orderBy(desc(reminderSends.sentAt))
    .limit(1);
  const [sms] = await db
    .select({ consent: smsContacts.consent, phone: smsContacts.phone })
    .from(smsContacts)
    .where(eq(smsContacts.patientId, patientId));
  const [reach] = await db.select().from(reminderReach).where(eq(reminderReach.patientId, patientId));
  const status: ReminderStatus = !prefs.enabled
    ? "off"
    : !doseTemplate
      ? "unavailable"
      : remindersLeft === null || remindersLeft >= LOW_QUOTA
        ? "ok"
        : remindersLeft > 0
          ? "low"
          : "empty";
  return {
    settings: prefs,
    /** Optimistic concurrency of `settings` (ADR 0011): If-Match for PATCH /me/reminders. */
    version: await prefsVersion(db, patientId),
    /** ok · low (offer a top-up) · empty (no reminder can be sent) · off · unavailable (not set up). */
    status,
    /** WeChat reminders left for doses; null when the template is long-term. */
    remindersLeft,
    /** The patient had reminders and has used them up, or WeChat refused one (43101). */
    quotaExhausted:
      status === "empty" && Boolean(doseQuota && (doseQuota.acceptedTotal > 0 || doseQuota.refusedAt)),
    /** Reminders that could not be sent in the last 7 days for lack of a subscription. */
    unsentLast7Days: unsent?.n ?? 0,
    lastSentAt: last?.sentAt ? new Date(last.sentAt).toISOString() : null,
    /** Template ids to pass to `wx.requestSubscribeMessage` (WeChat allows 3 per call). */
    subscribeTemplateIds: [...new Set([...templates.values()].map((t) => t.templateId))],
    templates: [...templates.values()].map((t) => ({
      purpose: t.purpose,
      templateId: t.templateId,
      longTerm: t.longTerm,
    })),
    quota,
    /** SMS takes over when WeChat quota runs out (where the programme sends SMS). */
    sms: { consent: sms?.consent ?? false, phoneGiven: Boolean(sms?.phone) },
    /** How the last dose reminder went: the channel, or why none could carry it. */
    lastReminder: reach
      ? {
          reached: reach.reachable,
          channel: reach.channel,
          wechat: reach.wechat,
          sms: reach.sms,
          at: new Date(reach.at).toISOString(),
        }
      : null,
  };
}
