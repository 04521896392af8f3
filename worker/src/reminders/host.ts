// Running the scheduler where the API runs: a minute timer in the local Node server, the cron
// trigger's `scheduled` handler on Workers. Both send through WeChat when credentials are set
// (WECHAT_API_BASE may point at the fake server) and print to the console otherwise; SMS goes
// through Tencent Cloud when configured (sms/config.ts), printed in local mode otherwise. After
// the reminders, the same pass sends the notices to family members (family/notices.ts) and then
// refreshes a bounded batch of stale programme figures (programme/stats.ts), so the rep and
// programme dashboards of a large programme stay current without computing in the request.
import type { EnvVars } from "../config-env";
import type { Config, Db } from "../env";
import { type NoticeReport, runFamilyNotices } from "../family/notices";
import { ensureFamilyTemplate, familyTemplateFromEnv } from "../family/templates";
import { refreshProgrammeStats } from "../programme/stats";
import { smsFromEnv } from "../sms/config";
import type { SmsSender } from "../sms/sender";
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

function summary(r: RunReport, n?: NoticeReport): string | null {
  const parts = Object.entries({
    sent: r.sent,
    "by SMS": r.sms,
    unreachable: r.noQuota,
    refused: r.refused,
    failed: r.failed,
    retry: r.retry,
    expired: r.expired,
  })
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  if (r.backedOff) parts.push("backing off (WeChat rate limit)");
  const family = n ? n.wechat + n.sms : 0;
  if (family) parts.push(`${family} family notices`);
  if (n?.unreachable) parts.push(`${n.unreachable} family notices unreachable`);
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

/** Stale per-patient programme rows refreshed per minute (Node; Workers do fewer per cron run). */
export const NODE_PROGRAMME_REFRESH = 2000;
export const WORKER_PROGRAMME_REFRESH = 500;
const PROGRAMME_REFRESH_PIECE = 90;

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
  await ensureFamilyTemplate(o.db, familyTemplateFromEnv(o.env, o.mode), o.clock());
  const sender = senderFor(o.wechat, log);
  const sms = smsFromEnv(o.env, o.mode, { clock: o.clock, log });
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runScheduler({ db: o.db, clock: o.clock, sender, sms }, NODE_SCHEDULER_OPTIONS)
      .then(async (r) => {
        const n = await runFamilyNotices({ db: o.db, clock: o.clock, sender, sms });
        const line = summary(r, n);
        if (line) log(line);
        // In small pieces with a turn of the event loop between them: computing 2,000 patients
        // at once would hold up requests for about two seconds.
        for (let left = NODE_PROGRAMME_REFRESH; left > 0 && !stopped; left -= PROGRAMME_REFRESH_PIECE) {
          const { pending } = await refreshProgrammeStats(o.db, o.clock(), {
            limit: PROGRAMME_REFRESH_PIECE,
          });
          if (pending === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
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

let isolate: {
  env: EnvVars;
  wechat: FullWechatClient | null;
  sms: SmsSender | null;
  templatesReady: boolean;
} | null = null;

/** One cron invocation on Workers. The client (and its token) is kept for the isolate's life. */
export async function scheduledRun(db: Db, env: EnvVars, mode: Config["mode"]): Promise<RunReport> {
  if (isolate?.env !== env)
    isolate = { env, wechat: wechatFromEnv(env), sms: smsFromEnv(env, mode), templatesReady: false };
  if (!isolate.templatesReady) {
    await ensureReminderTemplates(db, templatesFromEnv(env, mode), Date.now());
    await ensureFamilyTemplate(db, familyTemplateFromEnv(env, mode), Date.now());
    isolate.templatesReady = true;
  }
  const sender = senderFor(isolate.wechat, (line) => console.log(line));
  const report = await runScheduler({ db, clock: Date.now, sender, sms: isolate.sms });
  const notices = await runFamilyNotices({ db, clock: Date.now, sender, sms: isolate.sms });
  const line = summary(report, notices);
  if (line) console.log(line);
  await refreshProgrammeStats(db, Date.now(), { limit: WORKER_PROGRAMME_REFRESH });
  return report;
}
