// The background jobs, wired in one place (issue 16) for both runtimes: what runs every minute
// on Workers (the cron trigger's `scheduled` handler) and what the Node server starts beside the
// API. The reminder queue's consumers are the Worker's `queue` handler (reminders/host.ts
// queueRun) and, on Node, part of the reminder job.
import type { Settings } from "../config-env";
import type { Config, Db } from "../env";
import { refreshProgrammeOnce, startProgrammeRefresher } from "../programme/refresher";
import { type ReminderTimerOptions, scheduledRun, startReminderTimer } from "../reminders/host";
import type { JobQueue, ReminderJob } from "../reminders/queue";
import { refreshDueSnapshots, startTriageRefresher, WORKER_REFRESH_LIMIT } from "../triage/snapshot-store";

export interface WorkerJobContext {
  db: Db;
  settings: Settings;
  mode: Config["mode"];
  reminderQueue: JobQueue<ReminderJob>;
}

interface Job {
  name: string;
  /** One cron invocation's share of the work on Workers. */
  worker(ctx: WorkerJobContext): Promise<unknown>;
  /** Starts the job in the Node server; returns a stop function that waits for work in hand. */
  node(o: ReminderTimerOptions): Promise<() => Promise<void>>;
}

export const JOBS: readonly Job[] = [
  {
    // Find what is due, enqueue it; the consumer sends (ADR 0016).
    name: "reminders",
    worker: (c) => scheduledRun(c.db, c.settings, c.mode, c.reminderQueue),
    node: (o) => startReminderTimer(o),
  },
  {
    // Stale programme figures for the rep and programme dashboards (ADR 0013).
    name: "programme figures",
    worker: (c) => refreshProgrammeOnce(c.db, Date.now()),
    node: async (o) => startProgrammeRefresher({ db: o.db, clock: o.clock }),
  },
  {
    // Triage snapshots recomputed in the background (ADR 0006).
    name: "triage snapshots",
    worker: (c) => refreshDueSnapshots(c.db, Date.now(), WORKER_REFRESH_LIMIT),
    node: async (o) => startTriageRefresher({ db: o.db, clock: o.clock }),
  },
];

/** The cron trigger: every job's minute, each kept alive by `waitUntil`, failures logged. */
export function runWorkerJobs(ctx: WorkerJobContext, waitUntil: (p: Promise<unknown>) => void): void {
  for (const job of JOBS)
    waitUntil(job.worker(ctx).catch((e) => console.error(`background job "${job.name}" failed`, e)));
}

/** The Node server: starts every job; the returned function stops them all and waits. */
export async function startNodeJobs(o: ReminderTimerOptions): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (const job of JOBS) stops.push(await job.node(o));
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
