// Cloudflare Workers entry: the same app over a D1 binding (ADR 0002).
import { drizzle } from "drizzle-orm/d1";
import { createApp } from "./app";
import { bindingClientLimiter, type RateLimitBinding } from "./auth/login-guard";
import { configFromSettings, type EnvVars, parseSettings, type Settings } from "./config-env";
import * as schema from "./db/schema";
import type { Db } from "./env";
import { runWorkerJobs } from "./jobs/registry";
import { assetReference } from "./openapi-assets";
import { queueRun, wechatFromSettings } from "./reminders/host";
import type { ReminderJob } from "./reminders/queue";
import { offlineWechatClient } from "./wechat/client";

type WorkerEnv = EnvVars & {
  DB: D1Database;
  /** The static assets (wrangler.toml `[assets]`): the portal, and the API reference built for it. */
  ASSETS: Fetcher;
  LOGIN_RATE_LIMITER?: RateLimitBinding;
  /** The reminder queue's producer binding (wrangler.toml `[[queues.producers]]`, ADR 0016). */
  REMINDER_QUEUE: Queue<ReminderJob>;
};

/** The binding's period in wrangler.toml (`[[ratelimits]]`), told to clients as Retry-After. */
const LOGIN_LIMIT_PERIOD_S = 60;

let parsed: { env: WorkerEnv; settings: Settings } | null = null;
let cached: { env: WorkerEnv; app: ReturnType<typeof createApp> } | null = null;

/** The bindings parsed once per isolate (a bad one throws a ConfigError naming it). */
function settingsFor(env: WorkerEnv): Settings {
  if (parsed?.env !== env) parsed = { env, settings: parseSettings(env as EnvVars) };
  return parsed.settings;
}

function appFor(env: WorkerEnv) {
  if (cached?.env === env) return cached.app;
  const settings = settingsFor(env);
  const config = configFromSettings(settings, "production");
  const wechat = wechatFromSettings(settings) ?? offlineWechatClient;
  const db = drizzle(env.DB, { schema }) as unknown as Db;
  const app = createApp({
    db,
    clock: Date.now,
    wechat,
    config,
    // Cloudflare sets this header itself; a client cannot forge it through the edge.
    clientAddress: (c) => c.req.header("cf-connecting-ip"),
    // Built into the assets before deploy (ADR 0019): no schema conversion in the Worker.
    apiReference: assetReference(env.ASSETS),
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
  // The every-minute cron in wrangler.toml runs the background jobs (jobs/registry.ts): the reminders due
  // are enqueued (ADR 0016), triage snapshots refreshed (ADR 0006).
  scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext) {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const settings = settingsFor(env);
    const mode = configFromSettings(settings, "production").mode;
    runWorkerJobs({ db, settings, mode, reminderQueue: env.REMINDER_QUEUE }, (p) => ctx.waitUntil(p));
  },
  // The reminder queue's consumer sends; its dead-letter queue's consumer records for the admin.
  async queue(batch: MessageBatch<ReminderJob>, env: WorkerEnv) {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const settings = settingsFor(env);
    await queueRun(
      db,
      settings,
      configFromSettings(settings, "production").mode,
      batch.queue,
      batch.messages,
      env.REMINDER_QUEUE,
    );
  },
} satisfies ExportedHandler<WorkerEnv, ReminderJob>;
