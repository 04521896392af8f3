// Tables behind the trust boundaries (issue 11): the outbox of messages sent to people (invite
// links go only to the invitee, never through a rep's screen) and the per-client login limiter.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const ms = (name: string) => integer(name);

/**
 * Every message handed to the mail/SMS adapter. In dev mode the outbox is the delivery (listed at
 * GET /api/v1/dev/outbox); in production a mail relay drains it. Rows hold a live link, so they
 * are never returned by any non-dev route.
 */
export const outbox = sqliteTable("outbox", {
  id: text("id").primaryKey(),
  channel: text("channel", { enum: ["email", "sms"] }).notNull(),
  recipient: text("recipient").notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  createdAt: ms("created_at").notNull(),
});

/**
 * Failed logins per client address in a fixed window (Node; on Cloudflare the Workers rate
 * limiting binding does this). One row per key, changed by a single UPSERT … RETURNING so a
 * parallel burst is counted exactly.
 */
export const loginLimits = sqliteTable("login_limits", {
  key: text("key").primaryKey(),
  windowStart: ms("window_start").notNull(),
  count: integer("count").notNull(),
});
