// Local server: the API and the portal on one port, an embedded libSQL file, demo data on first start.
import { existsSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { type Context, Hono } from "hono";
import { createApp } from "./app";
import { startBackups } from "./backup/host";
import { progressBar } from "./cli/progress";
import {
  backupConfigFromSettings,
  ConfigError,
  configFromSettings,
  type EnvVars,
  parseSettings,
  type Settings,
} from "./config-env";
import { openDb } from "./db/node";
import type { AppEnv } from "./env";
import { withPageHeaders } from "./http/security-headers";
import { startNodeJobs } from "./jobs/registry";
import { generatedReference } from "./openapi-reference";
import { wechatFromSettings } from "./reminders/host";
import { DEMO_DAYS, DEMO_PATIENTS, hasData, seedDemo } from "./seed/demo";
import { offlineWechatClient } from "./wechat/client";
import { nodeTransport } from "./wechat/node-transport";

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } };

/**
 * The client address the login limiter counts: the TCP peer, or — behind a reverse proxy — the
 * last entry of the header that proxy sets (`CLIENT_IP_HEADER`, e.g. X-Forwarded-For); earlier
 * entries are whatever the client wrote and are ignored.
 */
function nodeClientAddress(header: string | undefined) {
  return (c: Context<AppEnv>) => {
    if (header) {
      const value = c.req.header(header);
      const last = value?.split(",").pop()?.trim();
      if (last) return last;
    }
    return (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  };
}

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface StartOptions {
  env?: EnvVars;
  port?: number;
  dbUrl?: string;
  /** Seed the demo data into an empty database (default: in dev mode). */
  seedPatients?: number;
  quiet?: boolean;
  clock?: () => number;
}

/** Seeds the demo data into an empty dev database (STEADY_SEED), with a progress bar unless quiet. */
async function seedIfEmpty(
  db: Awaited<ReturnType<typeof openDb>>["db"],
  settings: Settings,
  opts: StartOptions,
  now: number,
) {
  if (!settings.STEADY_SEED || (await hasData(db))) return null;
  const patients = opts.seedPatients ?? settings.STEADY_DEMO_PATIENTS ?? DEMO_PATIENTS;
  const bar = opts.quiet ? null : progressBar("生成演示数据 Seeding demo data");
  bar?.start(patients, 0);
  const seeded = await seedDemo(db, { patients, days: DEMO_DAYS, now, onProgress: (n) => bar?.update(n) });
  bar?.stop();
  return seeded;
}

/**
 * What answers a request: the API under /api/, the mini-program's H5 build under /m/ (when built
 * for /m/, for trying the patient app in a browser), the portal's build for the rest.
 */
function router(api: ReturnType<typeof createApp>, production: boolean) {
  const portalDist = join(repoRoot, "portal", "dist");
  const web = new Hono();
  if (existsSync(portalDist)) {
    web.use("/*", serveStatic({ root: portalDist }));
    const indexHtml = join(portalDist, "index.html");
    web.get("*", async (c) =>
      existsSync(indexHtml) ? c.html(await readFile(indexHtml, "utf8")) : c.notFound(),
    );
  }
  const miniappDist = join(repoRoot, "miniapp", "dist-h5");
  const mobile = new Hono();
  if (existsSync(join(miniappDist, "index.html"))) {
    mobile.use("/m/*", serveStatic({ root: miniappDist, rewriteRequestPath: (p) => p.replace(/^\/m/, "") }));
    mobile.get("/m", (c) => c.redirect("/m/"));
  }
  return async (req: Request, bindings: NodeBindings) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/api/")) return api.fetch(req, bindings);
    // Cloudflare's headers file is for the Workers deployment, not a page.
    if (path === "/_headers") return withPageHeaders(new Response("not found", { status: 404 }), production);
    if (path === "/m" || path.startsWith("/m/")) return withPageHeaders(await mobile.fetch(req), production);
    return withPageHeaders(await web.fetch(req), production);
  };
}

/** Listens on the port (0: any free one) and resolves once the socket is bound. */
async function listen(port: number, fetch: ReturnType<typeof router>) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ port, fetch }, () => resolve(s));
  });
  // Idle keep-alive sockets stay open longer than a reverse proxy's or client pool's own idle
  // timeout (nginx and most pools: 60 s). With Node's 5 s, a socket the server closes just as the
  // other side reuses it fails that request (a reset, or a 502 from the proxy), and on a busy
  // machine the client hears of the close late (issue 14).
  if ("keepAliveTimeout" in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : port };
}

/** The lines printed once the server listens: where everything is, and in dev the demo logins. */
function startupBanner(info: {
  base: string;
  mode: string;
  dbUrl: string;
  backups: ReturnType<typeof backupConfigFromSettings>;
  seeded: Awaited<ReturnType<typeof seedDemo>> | null;
}) {
  const { base, backups } = info;
  const lines = [
    "",
    `稳稳 Steady is running (${info.mode} mode)`,
    `  Portal   ${base}/`,
    `  Patient  ${base}/m/?dev=mei&scene=A-DEMO-CHEN   (mini-program H5 build; WeChat login simulated)`,
    `  API      ${base}/api/v1/health   (OpenAPI: ${base}/api/v1/openapi.json)`,
    `  Database ${info.dbUrl}`,
    `  Backups  ${
      backups.intervalMinutes === 0
        ? "off (STEADY_BACKUP_INTERVAL_MINUTES)"
        : `every ${backups.intervalMinutes} min → ${
            backups.store
              ? `${backups.store.endpoint} bucket ${backups.store.bucket}, ${backups.store.prefix}`
              : backups.dir
          }`
    }`,
  ];
  if (info.mode !== "dev") return lines;
  lines.push(
    "",
    "Demo logins (password: steady-demo):",
    "  admin@demo.test · manager@demo.test · rep@demo.test",
    "  doctor.a@demo.test · assistant.a@demo.test (clinic A) · doctor.b@demo.test (clinic B)",
    "  safety@demo.test (药物警戒专员: adverse-event cases only)",
    "  (with more than 50 demo patients, also rep2@demo.test and doctor.c … doctor.l@demo.test)",
    "",
    "Invite links are not mailed in dev mode; read them in the outbox:",
    `  ${base}/api/v1/dev/outbox.html`,
    "",
    "Enrolment codes (patients log in with code dev:<any-name>):",
    "  clinic A, 陈晓东 医生: A-DEMO-CHEN",
    "  clinic B, 王海燕 医生: B-DEMO-WANG",
  );
  if (info.seeded)
    lines.push(
      "",
      `Seeded ${info.seeded.patients} patients (${info.seeded.rows} rows) with ${DEMO_DAYS} days of history.`,
    );
  return lines;
}

/** Starts the API and the portal on one port. Used by `pnpm start` and by the cross-package tests. */
export async function startServer(opts: StartOptions = {}) {
  // Parsed once, before anything starts: a bad variable stops here with its name (ConfigError).
  const settings = parseSettings(opts.env ?? process.env);
  const dbUrl = opts.dbUrl ?? settings.DATABASE_URL ?? `file:${join(repoRoot, "data", "steady.db")}`;
  const clock = opts.clock ?? Date.now;
  if (dbUrl.startsWith("file:")) mkdirSync(dirname(dbUrl.slice(5)), { recursive: true });
  // The server's write path (ADR 0009): writes of one event-loop turn share a commit, and WAL
  // checkpoints run on a background thread. STEADY_GROUP_COMMIT=0 turns grouping off;
  // STEADY_DB_CLIENT=libsql runs the file on @libsql/client instead (for measuring, ADR 0017).
  const { db, close } = await openDb(dbUrl, settings.DATABASE_AUTH_TOKEN, {
    groupCommit: settings.STEADY_GROUP_COMMIT,
    backgroundCheckpoint: true,
    fileClient: settings.STEADY_DB_CLIENT,
  });
  const config = configFromSettings(settings, "dev");
  const backupConfig = backupConfigFromSettings(settings, config.mode, join(repoRoot, "data", "backups"));
  const seeded = config.mode === "dev" ? await seedIfEmpty(db, settings, opts, clock()) : null;

  // One WeChat client for login and reminders (one token cache); none without credentials.
  // Pooled HTTP/1.1 to WeChat: Node's fetch cost more CPU per reminder than the rest of the send.
  const wechatApi = wechatFromSettings(settings, clock, nodeTransport());
  const wechat = wechatApi ?? offlineWechatClient;
  const api = createApp({
    db,
    clock,
    wechat,
    config,
    clientAddress: nodeClientAddress(settings.CLIENT_IP_HEADER),
    apiReference: generatedReference(config.version),
  });
  // The background jobs (jobs/registry.ts): reminders every minute (STEADY_REMINDERS=0 turns them off),
  // triage snapshots (ADR 0006).
  const stopJobs = await startNodeJobs({
    db,
    clock,
    settings,
    mode: config.mode,
    wechat: wechatApi,
    quiet: opts.quiet ?? false,
  });
  // Online backups of the database file to object storage (backup/job.ts, docs/deploy-china.md).
  const stopBackups = startBackups({ dbUrl, config: backupConfig, mode: config.mode, quiet: opts.quiet });

  const { server, port } = await listen(
    opts.port ?? settings.PORT,
    router(api, config.mode === "production"),
  );
  const base = `http://localhost:${port}`;
  // Without PUBLIC_ORIGIN a dev run builds links to itself; production must name its origin.
  if (!config.publicOrigin && config.mode === "dev") config.publicOrigin = base;
  if (!config.publicOrigin) console.warn("PUBLIC_ORIGIN is not set: invite links cannot be built");
  if (!opts.quiet)
    console.log(startupBanner({ base, mode: config.mode, dbUrl, backups: backupConfig, seeded }).join("\n"));
  return {
    baseUrl: base,
    db,
    seeded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void Promise.all([stopJobs(), stopBackups()]).then(() => {
            close();
            resolve();
          });
        });
      }),
  };
}

async function main() {
  const { close } = await startServer();
  const stop = () => close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    // A configuration error is the operator's to fix: its message names the variable.
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
}
