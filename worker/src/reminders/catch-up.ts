// After a cron outage. The producer claims what fell due in its send window (the last 30
// minutes); a slot that fell due while no producer ran at all (Cloudflare missed the cron, the
// Node server was down for an hour) would never be claimed and so never recorded. A watermark in
// scheduler_state — every dose and follow-up slot due at or before it has been claimed or
// recorded — lets the next run record the gap: slots older than the window become rows
// "expired" (a dose reminder hours late is wrong; silence is worse), a page of minutes at a time
// and a bounded number of pages per run, so a gap of days is recorded over a few runs, never in
// one invocation over its CPU limit. Refills, revisits and tips are not slots of a minute: each
// has a window of hours (due-supply.ts, due.ts) and the next run inside it still sends them.
import { MS_PER_MINUTE } from "@steady/shared";
import { eq, sql } from "drizzle-orm";
import { schedulerState } from "../db/schema";
import type { Db } from "../env";
import { type ClaimContext, claimRows } from "./claim";
import { type DueReminder, dueDoseReminderPages } from "./due";
import type { SchedulerOptions } from "./options";

/** scheduler_state key: the last minute up to which every dose and follow-up slot is claimed. */
export const COVERED_UNTIL_KEY = "reminders_covered_until";

export const MISSED_ERROR = "fell due while the reminder service was not running: recorded, not sent late";

export interface CatchUpOptions {
  /** Minutes of the gap recorded per page (≤ 720: one plan time occurs at most once in a page). */
  catchUpPageMinutes: number;
  /** Pages per run at most … */
  catchUpPagesPerRun: number;
  /** … and no further page once a run has examined this many patients. */
  catchUpPatientsPerRun: number;
}

export const DEFAULT_CATCH_UP: CatchUpOptions = {
  // Never a wider stretch at once than a normal run's send window.
  catchUpPageMinutes: 30,
  // 6 hours per minute's run: a day's outage is recorded within 4 runs.
  catchUpPagesPerRun: 12,
  catchUpPatientsPerRun: 5_000,
};

export interface CatchUpReport {
  /** Slots recorded "expired" this run. */
  missed: number;
  /** Where the watermark stands after the run. */
  coveredUntil: number;
}

/** The watermark, or null on a database no producer has run on yet. */
export async function coveredUntil(db: Db): Promise<number | null> {
  const [row] = await db.select().from(schedulerState).where(eq(schedulerState.key, COVERED_UNTIL_KEY));
  return row?.value ?? null;
}

/** Moves the watermark to `to`, never back (overlapping runs may finish in any order). */
export async function advanceCoveredUntil(db: Db, to: number): Promise<void> {
  await db
    .insert(schedulerState)
    .values({ key: COVERED_UNTIL_KEY, value: to })
    .onConflictDoUpdate({
      target: schedulerState.key,
      set: { value: sql`max(${schedulerState.value}, excluded.value)` },
    });
}

interface Pass {
  ctx: ClaimContext;
  zones: string[];
  opts: SchedulerOptions & CatchUpOptions;
  pageSize: number;
}

/**
 * Records the slots due in (watermark, `windowStart`] as "expired", up to this run's bound, and
 * moves the watermark page by page (a run that dies keeps what it recorded; the unique key makes
 * a repeated page harmless). A first run on a new database starts at the window: nothing before
 * it was ever due under this service, so no years of "expired" rows are invented.
 */
export async function recordMissed(pass: Pass, windowStart: number): Promise<CatchUpReport> {
  const { db } = pass.ctx;
  let from = (await coveredUntil(db)) ?? windowStart;
  let missed = 0;
  let examined = 0;
  const pageMs = Math.min(720, Math.max(1, pass.opts.catchUpPageMinutes)) * MS_PER_MINUTE;
  for (let page = 0; from < windowStart && page < pass.opts.catchUpPagesPerRun; page++) {
    if (examined >= pass.opts.catchUpPatientsPerRun) break;
    const to = Math.min(from + pageMs, windowStart);
    const got = await recordPage(pass, from, to);
    missed += got.missed;
    examined += got.examined;
    await advanceCoveredUntil(db, to);
    from = to;
  }
  return { missed, coveredUntil: from };
}

/** One page: the dose and follow-up slots due in (from, to], not claimed and not logged. */
async function recordPage(
  pass: Pass,
  from: number,
  to: number,
): Promise<{ missed: number; examined: number }> {
  const { ctx, zones, opts, pageSize } = pass;
  const span = { ...opts, sendWindowMinutes: (to - from) / MS_PER_MINUTE };
  let missed = 0;
  let examined = 0;
  for (const kind of ["dose", "follow_up"] as const) {
    if (!ctx.templates.has(kind)) continue;
    for await (const page of dueDoseReminderPages(ctx.db, kind, zones, to, span, pageSize)) {
      examined += page.examined;
      missed += await recordExpired(ctx, page.due);
    }
  }
  return { missed, examined };
}

async function recordExpired(ctx: ClaimContext, due: DueReminder[]): Promise<number> {
  if (!due.length) return 0;
  const { inserted, unbuildable } = await claimRows(ctx, due, { status: "expired", error: MISSED_ERROR });
  return inserted - unbuildable;
}
