// Cloudflare Queues' delivery rules over a libSQL table, for the Node server (`pnpm start`, no
// Cloudflare account): a restart loses nothing, since a job is a row until it is acked. A poller
// leases up to `maxBatchSize` visible jobs (their `visibleAt` moves past the lease), hands them to
// the batch handler as QueueMessages, then deletes the acked ones and makes the others visible
// again: after `delaySeconds` for a retry, at once when the handler threw. A job delivered more
// than `maxRetries` + 1 times moves to the dead-letter queue (same table, another queue name).
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { jobQueue } from "../db/schema";
import type { Db } from "../env";
import { type JobQueue, QUEUE_SETTINGS, type QueueMessage } from "./queue";

export interface LocalQueueOptions {
  maxBatchSize: number;
  maxRetries: number;
  /** A leased job not settled within this comes back (the process died holding it). */
  leaseMs: number;
  /** How often an idle poller looks for work. */
  pollMs: number;
}

export const DEFAULT_LOCAL_QUEUE: LocalQueueOptions = {
  maxBatchSize: QUEUE_SETTINGS.maxBatchSize,
  maxRetries: QUEUE_SETTINGS.maxRetries,
  leaseMs: 5 * 60_000,
  pollMs: 250,
};

/** The producer's side: `sendBatch` inserts rows (one statement per 100 rows of 4 parameters … fine on libSQL). */
export function localQueue<T>(
  db: Db,
  name: string,
  clock: () => number = Date.now,
): JobQueue<T> & { name: string } {
  return {
    name,
    async sendBatch(messages) {
      const now = clock();
      const rows = [...messages].map((m) => ({ queue: name, body: m.body, visibleAt: now, createdAt: now }));
      if (rows.length) await db.insert(jobQueue).values(rows);
    },
  };
}

export interface LocalConsumer<T> {
  queue: string;
  /** Where exhausted jobs go; none: they are dropped after the last retry (the DLQ's own consumer). */
  deadLetterQueue?: string;
  handle(messages: QueueMessage<T>[]): Promise<unknown>;
}

/** One poll: leases a batch, runs the handler, settles every job. Returns how many it received. */
export async function pollOnce<T>(
  db: Db,
  consumer: LocalConsumer<T>,
  options: Partial<LocalQueueOptions> = {},
  clock: () => number = Date.now,
): Promise<number> {
  const o = { ...DEFAULT_LOCAL_QUEUE, ...options };
  const now = clock();
  const due = db
    .select({ id: jobQueue.id })
    .from(jobQueue)
    .where(and(eq(jobQueue.queue, consumer.queue), lte(jobQueue.visibleAt, now)))
    .orderBy(asc(jobQueue.visibleAt), asc(jobQueue.id))
    .limit(o.maxBatchSize);
  // One statement: two pollers never lease the same job (the second sees the new visibleAt).
  const leased = await db
    .update(jobQueue)
    .set({ visibleAt: now + o.leaseMs, attempts: sql`${jobQueue.attempts} + 1` })
    .where(and(inArray(jobQueue.id, due), lte(jobQueue.visibleAt, now)))
    .returning();
  if (!leased.length) return 0;
  leased.sort((a, b) => a.id - b.id);
  const settled = new Map<number, { ack: true } | { ack: false; delayMs: number }>();
  const messages: QueueMessage<T>[] = leased.map((row) => ({
    id: String(row.id),
    body: row.body as T,
    attempts: row.attempts,
    ack: () => void settled.set(row.id, { ack: true }),
    retry: (opt) => void settled.set(row.id, { ack: false, delayMs: (opt?.delaySeconds ?? 0) * 1000 }),
  }));
  let threw = false;
  try {
    await consumer.handle(messages);
  } catch (e) {
    threw = true;
    console.error(`queue ${consumer.queue}: batch failed, un-acked messages come again`, e);
  }
  const t = clock();
  const acked: number[] = [];
  for (const row of leased) {
    // As on Cloudflare: a handler that returns acks what it left unsettled; one that throws retries it.
    const s = settled.get(row.id) ?? (threw ? { ack: false as const, delayMs: 0 } : { ack: true as const });
    if (s.ack) acked.push(row.id);
    else if (row.attempts > o.maxRetries) {
      if (consumer.deadLetterQueue)
        await db
          .update(jobQueue)
          .set({ queue: consumer.deadLetterQueue, visibleAt: t, attempts: 0 })
          .where(eq(jobQueue.id, row.id));
      else acked.push(row.id);
    } else
      await db
        .update(jobQueue)
        .set({ visibleAt: t + s.delayMs })
        .where(eq(jobQueue.id, row.id));
  }
  if (acked.length) await db.delete(jobQueue).where(inArray(jobQueue.id, acked));
  return leased.length;
}

/**
 * Polls until stopped: straight on while there is work, every `pollMs` when idle. Returns a stop
 * function that waits for the batch in hand.
 */
export function startLocalConsumer<T>(
  db: Db,
  consumer: LocalConsumer<T>,
  options: Partial<LocalQueueOptions> = {},
  clock: () => number = Date.now,
): () => Promise<void> {
  const o = { ...DEFAULT_LOCAL_QUEUE, ...options };
  let stopped = false;
  let wake: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loop = (async () => {
    while (!stopped) {
      let n = 0;
      try {
        n = await pollOnce(db, consumer, o, clock);
      } catch (e) {
        console.error(`queue ${consumer.queue}: poll failed`, e);
      }
      if (n === 0 && !stopped)
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, o.pollMs);
          timer.unref?.();
        });
    }
  })();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    wake?.();
    await loop;
  };
}
