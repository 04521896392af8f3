// Requests of the reminder routes (docs/product.md): subscription results from the mini-program,
// the patient's reminder settings, and the clinician's view of a patient's reminder history.
import * as z from "zod/mini";
import { clientId, queryInstant } from "./schemas";

/**
 * One result of `wx.requestSubscribeMessage` for one template: WeChat answers "accept",
 * "reject", "ban" or "filter"; a result starting with "accept" is consent to one message.
 * `id` (a client UUID) makes a retried report count once.
 */
export const subscriptionBody = z.object({
  id: z.optional(clientId),
  templateId: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(128)),
  result: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(32)),
});

export const REMINDER_LOCALES = ["zh-CN", "en"] as const;

export const reminderSettingsPatch = z
  .object({
    /** Off: no reminder, follow-up or tip is sent at all. */
    enabled: z.optional(z.boolean()),
    followUps: z.optional(z.boolean()),
    weeklyTips: z.optional(z.boolean()),
    followUpDelayMinutes: z.optional(
      z.number().check(z.int("expected whole minutes"), z.gte(15), z.lte(180)),
    ),
    locale: z.optional(z.enum(REMINDER_LOCALES)),
    /** Days before a plan's tablets run out that the refill reminder comes (default 7). */
    refillLeadDays: z.optional(z.number().check(z.int("expected whole days"), z.gte(1), z.lte(30))),
  })
  .check(
    z.refine((b) => Object.values(b).some((v) => v !== undefined), {
      message: "change at least one setting",
      path: [],
    }),
  );

export const reminderHistoryQuery = z.object({
  from: z.optional(queryInstant),
  to: z.optional(queryInstant),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, "expected a whole number")),
      z.pipe(
        z.transform((s: string) => Number(s)),
        z.number().check(z.gte(1), z.lte(500)),
      ),
    ),
  ),
});

export type SubscriptionBody = z.infer<typeof subscriptionBody>;
export type ReminderSettingsPatch = z.infer<typeof reminderSettingsPatch>;

/** GET /programme/reminder-dead-letters: newest first, `before` an id from the last page. */
export const deadLetterQuery = z.object({
  before: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, "expected a whole number")),
      z.transform((s: string) => Number(s)),
    ),
  ),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, "expected a whole number")),
      z.pipe(
        z.transform((s: string) => Number(s)),
        z.number().check(z.gte(1), z.lte(200)),
      ),
    ),
  ),
});
