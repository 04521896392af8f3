// Tables of the reminder fan-out (ADR 0016): what the dead-letter queue received (the programme
// admin's view of reminders that could not be handed over after every retry), and the Node
// server's durable job queue (the libSQL stand-in for Cloudflare Queues, so a restart loses nothing).
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const ms = (name: string) => integer(name);

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
