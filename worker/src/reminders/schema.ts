// Tables of the reminder scheduler (docs/product.md): what was sent for which slot, the patient's
// subscription quota per WeChat template, their reminder settings, and the templates in use; and
// of the fan-out (ADR 0016): the dead letters the programme admin sees, and the Node server's
// durable job queue (the libSQL stand-in for Cloudflare Queues, so a restart loses nothing).
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { patients } from "../db/schema";

const ms = (name: string) => integer(name);
const flag = (name: string) => integer(name, { mode: "boolean" });

// The kinds and send statuses are vocabulary the portal shows too: one list, in @steady/shared.
import { REMINDER_KINDS, SEND_STATUSES } from "@steady/shared";

export type { ReminderKind, SendStatus } from "@steady/shared";
export { REMINDER_KINDS, SEND_STATUSES };

export interface SentMessage {
  page: string;
  lang: "zh_CN" | "en_US";
  data: Record<string, string>;
}

export const reminderSends = sqliteTable(
  "reminder_sends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    /** `planId@scheduledAt` for a dose and its follow-up; `YYYY-Www` (local ISO week) for a tip. */
    slotKey: text("slot_key").notNull(),
    planId: text("plan_id"),
    /** The dose slot (tips: the instant the tip fell due). */
    scheduledAt: ms("scheduled_at").notNull(),
    /** When this message was due: the slot, the slot + follow-up delay, or the tip's hour. */
    dueAt: ms("due_at").notNull(),
    channel: text("channel", { enum: ["wechat", "sms", "console", "none"] }).notNull(),
    templateId: text("template_id"),
    /** What was (or would have been) sent: template data, page and language, for retries and history. */
    message: text("message", { mode: "json" }).$type<SentMessage>(),
    status: text("status", { enum: SEND_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(1),
    nextAttemptAt: ms("next_attempt_at"),
    errcode: integer("errcode"),
    error: text("error"),
    claimedAt: ms("claimed_at").notNull(),
    /**
     * When a queue consumer took the row to "sending": its lease. A row still "sending" a lease
     * later belongs to a consumer that died, and a redelivery sends it again (ADR 0016).
     */
    sendingAt: ms("sending_at"),
    sentAt: ms("sent_at"),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    // The one guarantee that matters: one message per slot and kind, whatever runs overlap.
    uniqueIndex("reminder_sends_slot").on(t.patientId, t.kind, t.slotKey),
    index("reminder_sends_patient_time").on(t.patientId, t.dueAt),
    index("reminder_sends_due").on(t.kind, t.dueAt),
    index("reminder_sends_retry").on(t.status, t.nextAttemptAt),
  ],
);

/** Messages a patient may still receive per template (one per one-time acceptance). */
export const subscriptionQuota = sqliteTable(
  "subscription_quota",
  {
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    templateId: text("template_id").notNull(),
    remaining: integer("remaining").notNull().default(0),
    /** A long-term template: one acceptance allows messages until WeChat says otherwise. */
    longTerm: flag("long_term").notNull().default(false),
    acceptedTotal: integer("accepted_total").notNull().default(0),
    lastAcceptedAt: ms("last_accepted_at"),
    /** WeChat answered 43101 (the patient turned the template off or has no acceptance left). */
    refusedAt: ms("refused_at"),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.templateId] })],
);

/** Each result the mini-program reported from `wx.requestSubscribeMessage`, as received. */
export const subscriptionGrants = sqliteTable(
  "subscription_grants",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    templateId: text("template_id").notNull(),
    result: text("result").notNull(),
    accepted: flag("accepted").notNull(),
    at: ms("at").notNull(),
    requestJson: text("request_json").notNull(),
  },
  (t) => [index("subscription_grants_patient").on(t.patientId, t.at)],
);

/** A patient's reminder choices; no row means the defaults (all on, 60-minute follow-up). */
export const reminderSettings = sqliteTable("reminder_settings", {
  patientId: text("patient_id")
    .primaryKey()
    .references(() => patients.id, { onDelete: "cascade" }),
  enabled: flag("enabled").notNull().default(true),
  followUps: flag("follow_ups").notNull().default(true),
  weeklyTips: flag("weekly_tips").notNull().default(true),
  followUpDelayMin: integer("follow_up_delay_min"),
  /** Days before the run-out the refill reminder comes; null: the default (7). */
  refillLeadDays: integer("refill_lead_days"),
  locale: text("locale"),
  updatedAt: ms("updated_at").notNull(),
  /** Optimistic concurrency (ADR 0011); no row means version 0 (the defaults, never edited). */
  version: integer("version").notNull().default(1),
});

/**
 * The WeChat subscribe-message templates in use, per purpose (set up by an admin, or from the
 * environment at start-up). `fields` maps what we say (drug, time, note…) to the template's
 * keywords (thing1, time2…); the keyword's type decides WeChat's length rule.
 */
export const reminderTemplates = sqliteTable("reminder_templates", {
  purpose: text("purpose", { enum: REMINDER_KINDS }).primaryKey(),
  templateId: text("template_id").notNull(),
  longTerm: flag("long_term").notNull().default(false),
  fields: text("fields", { mode: "json" }).$type<Record<string, string>>().notNull(),
  page: text("page").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

/** Small shared state of the scheduler, e.g. a WeChat back-off that all runs must respect. */
export const schedulerState = sqliteTable("scheduler_state", {
  key: text("key").primaryKey(),
  value: integer("value").notNull(),
});

/** One dead-lettered queue message: the sends it carried and why they could not go. */
export const reminderDeadLetters = sqliteTable(
  "reminder_dead_letters",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The queue's message id (Cloudflare) or the job row id (Node). */
    messageId: text("message_id").notNull(),
    /** "send" or "family". */
    job: text("job").notNull(),
    /** reminder_sends ids the message carried (JSON array; empty for a family run). */
    sendIds: text("send_ids", { mode: "json" }).$type<number[]>().notNull(),
    /** Deliveries the queue made before giving up. */
    attempts: integer("attempts").notNull(),
    /** The last WeChat errcode recorded on those sends, when there was one. */
    errcode: integer("errcode"),
    error: text("error"),
    at: ms("at").notNull(),
  },
  (t) => [index("reminder_dead_letters_at").on(t.at)],
);

/**
 * The Node server's queue: a job becomes visible at `visibleAt`; a consumer leases it by moving
 * `visibleAt` past its lease, and deletes it on ack. `queue` names the queue (main or dead letter).
 */
export const jobQueue = sqliteTable(
  "job_queue",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    queue: text("queue").notNull(),
    body: text("body", { mode: "json" }).$type<unknown>().notNull(),
    /** Deliveries so far. */
    attempts: integer("attempts").notNull().default(0),
    visibleAt: ms("visible_at").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("job_queue_visible").on(t.queue, t.visibleAt, t.id)],
);
