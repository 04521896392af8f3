// The one small queue contract the reminder fan-out needs (ADR 0016). Cloudflare Queues fit it
// as they are (a Queue binding's sendBatch; a consumer's Message with ack/retry); on Node,
// local-queue.ts implements it over a libSQL table with the same delivery rules: at least once,
// a batch handler that throws gets its un-acked messages again, `retry({ delaySeconds })` waits,
// and a message that has used up its retries goes to the dead-letter queue.

/** What the cron run hands to the consumers. */
export type ReminderJob =
  /** reminder_sends ids, claimed "queued" by the producer; each patient once per template. */
  | { type: "send"; ids: number[] }
  /** One pass of the family notices (family/notices.ts claims its own rows). */
  | { type: "family" }
  /**
   * Find the dose reminders and follow-ups due at the cron's minute `at` for patients with ids in
   * (after, until] (`until` null: to the last), claim and enqueue them (producer.ts findRange).
   */
  | FindJob;

export interface FindJob {
  type: "find";
  at: number;
  after: string;
  until: string | null;
}

export interface QueueMessage<T> {
  readonly id: string;
  readonly body: T;
  /** Deliveries including this one (Cloudflare: `attempts`, starting at 1). */
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

/** The producer's side: what a Cloudflare Queue binding offers (at most 100 messages per call). */
export interface JobQueue<T> {
  sendBatch(messages: Iterable<{ body: T }>): Promise<unknown>;
}

/** Messages per sendBatch call (Cloudflare's limit). */
export const SEND_BATCH_MAX = 100;

/** The queue settings wrangler.toml declares; local-queue.ts uses the same numbers. */
export const QUEUE_SETTINGS = {
  /** Messages a consumer invocation receives at once. */
  maxBatchSize: 10,
  /** Seconds a partly filled batch waits for more. */
  maxBatchTimeout: 1,
  /** Retries before a message goes to the dead-letter queue. */
  maxRetries: 10,
} as const;
