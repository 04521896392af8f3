// Cloudflare Workers entry: the same app over a D1 binding (ADR 0002).
import { drizzle } from "drizzle-orm/d1";
import { createApp } from "./app";
import { bindingClientLimiter, type RateLimitBinding } from "./auth/login-guard";
import { configFromEnv, type EnvVars } from "./config-env";
import * as schema from "./db/schema";
import type { Db } from "./env";
import { runWorkerJobs } from "./jobs";
import { queueRun } from "./reminders/host";
import type { ReminderJob } from "./reminders/queue";
import { createWechatClient, offlineWechatClient } from "./wechat/client";

type WorkerEnv = EnvVars & {
  DB: D1Database;
  LOGIN_RATE_LIMITER?: RateLimitBinding;
  /** The reminder queue's producer binding (wrangler.toml `[[queues.producers]]`, ADR 0016). */
  REMINDER_QUEUE: Queue<ReminderJob>;
};

/** The binding's period in wrangler.toml (`[[ratelimits]]`), told to clients as Retry-After. */
const LOGIN_LIMIT_PERIOD_S = 60;

let cached: { env: WorkerEnv; app: ReturnType<typeof createApp> } | null = null;

function appFor(env: WorkerEnv) {
  if (cached?.env === env) return cached.app;
  const config = configFromEnv(env as EnvVars, "production");
  const wechat = env.WECHAT_APPID
    ? createWechatClient({
        baseUrl: env.WECHAT_API_BASE ?? "https://api.weixin.qq.com",
        appId: env.WECHAT_APPID,
        appSecret: env.WECHAT_SECRET ?? "",
      })
    : offlineWechatClient;
  const db = drizzle(env.DB, { schema }) as unknown as Db;
  const app = createApp({
    db,
    clock: Date.now,
    wechat,
    config,
    // Cloudflare sets this header itself; a client cannot forge it through the edge.
    clientAddress: (c) => c.req.header("cf-connecting-ip"),
    // The Workers rate-limiting binding when declared, else the D1-backed counter (createApp's default).
    ...(env.LOGIN_RATE_LIMITER
      ? { loginLimiter: bindingClientLimiter(env.LOGIN_RATE_LIMITER, LOGIN_LIMIT_PERIOD_S) }
      : {}),
  });
  cached = { env, app };
  return app;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    return appFor(env).fetch(request, env, ctx);
  },
  // The every-minute cron in wrangler.toml runs the background jobs (jobs.ts): the reminders due
  // are enqueued (ADR 0016), triage snapshots refreshed (ADR 0006).
  scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext) {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const mode = configFromEnv(env as EnvVars, "production").mode;
    runWorkerJobs({ db, env: env as EnvVars, mode, reminderQueue: env.REMINDER_QUEUE }, (p) =>
      ctx.waitUntil(p),
    );
  },
  // The reminder queue's consumer sends; its dead-letter queue's consumer records for the admin.
  async queue(batch: MessageBatch<ReminderJob>, env: WorkerEnv) {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const mode = configFromEnv(env as EnvVars, "production").mode;
    await queueRun(db, env as EnvVars, mode, batch.queue, batch.messages);
  },
} satisfies ExportedHandler<WorkerEnv, ReminderJob>;
