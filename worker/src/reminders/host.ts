// Running the scheduler where the API runs: a minute timer in the local Node server, the cron
// trigger's `scheduled` handler on Workers. Both send through WeChat when credentials are set
// (WECHAT_API_BASE may point at the fake server) and print to the console otherwise; SMS goes
// through Tencent Cloud when configured (sms/config.ts), printed in local mode otherwise. The
// notices to family members (family-notices.ts) go through the same queue.
import type { Settings } from "../config-env";
import type { Config, Db } from "../env";
import { smsFromSettings } from "../sms/config";
import type { SmsSender } from "../sms/sender";
import { createWechatClient, type FullWechatClient, type WechatTransport } from "../wechat/client";
import { type ConsumeReport, consumeDeadLetters, emptyReport } from "./consumer";
import { ensureFamilyTemplate, familyTemplateFromSettings } from "./family-templates";
import { type LocalConsumer, localQueue, pollOnce, startLocalConsumer } from "./local-queue";
import type { SchedulerOptions } from "./options";
import { enqueueDue, type ProduceReport, type ProducerOptions } from "./producer";
import type { JobQueue, QueueMessage, ReminderJob } from "./queue";
import { handleReminderBatch } from "./queue-handler";
import { consoleSender, type ReminderSender, wechatSender } from "./sender";
import { ensureReminderTemplates, templatesFromSettings } from "./templates";

/** The WeChat client for the settings, or null without credentials. */
export function wechatFromSettings(
  s: Settings,
  clock: () => number = Date.now,
  transport?: WechatTransport,
): FullWechatClient | null {
  if (!s.WECHAT_APPID) return null;
  return createWechatClient({
    ...(transport ? { transport } : {}),
    baseUrl: s.WECHAT_API_BASE,
    appId: s.WECHAT_APPID,
    appSecret: s.WECHAT_SECRET ?? "",
    miniprogramState: s.WECHAT_MINIPROGRAM_STATE,
    clock,
  });
}

export function senderFor(wechat: FullWechatClient | null, log: (line: string) => void): ReminderSender {
  return wechat ? wechatSender(wechat) : consoleSender(log);
}

/** One line for the log: what a minute's deliveries did (nothing printed when nothing happened). */
export function summary(at: string, r: ConsumeReport, p?: ProduceReport): string | null {
  const parts = Object.entries({
    sent: r.sent,
    "by SMS": r.sms,
    unreachable: r.noQuota,
    refused: r.refused,
    failed: r.failed + (p?.failed ?? 0),
    retry: r.retry,
    expired: r.expired,
    "missed while no run was going (recorded expired)": p?.missed ?? 0,
  })
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  if (r.retried) parts.push(`${r.retried} queue message(s) retried later (WeChat busy or rate limit)`);
  if (r.family) parts.push(`${r.family} family notices`);
  return parts.length ? `[reminders ${at}] ${parts.join(", ")}` : null;
}

/** Adds one delivery's counts to a running total. */
function add(total: ConsumeReport, r: ConsumeReport): void {
  for (const k of Object.keys(total) as (keyof ConsumeReport)[]) total[k] += r[k];
}

/** Queue names: the same on Cloudflare (wrangler.toml) and in the Node server's job table. */
export const REMINDER_QUEUE = "steady-reminders";
export const REMINDER_DLQ = "steady-reminders-dlq";

/**
 * The Node server's libSQL binds up to 32,766 parameters per statement (fewer, larger statements
 * are much faster), and Node has no Workers limit on open connections: bigger, wider runs.
 */
export const NODE_SCHEDULER_OPTIONS: Partial<SchedulerOptions> = {
  maxBoundParams: 3000,
  concurrency: 16,
};

/**
 * Node: bigger pages and messages (libSQL binds thousands of parameters; no Workers limits), and
 * no split find (one process: finders on the same poller would only add messages).
 */
export const NODE_PRODUCER_OPTIONS: Partial<ProducerOptions> = {
  ...NODE_SCHEDULER_OPTIONS,
  pageSize: 2000,
  idsPerMessage: 200,
  findRangeSize: Number.POSITIVE_INFINITY,
};

/** The Node server's consumers: the same handlers as the Worker's `queue` export, on the job table. */
export function nodeConsumers(
  deps: { db: Db; clock: () => number; sender: ReminderSender; sms: SmsSender | null },
  onReport: (r: ConsumeReport) => void = () => {},
): { main: LocalConsumer<ReminderJob>; dead: LocalConsumer<ReminderJob> } {
  return {
    main: {
      queue: REMINDER_QUEUE,
      deadLetterQueue: REMINDER_DLQ,
      handle: async (messages) =>
        onReport(
          await handleReminderBatch(
            { ...deps, queue: localQueue<ReminderJob>(deps.db, REMINDER_QUEUE, deps.clock) },
            messages,
            NODE_PRODUCER_OPTIONS,
          ),
        ),
    },
    dead: { queue: REMINDER_DLQ, handle: (messages) => consumeDeadLetters(deps, messages) },
  };
}

export interface ReminderTimerOptions {
  db: Db;
  clock: () => number;
  settings: Settings;
  mode: Config["mode"];
  /** The server's WeChat client (shares its token cache), or null to print sends. */
  wechat: FullWechatClient | null;
  quiet?: boolean;
}

/**
 * Every minute (and once at start): the producer enqueues what is due on the libSQL job queue and
 * the consumer drains it, the same code as on Cloudflare. A background poller picks up delayed
 * retries and the dead-letter queue. Returns a stop function. STEADY_REMINDERS=0 turns it off.
 * A pass still going when the next minute starts is not doubled up here (and would be harmless:
 * sends are claimed in the database).
 */
export async function startReminderTimer(o: ReminderTimerOptions): Promise<() => Promise<void>> {
  if (!o.settings.STEADY_REMINDERS) return async () => {};
  const log = o.quiet ? () => {} : (line: string) => console.log(line);
  await ensureReminderTemplates(o.db, templatesFromSettings(o.settings, o.mode), o.clock());
  await ensureFamilyTemplate(o.db, familyTemplateFromSettings(o.settings, o.mode), o.clock());
  const sender = senderFor(o.wechat, log);
  const sms = smsFromSettings(o.settings, o.mode, { clock: o.clock, log });
  const queue = localQueue<ReminderJob>(o.db, REMINDER_QUEUE, o.clock);
  let total = emptyReport();
  const consumers = nodeConsumers({ db: o.db, clock: o.clock, sender, sms }, (r) => add(total, r));
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      const produced = await enqueueDue({ db: o.db, clock: o.clock, sender, queue }, NODE_PRODUCER_OPTIONS);
      // Drain what this minute enqueued before reporting (delayed retries wait for the poller).
      while ((await pollOnce(o.db, consumers.main, {}, o.clock)) > 0) {}
      const line = summary(produced.at, total, produced);
      total = emptyReport();
      if (line) log(line);
    })()
      .catch((e) => console.error("reminder run failed", e))
      .finally(() => {
        running = null;
      });
  };
  const stopMain = startLocalConsumer(o.db, consumers.main, { pollMs: 1000 }, o.clock);
  const stopDead = startLocalConsumer(o.db, consumers.dead, { pollMs: 5000 }, o.clock);
  let interval: ReturnType<typeof setInterval> | undefined;
  const first = setTimeout(
    () => {
      tick();
      interval = setInterval(tick, 60_000);
      interval.unref?.();
    },
    60_000 - (Date.now() % 60_000),
  );
  first.unref?.();
  tick();
  /** Stops the timer and the pollers, waiting for work in hand, so the database can be closed after. */
  return async () => {
    stopped = true;
    clearTimeout(first);
    if (interval) clearInterval(interval);
    await running;
    await Promise.all([stopMain(), stopDead()]);
  };
}

let isolate: {
  settings: Settings;
  wechat: FullWechatClient | null;
  sms: SmsSender | null;
  templatesReady: boolean;
} | null = null;

/** The isolate's clients (the WeChat token is kept for the isolate's life) and templates set up once. */
async function isolateFor(db: Db, settings: Settings, mode: Config["mode"]) {
  if (isolate?.settings !== settings)
    isolate = {
      settings,
      wechat: wechatFromSettings(settings),
      sms: smsFromSettings(settings, mode),
      templatesReady: false,
    };
  if (!isolate.templatesReady) {
    await ensureReminderTemplates(db, templatesFromSettings(settings, mode), Date.now());
    await ensureFamilyTemplate(db, familyTemplateFromSettings(settings, mode), Date.now());
    isolate.templatesReady = true;
  }
  return isolate;
}

/** One cron invocation on Workers: find what is due and enqueue it (the queue consumer sends). */
export async function scheduledRun(
  db: Db,
  settings: Settings,
  mode: Config["mode"],
  queue: JobQueue<ReminderJob>,
): Promise<ProduceReport> {
  const i = await isolateFor(db, settings, mode);
  const sender = senderFor(i.wechat, (line) => console.log(line));
  const report = await enqueueDue({ db, clock: Date.now, sender, queue });
  if (report.queued || report.requeued || report.missed || report.finds)
    console.log(
      `[reminders ${report.at}] ${report.queued} queued in ${report.messages} messages, ${report.finds} find messages, ${report.requeued} requeued, ${report.missed} missed while no run was going (recorded expired; covered until ${report.coveredUntil})`,
    );
  return report;
}

/**
 * One delivery of the Worker's `queue` handler: the reminder queue (its finders enqueue sends on
 * `queue`) or its dead-letter queue.
 */
export async function queueRun(
  db: Db,
  settings: Settings,
  mode: Config["mode"],
  queueName: string,
  messages: readonly QueueMessage<ReminderJob>[],
  queue: JobQueue<ReminderJob>,
): Promise<void> {
  if (queueName.endsWith("-dlq")) {
    await consumeDeadLetters({ db, clock: Date.now }, messages);
    return;
  }
  const i = await isolateFor(db, settings, mode);
  const sender = senderFor(i.wechat, (line) => console.log(line));
  const report = await handleReminderBatch({ db, clock: Date.now, sender, sms: i.sms, queue }, messages);
  const line = summary(new Date().toISOString(), report);
  if (line) console.log(line);
}
