// The cron side of the fan-out (ADR 0016): find what is due, claim each message as "queued"
// under its unique key (patient, kind, slot) and hand the claimed ids to the queue. No sending
// here, and no per-run bound: everything due this minute is claimed and enqueued, a page of
// patients at a time (keyset on patients.id). What the queue then fails to deliver in time is
// recorded "expired" by the consumer, what it gives up on lands in the dead-letter table, and
// what fell due while no producer ran is recorded "expired" by the next one (catch-up.ts) —
// never silence.
import { MS_PER_MINUTE } from "@steady/shared";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { noIndex } from "../db/no-index";
import { reminderSends } from "../db/schema";
import type { Db } from "../env";
import { advanceCoveredUntil, type CatchUpOptions, DEFAULT_CATCH_UP, recordMissed } from "./catch-up";
import { type ClaimContext, claimRows, PARAMS_PER_ROW, slices } from "./claim";
import {
  ALL_PATIENTS,
  type DueReminder,
  dueDoseReminderPages,
  dueTips,
  type PatientRange,
  patientZones,
} from "./due";
import { dueRefills, dueRevisits } from "./due-supply";
import { DEFAULT_OPTIONS, type SchedulerOptions } from "./options";
import { type FindJob, type JobQueue, type ReminderJob, SEND_BATCH_MAX } from "./queue";
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
  /**
   * More patients than this: the cron does not find the dose reminders itself but sends one find
   * message per range of this many patient ids, and finder consumers claim them (ADR 0016, "split
   * find"), so no one invocation has to find the whole 08:00 peak within its CPU limit.
   */
  findRangeSize: number;
}

export const DEFAULT_PRODUCER_OPTIONS: ProducerOptions = {
  ...DEFAULT_OPTIONS,
  ...DEFAULT_CATCH_UP,
  pageSize: 500,
  // One message's ids fit one statement of D1's 100 parameters.
  idsPerMessage: 50,
  requeueAfterMs: 10 * 60_000,
  findRangeSize: 10_000,
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
  /** Find messages sent (split find: 0 when this run found the dose reminders itself). */
  finds: number;
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
    finds: 0,
    missed: 0,
    coveredUntil: "",
  };
  const templates = await templatesForRun(deps.db);
  const ctx = claimContext(deps, templates, now, opts);
  const zones = templates.size ? await patientZones(deps.db) : [];
  if (templates.size) {
    const ranges = Number.isFinite(opts.findRangeSize)
      ? await patientRanges(deps.db, opts.findRangeSize)
      : [ALL_PATIENTS];
    if (ranges.length > 1) report.finds = await enqueueFinds(deps.queue, now, ranges);
    else await claimDoses(deps, ctx, zones, opts, report, { at: now, range: ALL_PATIENTS });
    await claimOthers(deps, ctx, zones, opts, report);
  }
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

function claimContext(
  deps: ProducerDeps,
  templates: ClaimContext["templates"],
  now: number,
  opts: ProducerOptions,
): ClaimContext {
  return {
    db: deps.db,
    now,
    templates,
    sender: deps.sender,
    rowsPerInsert: Math.max(1, Math.floor(opts.maxBoundParams / PARAMS_PER_ROW)),
  };
}

type Counts = Pick<ProduceReport, "examined" | "queued" | "messages" | "taken" | "failed">;

/** Claims the due messages, then enqueues the claimed ids in groups (each patient once per template). */
async function hand(
  deps: ProducerDeps,
  ctx: ClaimContext,
  due: DueReminder[],
  opts: ProducerOptions,
  report: Counts,
) {
  const ready = due.filter((d) => ctx.templates.has(d.kind));
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
}

/**
 * Claims the dose reminders and follow-ups due in the send window ending at `at`, for a range of
 * patients, a page of patients at a time.
 */
async function claimDoses(
  deps: ProducerDeps,
  ctx: ClaimContext,
  zones: string[],
  opts: ProducerOptions,
  report: Counts,
  of: { at: number; range: PatientRange },
): Promise<void> {
  for (const kind of ["dose", "follow_up"] as const) {
    if (!ctx.templates.has(kind)) continue;
    for await (const page of dueDoseReminderPages(
      ctx.db,
      kind,
      zones,
      of.at,
      opts,
      opts.pageSize,
      of.range,
    )) {
      report.examined += page.examined;
      await hand(deps, ctx, page.due, opts, report);
    }
  }
}

/** Refills, revisits and tips are a few per patient per week: one pass each, in the cron run. */
async function claimOthers(
  deps: ProducerDeps,
  ctx: ClaimContext,
  zones: string[],
  opts: ProducerOptions,
  report: Counts,
): Promise<void> {
  const { db, now, templates } = ctx;
  const all = Number.MAX_SAFE_INTEGER;
  if (templates.has("refill")) await hand(deps, ctx, await dueRefills(db, zones, now, all), opts, report);
  if (templates.has("revisit")) await hand(deps, ctx, await dueRevisits(db, zones, now, all), opts, report);
  if (templates.has("tip")) await hand(deps, ctx, await dueTips(db, zones, now, opts, all), opts, report);
}

/**
 * Ranges of `size` patient ids, by keyset: (after, until] each, the last open-ended. One range
 * when there are no more patients than that (the cron then finds them itself).
 */
export async function patientRanges(db: Db, size: number): Promise<PatientRange[]> {
  const ranges: PatientRange[] = [];
  let after = "";
  for (;;) {
    const [edge] = await db.all<{ id: string }>(
      sql`SELECT id FROM patients WHERE id > ${after} ORDER BY id LIMIT 1 OFFSET ${Math.max(0, size - 1)}`,
    );
    if (!edge) break;
    ranges.push({ after, until: edge.id });
    after = edge.id;
  }
  ranges.push({ after, until: null });
  return ranges;
}

async function enqueueFinds(
  queue: JobQueue<ReminderJob>,
  at: number,
  ranges: PatientRange[],
): Promise<number> {
  const jobs: FindJob[] = ranges.map((r) => ({ type: "find", at, after: r.after, until: r.until }));
  for (let i = 0; i < jobs.length; i += SEND_BATCH_MAX)
    await queue.sendBatch(jobs.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body })));
  return jobs.length;
}

export type FindReport = Counts;

/**
 * A finder (split find): the cron's page loop for one range of patients, at the cron's minute
 * (`job.at`), so every finder covers the same window however late the queue delivers it. The
 * claim's unique key makes a redelivered or overlapping finder harmless; a row claimed late is
 * recorded "expired" by the consumer, as any late message.
 */
export async function findRange(
  deps: ProducerDeps,
  job: FindJob,
  options: Partial<ProducerOptions> = {},
): Promise<FindReport> {
  const opts = { ...DEFAULT_PRODUCER_OPTIONS, ...options };
  const report: FindReport = { examined: 0, queued: 0, messages: 0, taken: 0, failed: 0 };
  const templates = await templatesForRun(deps.db);
  if (!templates.size) return report;
  const ctx = claimContext(deps, templates, deps.clock(), opts);
  const zones = await patientZones(deps.db);
  await claimDoses(deps, ctx, zones, opts, report, { at: job.at, range: job });
  return report;
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
            eq(noIndex(reminderSends.status), "queued"),
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
