// Running the scheduler where the API runs: a minute timer in the local Node server, the cron
// trigger's `scheduled` handler on Workers. Both send through WeChat when credentials are set
// (WECHAT_API_BASE may point at the fake server) and print to the console otherwise.
import type { EnvVars } from "../config-env";
import type { Config, Db } from "../env";
import { createWechatClient, type FullWechatClient } from "../wechat/client";
import type { SchedulerOptions } from "./options";
import { type RunReport, runScheduler } from "./scheduler";
import { consoleSender, type ReminderSender, wechatSender } from "./sender";
import { ensureReminderTemplates, templatesFromEnv } from "./templates";

/** The WeChat client for the environment, or null without credentials. */
export function wechatFromEnv(env: EnvVars, clock: () => number = Date.now): FullWechatClient | null {
  if (!env.WECHAT_APPID) return null;
  return createWechatClient({
    baseUrl: env.WECHAT_API_BASE ?? "https://api.weixin.qq.com",
    appId: env.WECHAT_APPID,
    appSecret: env.WECHAT_SECRET ?? "",
    miniprogramState:
      (env.WECHAT_MINIPROGRAM_STATE as "formal" | "trial" | "developer" | undefined) ?? "formal",
    clock,
  });
}

export function senderFor(wechat: FullWechatClient | null, log: (line: string) => void): ReminderSender {
  return wechat ? wechatSender(wechat) : consoleSender(log);
}

function summary(r: RunReport): string | null {
  const parts = Object.entries({
    sent: r.sent,
    "no quota": r.noQuota,
    refused: r.refused,
    failed: r.failed,
    retry: r.retry,
    expired: r.expired,
  })
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  if (r.backedOff) parts.push("backing off (WeChat rate limit)");
  return parts.length ? `[reminders ${r.at}] ${parts.join(", ")}` : null;
}

/**
 * The Node server's libSQL binds up to 32,766 parameters per statement (fewer, larger statements
 * are much faster), and Node has no Workers limit on open connections: bigger, wider runs.
 */
export const NODE_SCHEDULER_OPTIONS: Partial<SchedulerOptions> = {
  maxBoundParams: 3000,
  maxPerRun: 5000,
  concurrency: 16,
};

export interface ReminderTimerOptions {
  db: Db;
  clock: () => number;
  env: EnvVars;
  mode: Config["mode"];
  /** The server's WeChat client (shares its token cache), or null to print sends. */
  wechat: FullWechatClient | null;
  quiet?: boolean;
}

/**
 * Runs the scheduler now and then at the start of every minute; returns a stop function.
 * STEADY_REMINDERS=0 turns it off. A run still going when the next minute starts is not
 * doubled up here (and would be harmless: sends are claimed in the database).
 */
export async function startReminderTimer(o: ReminderTimerOptions): Promise<() => Promise<void>> {
  if (o.env.STEADY_REMINDERS === "0") return async () => {};
  const log = o.quiet ? () => {} : (line: string) => console.log(line);
  await ensureReminderTemplates(o.db, templatesFromEnv(o.env, o.mode), o.clock());
  const sender = senderFor(o.wechat, log);
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runScheduler({ db: o.db, clock: o.clock, sender }, NODE_SCHEDULER_OPTIONS)
      .then((r) => {
        const line = summary(r);
        if (line) log(line);
      })
      .catch((e) => console.error("reminder run failed", e))
      .finally(() => {
        running = null;
      });
  };
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
  /** Stops the timer and waits for a run in progress, so the database can be closed after. */
  return async () => {
    stopped = true;
    clearTimeout(first);
    if (interval) clearInterval(interval);
    await running;
  };
}

let isolate: { env: EnvVars; wechat: FullWechatClient | null; templatesReady: boolean } | null = null;

/** One cron invocation on Workers. The client (and its token) is kept for the isolate's life. */
export async function scheduledRun(db: Db, env: EnvVars, mode: Config["mode"]): Promise<RunReport> {
  if (isolate?.env !== env) isolate = { env, wechat: wechatFromEnv(env), templatesReady: false };
  if (!isolate.templatesReady) {
    await ensureReminderTemplates(db, templatesFromEnv(env, mode), Date.now());
    isolate.templatesReady = true;
  }
  const report = await runScheduler({
    db,
    clock: Date.now,
    sender: senderFor(isolate.wechat, (line) => console.log(line)),
  });
  const line = summary(report);
  if (line) console.log(line);
  return report;
}
