// Cloudflare Workers entry: the same app over a D1 binding (ADR 0002).
import { drizzle } from "drizzle-orm/d1";
import { createApp } from "./app";
import { configFromEnv, type EnvVars } from "./config-env";
import * as schema from "./db/schema";
import { refreshDueSnapshots, WORKER_REFRESH_LIMIT } from "./domain/triage-snapshot-store";
import type { Db } from "./env";
import { scheduledRun } from "./reminders/host";
import { createWechatClient, offlineWechatClient } from "./wechat/client";

type WorkerEnv = EnvVars & { DB: D1Database };

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
  const app = createApp({ db, clock: Date.now, wechat, config });
  cached = { env, app };
  return app;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    return appFor(env).fetch(request, env, ctx);
  },
  // The every-minute cron in wrangler.toml runs the reminder scheduler (DESIGN.md §5).
  scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext) {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    ctx.waitUntil(scheduledRun(db, env as EnvVars, configFromEnv(env as EnvVars, "production").mode));
    ctx.waitUntil(refreshDueSnapshots(db, Date.now(), WORKER_REFRESH_LIMIT)); // triage snapshots (ADR 0006)
  },
} satisfies ExportedHandler<WorkerEnv>;
