// The cron side of the fan-out (ADR 0016): find what is due, claim each message as "queued"
// under its unique key (patient, kind, slot) and hand the claimed ids to the queue. No sending
// here, and no per-run bound: everything due this minute is claimed and enqueued, a page of
// patients at a time (keyset on patients.id). What the queue then fails to deliver in time is
// recorded "expired" by the consumer, what it gives up on lands in the dead-letter table, and
// what fell due while no producer ran is recorded "expired" by the next one (catch-up.ts) —
// never silence.
import { MS_PER_MINUTE } from "@steady/shared";
import { and, eq, gt, inArray, lt } from "drizzle-orm";
import { reminderSends } from "../db/schema";
import type { Db } from "../env";
import { advanceCoveredUntil, type CatchUpOptions, DEFAULT_CATCH_UP, recordMissed } from "./catch-up";
import { type ClaimContext, claimRows, PARAMS_PER_ROW, slices } from "./claim";
import { type DueReminder, dueDoseReminderPages, dueTips, patientZones } from "./due";
import { dueRefills, dueRevisits } from "./due-supply";
import { DEFAULT_OPTIONS, type SchedulerOptions } from "./options";
import { type JobQueue, type ReminderJob, SEND_BATCH_MAX } from "./queue";
import type { ReminderSender } from "./sender";
import { templatesForRun } from "./templates";

export interface ProducerDeps {
  db: Db;
  clock: () => number;
  /** Only its channel is used here: the row records where the message is meant to go. */
  sender: Pick<ReminderSender, "channel">;
  queue: JobQueue<ReminderJob>;
}

export interface ProducerOptions extends SchedulerOptions, CatchUpOptions {
  /** Patients per keyset page of the due query. */
  pageSize: number;
  /** Send ids per queue message (each patient once per template within one message). */
  idsPerMessage: number;
  /** A "queued" row older than this is enqueued again (its message was lost before the queue). */
  requeueAfterMs: number;
}

export const DEFAULT_PRODUCER_OPTIONS: ProducerOptions = {
  ...DEFAULT_OPTIONS,
  ...DEFAULT_CATCH_UP,
  pageSize: 500,
  // One message's ids fit one statement of D1's 100 parameters.
  idsPerMessage: 50,
  requeueAfterMs: 10 * 60_000,
};

export interface ProduceReport {
  at: string;
  examined: number;
  /** Messages claimed and handed to the queue this run. */
  queued: number;
  /** Queue messages sent (send jobs). */
  messages: number;
  /** Found due but already claimed (by an earlier run or an overlapping one). */
  taken: number;
  /** Messages that could not be built (recorded "failed": our bug, never retried). */
  failed: number;
  /** "queued" rows found orphaned and enqueued again. */
  requeued: number;
  /** Slots that fell due while no producer ran (a cron outage), recorded "expired" this run. */
  missed: number;
  /** Every dose and follow-up slot due up to here is claimed or recorded (the watermark). */
  coveredUntil: string;
}

export async function enqueueDue(
  deps: ProducerDeps,
  options: Partial<ProducerOptions> = {},
): Promise<ProduceReport> {
  const opts = { ...DEFAULT_PRODUCER_OPTIONS, ...options };
  const now = deps.clock();
  const report: ProduceReport = {
    at: new Date(now).toISOString(),
    examined: 0,
    queued: 0,
    messages: 0,
    taken: 0,
    failed: 0,
    requeued: 0,
    missed: 0,
    coveredUntil: "",
  };
  const templates = await templatesForRun(deps.db);
  const ctx: ClaimContext = {
    db: deps.db,
    now,
    templates,
    sender: deps.sender,
    rowsPerInsert: Math.max(1, Math.floor(opts.maxBoundParams / PARAMS_PER_ROW)),
  };
  const zones = templates.size ? await patientZones(deps.db) : [];
  if (templates.size) await claimDue(deps, ctx, zones, opts, report);
  // The window covers slots due after `windowStart`; whatever fell due before it and was never
  // claimed (no producer ran) is recorded now, after this minute's reminders are on their way.
  const minute = Math.floor(now / MS_PER_MINUTE) * MS_PER_MINUTE;
  const windowStart = minute - opts.sendWindowMinutes * MS_PER_MINUTE;
  const caught = await recordMissed({ ctx, zones, opts, pageSize: opts.pageSize }, windowStart);
  report.missed = caught.missed;
  const covered = caught.coveredUntil >= windowStart ? minute : caught.coveredUntil;
  if (covered === minute) await advanceCoveredUntil(deps.db, minute);
  report.coveredUntil = new Date(covered).toISOString();
  report.requeued = await requeueOrphans(deps, now, opts);
  // The family notices run in a consumer too, one job per minute (they claim their own rows).
  await deps.queue.sendBatch([{ body: { type: "family" } }]);
  return report;
}

/** Claims everything due in the send window and enqueues it, a page of patients at a time. */
async function claimDue(
  deps: ProducerDeps,
  ctx: ClaimContext,
  zones: string[],
  opts: ProducerOptions,
  report: ProduceReport,
): Promise<void> {
  const { db, now, templates } = ctx;
  const hand = async (due: DueReminder[]) => {
    const ready = due.filter((d) => templates.has(d.kind));
    if (!ready.length) return;
    const { claimed, inserted, unbuildable } = await claimRows(ctx, ready, { status: "queued" });
    report.taken += ready.length - inserted;
    report.failed += unbuildable;
    report.queued += claimed.length;
    const groups = slices(claimed, (c) => `${c.patientId}|${c.template.templateId}`, opts.idsPerMessage);
    report.messages += await enqueue(
      deps.queue,
      groups.map((g) => g.map((c) => c.id)),
    );
  };
  for (const kind of ["dose", "follow_up"] as const) {
    if (!templates.has(kind)) continue;
    for await (const page of dueDoseReminderPages(db, kind, zones, now, opts, opts.pageSize)) {
      report.examined += page.examined;
      await hand(page.due);
    }
  }
  // Refills, revisits and tips are a few per patient per week: one pass each.
  const all = Number.MAX_SAFE_INTEGER;
  if (templates.has("refill")) await hand(await dueRefills(db, zones, now, all));
  if (templates.has("revisit")) await hand(await dueRevisits(db, zones, now, all));
  if (templates.has("tip")) await hand(await dueTips(db, zones, now, opts, all));
}

/** Sends the id groups as queue messages, at most SEND_BATCH_MAX per call; returns how many. */
async function enqueue(queue: JobQueue<ReminderJob>, groups: number[][]): Promise<number> {
  for (let i = 0; i < groups.length; i += SEND_BATCH_MAX) {
    await queue.sendBatch(
      groups.slice(i, i + SEND_BATCH_MAX).map((ids) => ({ body: { type: "send" as const, ids } })),
    );
  }
  return groups.length;
}

/**
 * Rows claimed "queued" whose message never reached the queue (the run died between the insert
 * and sendBatch): enqueued again after `requeueAfterMs`, a keyset page at a time. A duplicate
 * message is harmless: the consumer takes a row only while it is still "queued".
 */
async function requeueOrphans(deps: ProducerDeps, now: number, opts: ProducerOptions): Promise<number> {
  const { db } = deps;
  let after = 0;
  let total = 0;
  for (;;) {
    const rows = await db
      .select({
        id: reminderSends.id,
        patientId: reminderSends.patientId,
        templateId: reminderSends.templateId,
      })
      .from(reminderSends)
      .where(
        and(
          eq(reminderSends.status, "queued"),
          lt(reminderSends.updatedAt, now - opts.requeueAfterMs),
          gt(reminderSends.id, after),
        ),
      )
      .orderBy(reminderSends.id)
      .limit(opts.pageSize);
    if (!rows.length) return total;
    after = (rows[rows.length - 1] as { id: number }).id;
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += opts.maxBoundParams - 2) {
      await db
        .update(reminderSends)
        .set({ updatedAt: now })
        .where(
          and(
            inArray(reminderSends.id, ids.slice(i, i + opts.maxBoundParams - 2)),
            eq(reminderSends.status, "queued"),
          ),
        );
    }
    total += rows.length;
    await enqueue(
      deps.queue,
      slices(rows, (r) => `${r.patientId}|${r.templateId}`, opts.idsPerMessage).map((g) =>
        g.map((r) => r.id),
      ),
    );
  }
}
