// The queue side of the fan-out (ADR 0016). A delivery carries reminder_sends ids the producer
// claimed "queued". The consumer takes each row from "queued" (or "retry") to "sending" by
// compare-and-set — so a redelivered message finds the rows it already sent as "sent" and sends
// nothing twice — then reserves quota, sends and records through the send steps (send-steps.ts).
// A message is acked once its outcomes are recorded. WeChat's rate limits (45009, 45011) and busy
// answers (-1) become `retry({ delaySeconds })`; a message that uses up its retries reaches the
// dead-letter consumer, which records it for the programme admin.
import { localDateOf, localTimeOf } from "@steady/shared";
import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { noIndex } from "../db/no-index";
import { patients, reminderDeadLetters, reminderSends } from "../db/schema";
import type { Db } from "../env";
import type { SmsSender } from "../sms/sender";
import { runFamilyNotices } from "./family-notices";
import { DEFAULT_OPTIONS, type SchedulerOptions } from "./options";
import type { QueueMessage, ReminderJob } from "./queue";
import {
  backoffUntil,
  type Claimed,
  chunk,
  type Reservation,
  reserveSendRecord,
  type SendContext,
  type SendCounts,
} from "./send-steps";
import type { ReminderSender } from "./sender";
import { templatesForRun } from "./templates";

/** The longest delay Cloudflare Queues allow on `retry()` (12 hours). */
const MAX_RETRY_DELAY_S = 43_200;

export interface ConsumerDeps {
  db: Db;
  clock: () => number;
  sender: ReminderSender;
  sms?: SmsSender | null;
  /**
   * Called after a message's outcomes are recorded and before it is acked. Tests throw here to
   * play a consumer that dies mid-batch.
   */
  afterRecord?: (message: QueueMessage<ReminderJob>) => void | Promise<void>;
  /** Sends recorded together (SENDS_PER_RECORD); at least the message's share of `concurrency`. */
  sendsPerRecord?: number;
  /** How long a "sending" row stays its consumer's (SENDING_LEASE_MS). */
  sendingLeaseMs?: number;
}

/**
 * A message's sends go out in steps of this many, each step's outcomes recorded before the next
 * step starts: a consumer that dies can have sent, unrecorded, at most one step (ADR 0016,
 * "Delivery guarantees"). More steps cost more statements (one record batch each).
 */
export const SENDS_PER_RECORD = 10;

/**
 * A row a consumer took to "sending" is its own for this long; after it, the consumer is taken
 * for dead and a redelivery sends the row again. Longer than any live consumer holds a row
 * (Cloudflare stops a queue consumer after 15 minutes of wall time).
 */
export const SENDING_LEASE_MS = 15 * 60_000;

export interface ConsumeReport extends SendCounts {
  /** Rows of the delivered messages no longer "queued"/"retry": already dealt with (redelivery). */
  already: number;
  /** Reached the consumer after their send window: recorded "expired", not sent late. */
  expired: number;
  /** Rows another consumer holds "sending" under a live lease: the message comes back after it. */
  held: number;
  /** Messages handed back to the queue with a delay. */
  retried: number;
  family: number;
}

type Templates = Awaited<ReturnType<typeof templatesForRun>>;

export const emptyReport = (): ConsumeReport => ({
  sent: 0,
  sms: 0,
  noQuota: 0,
  refused: 0,
  failed: 0,
  retry: 0,
  already: 0,
  expired: 0,
  held: 0,
  retried: 0,
  family: 0,
});

/** One delivery of a batch. Throws only if the batch should be redelivered (un-acked messages). */
export async function consumeReminderBatch(
  deps: ConsumerDeps,
  messages: readonly QueueMessage<ReminderJob>[],
  options: Partial<SchedulerOptions> = {},
): Promise<ConsumeReport> {
  const base = { ...DEFAULT_OPTIONS, ...options };
  // The batch's messages run side by side: together they keep `concurrency` sends in flight.
  const opts = {
    ...base,
    concurrency: Math.max(1, Math.ceil(base.concurrency / Math.max(1, messages.length))),
  };
  const report = emptyReport();
  const templates = await templatesForRun(deps.db);
  const one = async (message: QueueMessage<ReminderJob>) => {
    const body = message.body;
    // Find jobs (split find) go to the finder: queue-handler.ts routes them before this.
    if (body.type === "find") throw new Error("a find job reached the send consumer");
    if (body.type === "family") {
      const n = await runFamilyNotices({
        db: deps.db,
        clock: deps.clock,
        sender: deps.sender,
        sms: deps.sms,
      });
      report.family += n.wechat + n.sms;
    } else {
      const waitMs = await consumeSend(deps, body.ids, templates, opts, report);
      if (waitMs > 0) {
        report.retried++;
        // Cloudflare Queues delay a retry by at most 12 hours (a wait for WeChat's daily quota
        // can be longer: the message comes back, finds the wait, and is put back again).
        message.retry({ delaySeconds: Math.min(MAX_RETRY_DELAY_S, Math.max(1, Math.ceil(waitMs / 1000))) });
        return;
      }
    }
    await deps.afterRecord?.(message);
    message.ack();
  };
  // The messages of a batch go out side by side (each holds different patients); every one is
  // settled before the batch ends, and a failure then fails the batch (its un-acked messages
  // come again).
  const settled = await Promise.allSettled(messages.map(one));
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return report;
}

/** Sends one message's rows; returns how long to wait before the message comes again (0: done). */
async function consumeSend(
  deps: ConsumerDeps,
  ids: number[],
  templates: Templates,
  opts: SchedulerOptions,
  report: ConsumeReport,
): Promise<number> {
  const { db } = deps;
  const now = deps.clock();
  // While WeChat asks everyone to wait, the message waits too (its rows stay as they are).
  if (deps.sender.channel === "wechat") {
    const until = await backoffUntil(db);
    if (until > now) return until - now;
  }
  const leaseMs = deps.sendingLeaseMs ?? SENDING_LEASE_MS;
  const { expired, held, taken } = await claim(db, ids, now, now - opts.sendWindowMinutes * 60_000, leaseMs);
  report.expired += expired;
  report.held += held.count;
  report.already += ids.length - expired - taken.length - held.count;
  // Rows another consumer holds come back with the message once its lease has run out: sent by
  // then (found "sent"), or that consumer died and this delivery sends them.
  const heldWaitMs = held.count ? Math.max(1000, (held.latest ?? now) + leaseMs - now) : 0;
  if (!taken.length) return heldWaitMs;
  const claimed = await claimedOf(db, taken, templates, now, report);
  const ctx: SendContext = {
    db,
    sender: deps.sender,
    sms: deps.sms ?? null,
    now,
    clock: deps.clock,
    opts,
    report,
    state: { stopped: false },
    idsPerStatement: Math.max(1, opts.maxBoundParams - 10),
  };
  // Step by step, each step's outcomes recorded before the next step is sent (see SENDS_PER_RECORD).
  const step = Math.max(deps.sendsPerRecord ?? SENDS_PER_RECORD, opts.concurrency);
  let retryWaitMs = 0;
  const parts = chunk(claimed, step);
  let pre: Reservation | undefined;
  for (const [i, part] of parts.entries()) {
    // Each step's record batch also reserves the next step's quota (one commit a step).
    const r = await reserveSendRecord(ctx, part, pre, parts[i + 1]);
    if (r.retryIds.length) retryWaitMs = Math.max(retryWaitMs, r.retryAfterMs, 1000);
    pre = r.next;
  }
  return Math.max(retryWaitMs, heldWaitMs);
}

/**
 * One batch: rows past their send window → "expired"; rows "sending" under a live lease are
 * counted (someone else's); rows "queued"/"retry", and rows whose "sending" lease ran out (their
 * consumer died), → "sending" under a new lease, by compare-and-set. A row taken back from a
 * dead consumer counts an attempt: its first send may or may not have reached WeChat.
 */
export function claimStatements(db: Db, ids: number[], now: number, windowStart: number, leaseMs: number) {
  const s = reminderSends;
  // The ids pick the rows (primary key); `status` only filters them: see noIndex.
  const status = noIndex(s.status);
  const stale = and(eq(status, "sending"), or(isNull(s.sendingAt), lte(s.sendingAt, now - leaseMs)));
  const open = or(inArray(status, ["queued", "retry"]), stale);
  return [
    db
      .update(s)
      .set({ status: "expired", error: "reached the consumer after its send window", updatedAt: now })
      .where(and(inArray(s.id, ids), open, lte(s.dueAt, windowStart)))
      .returning({ id: s.id }),
    db
      .select({ count: sql<number>`count(*)`, latest: sql<number | null>`max(${s.sendingAt})` })
      .from(s)
      .where(and(inArray(s.id, ids), eq(status, "sending"), gt(s.sendingAt, now - leaseMs))),
    db
      .update(s)
      .set({
        status: "sending",
        sendingAt: now,
        attempts: sql`CASE WHEN ${s.status} = 'queued' THEN ${s.attempts} ELSE ${s.attempts} + 1 END`,
        updatedAt: now,
      })
      .where(and(inArray(s.id, ids), open, gt(s.dueAt, windowStart)))
      .returning(),
  ] as const;
}

async function claim(db: Db, ids: number[], now: number, windowStart: number, leaseMs: number) {
  const [expired, held, taken] = (await db.batch(claimStatements(db, ids, now, windowStart, leaseMs))) as [
    { id: number }[],
    { count: number; latest: number | null }[],
    (typeof reminderSends.$inferSelect)[],
  ];
  return { expired: expired.length, held: held[0] ?? { count: 0, latest: null }, taken };
}

/** The rows as the send steps take them; a row whose template changed since is recorded failed. */
async function claimedOf(
  db: Db,
  rows: (typeof reminderSends.$inferSelect)[],
  templates: Templates,
  now: number,
  report: ConsumeReport,
): Promise<Claimed[]> {
  const people = new Map(
    (
      await db
        .select({ id: patients.id, openid: patients.openid, timezone: patients.timezone })
        .from(patients)
        .where(
          inArray(
            patients.id,
            rows.map((r) => r.patientId),
          ),
        )
    ).map((p) => [p.id, p]),
  );
  const claimed: Claimed[] = [];
  const unusable: number[] = [];
  for (const r of rows) {
    const template = templates.get(r.kind);
    const who = people.get(r.patientId);
    if (!template || !r.message || !who || template.templateId !== r.templateId) {
      unusable.push(r.id);
      continue;
    }
    claimed.push({
      id: r.id,
      kind: r.kind,
      patientId: r.patientId,
      openid: who.openid,
      // Time-zone arithmetic is not free: worked out only where read (SMS text, the console).
      get localTime() {
        return localTimeOf(r.scheduledAt, who.timezone);
      },
      template,
      message: r.message,
      attempts: r.attempts,
      get label() {
        return rowLabel(r, who.timezone);
      },
    });
  }
  if (unusable.length) {
    report.failed += unusable.length;
    await db
      .update(reminderSends)
      .set({ status: "failed", error: "the template changed before the send", updatedAt: now })
      .where(inArray(reminderSends.id, unusable));
  }
  return claimed;
}

const KIND_WORDS = {
  dose: "dose",
  follow_up: "follow-up",
  tip: "weekly tip",
  refill: "refill",
  revisit: "revisit",
};

/** For the console: who, what (the message's first field: the drug and dose for a dose) and when. */
function rowLabel(r: typeof reminderSends.$inferSelect, tz: string): string {
  const what = Object.values(r.message?.data ?? {})[0] ?? "";
  const when = `${localDateOf(r.scheduledAt, tz)} ${localTimeOf(r.scheduledAt, tz)} ${tz}`;
  const retry = r.attempts > 1 ? ` (attempt ${r.attempts})` : "";
  return `patient ${r.patientId.slice(0, 8)} ${KIND_WORDS[r.kind]} ${what} @ ${when}${retry}`;
}

/**
 * The dead-letter consumer: each message the queue gave up on is recorded for the programme
 * admin (reminder_dead_letters), and its sends still open are marked "failed" — visible in the
 * patient's reminder history, never left as "queued".
 */
export async function consumeDeadLetters(
  deps: { db: Db; clock: () => number },
  messages: readonly QueueMessage<ReminderJob>[],
): Promise<number> {
  const { db } = deps;
  for (const message of messages) {
    const t = deps.clock();
    const ids = message.body.type === "send" ? message.body.ids : [];
    const rows = ids.length
      ? await db
          .select({
            errcode: reminderSends.errcode,
            error: reminderSends.error,
            attempts: reminderSends.attempts,
          })
          .from(reminderSends)
          .where(inArray(reminderSends.id, ids))
      : [];
    const last = rows.find((r) => r.error != null);
    // The sends' own attempts count the deliveries that reached WeChat; the DLQ's count starts anew.
    const attempts = Math.max(message.attempts, ...rows.map((r) => r.attempts));
    const error = last?.error ?? "the queue gave up after its retries";
    await db.batch([
      db.insert(reminderDeadLetters).values({
        messageId: message.id,
        job: message.body.type,
        sendIds: ids,
        attempts,
        errcode: last?.errcode ?? null,
        error,
        at: t,
      }),
      db
        .update(reminderSends)
        .set({
          status: "failed",
          error: `dead letter: ${error}`.slice(0, 500),
          nextAttemptAt: null,
          updatedAt: t,
        })
        .where(
          and(
            inArray(reminderSends.id, ids.length ? ids : [-1]),
            inArray(noIndex(reminderSends.status), ["queued", "retry", "sending"]),
          ),
        ),
    ]);
    message.ack();
  }
  return messages.length;
}
