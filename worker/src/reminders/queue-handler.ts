// One delivery of the reminder queue, on both runtimes (the Worker's `queue` handler, the Node
// server's poller): find jobs (split find, ADR 0016) go to the finder, which claims and enqueues
// send jobs on the same queue; send and family jobs go to the consumer.
import { type ConsumeReport, type ConsumerDeps, consumeReminderBatch, emptyReport } from "./consumer";
import { type FindReport, findRange, type ProducerOptions } from "./producer";
import type { FindJob, JobQueue, QueueMessage, ReminderJob } from "./queue";

export interface BatchReport extends ConsumeReport {
  /** Send ids the batch's finders claimed and enqueued. */
  found: number;
}

export async function handleReminderBatch(
  deps: ConsumerDeps & { queue: JobQueue<ReminderJob> },
  messages: readonly QueueMessage<ReminderJob>[],
  options: Partial<ProducerOptions> = {},
): Promise<BatchReport> {
  const finds = messages.filter((m): m is QueueMessage<FindJob> => m.body.type === "find");
  const rest = messages.filter((m) => m.body.type !== "find");
  const report: BatchReport = {
    ...(rest.length ? await consumeReminderBatch(deps, rest, options) : emptyReport()),
    found: 0,
  };
  // One finder at a time: each is CPU-bound on its range (~10,000 patients).
  for (const message of finds) {
    let found: FindReport;
    try {
      found = await findRange(deps, message.body, options);
    } catch (e) {
      // Its claims so far stand (and are enqueued); the rest comes with the retry.
      console.error(
        `reminder finder for patients (${message.body.after}, ${message.body.until ?? "…"}] failed`,
        e,
      );
      message.retry();
      continue;
    }
    report.found += found.queued;
    message.ack();
  }
  return report;
}
