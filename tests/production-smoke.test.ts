// The production artefact as a China-resident machine runs it (docs/deploy-china.md): the server
// compiled to worker/dist by esbuild and started with plain `node` (no tsx anywhere in the
// process or its children), production mode, over a libSQL file prepared by the compiled operator
// CLI, WeChat login through the (fake) WeChat API, backups configured to the (fake) object store.
// Health, a portal login, a patient's write and read, the built portal served with its headers,
// dev logins refused, and a backup + restore with the compiled CLI.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildPortal } from "./bench/portal-build";
import { type FakeS3, startFakeS3 } from "./fakes/s3-server";
import { type FakeWechat, startFakeWechat } from "./fakes/wechat-server";
import { freePort } from "./support/free-port";

const root = join(import.meta.dirname, "..");
const dist = join(root, "worker", "dist");
let dir: string;
let child: ChildProcess;
let base: string;
let log = "";
let wechat: FakeWechat;
let s3: FakeS3;
let env: Record<string, string>;

// Plain node, as on the server: the PATH's node, none of the test runner's loaders or variables.
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("VITEST") && k !== "NODE_OPTIONS" && k !== "NODE_ENV" && k !== "TEST",
    ),
  ) as Record<string, string>;

beforeAll(async () => {
  execFileSync("pnpm", ["--filter", "@steady/worker", "build"], { cwd: root, stdio: "pipe" });
  buildPortal();
  dir = mkdtempSync(join(tmpdir(), "steady-prod-"));
  wechat = await startFakeWechat();
  s3 = await startFakeS3();
  const db = `file:${join(dir, "steady.db")}`;
  env = {
    ...cleanEnv(),
    ...s3.env(),
    STEADY_MODE: "production",
    DATABASE_URL: db,
    WECHAT_API_BASE: wechat.baseUrl,
    WECHAT_APPID: wechat.appId,
    WECHAT_SECRET: wechat.appSecret,
    STEADY_REMINDERS: "0",
    STEADY_BACKUP_DIR: join(dir, "staging"),
    INIT_CWD: dir,
  };
  // The operator CLI, compiled, prepares the database (demo accounts stand in for the real ones).
  execFileSync("node", [join(dist, "steady.js"), "seed", "--patients", "5", "--db", db], {
    env,
    stdio: "pipe",
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn("node", [join(dist, "entry-node.js")], {
    cwd: dir,
    env: { ...env, PORT: String(port), PUBLIC_ORIGIN: "https://steady.example.cn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the compiled server did not start:\n${log}`);
});

afterAll(async () => {
  child?.kill("SIGTERM");
  await new Promise((r) => child?.once("exit", r));
  await wechat?.close();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", origin: base, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { res, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

it("is the compiled JavaScript under plain node, with no tsx in the process or its children", () => {
  const pid = child.pid as number;
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  expect(argv).toEqual(["node", join(dist, "entry-node.js")]);
  const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
  expect(environ).not.toMatch(/NODE_OPTIONS=.*tsx/);
  expect(readlinkSync(`/proc/${pid}/exe`)).toMatch(/node$/);
  // tsx would run an esbuild service as a child process; the compiled server has none.
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  for (const c of children) {
    if (existsSync(`/proc/${c}/cmdline`))
      expect(readFileSync(`/proc/${c}/cmdline`, "utf8")).not.toMatch(/tsx|esbuild/);
  }
  expect(log).toMatch(/production mode/);
  // Its worker threads start too (their modules ship beside the compiled code).
  expect(log).not.toMatch(/thread stopped|Cannot find module/);
  expect(log).toMatch(/Backups +every 60 min → http:\/\/127\.0\.0\.1:\d+ bucket/);
});

it("answers health, logs a portal user in, and serves the built portal with production headers", async () => {
  const health = await api("GET", "/health");
  expect(health.json).toMatchObject({ ok: true, db: "ok" });
  const login = await api("POST", "/auth/login", { email: "admin@demo.test", password: "steady-demo" });
  expect(login.res.status).toBe(200);
  expect(login.json?.user).toMatchObject({ role: "admin" });
  expect(login.res.headers.get("set-cookie")).toMatch(/Secure/);
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toMatch(/<div id="root"/);
  expect(page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  expect(page.headers.get("strict-transport-security")).toBeTruthy();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const asset = await fetch(`${base}${script}`);
  expect(asset.status).toBe(200);
  expect((await asset.text()).length).toBeGreaterThan(1000);
});

it("logs a patient in through WeChat, takes a write and reads it back; dev logins are refused", async () => {
  expect((await api("POST", "/auth/wechat", { code: "dev:mei" })).res.status).toBe(401);
  const code = wechat.issueLoginCode("o-prod-smoke");
  const auth = await api("POST", "/auth/wechat", { code });
  expect(auth.res.status).toBe(200);
  const bearer = { authorization: `Bearer ${auth.json?.token as string}` };
  const enrol = await api(
    "POST",
    "/enrol",
    {
      code: "A-DEMO-CHEN",
      consent: { version: "2026-01", accepted: true },
      profile: { name: "李建国", birthYear: 1958, sex: "male" },
    },
    bearer,
  );
  expect(enrol.res.status).toBe(201);
  const id = crypto.randomUUID();
  const measuredAt = Date.now() - 60_000;
  const write = await api("POST", "/me/bp", { id, systolic: 138, diastolic: 86, measuredAt }, bearer);
  expect(write.res.status).toBe(201);
  const read = await api(
    "GET",
    `/me/readings?kind=bp&from=${measuredAt - 1000}&to=${measuredAt + 1000}`,
    undefined,
    bearer,
  );
  expect(read.res.status).toBe(200);
  expect(((read.json?.readings ?? []) as { id: string }[]).map((r) => r.id)).toContain(id);
});

// Asynchronously: the fake store answers from this process.
const run = async (...args: string[]) =>
  (
    await promisify(execFile)("node", [join(dist, "steady.js"), ...args], {
      env,
      encoding: "utf8",
      timeout: 60_000,
    })
  ).stdout;

it("backs the live database up with the compiled CLI and restores it into a fresh file", async () => {
  const out = await run("backup");
  expect(out).toMatch(/^steady\/steady-\d{8}T\d{9}Z\.db\.gz: \d+ bytes/);
  expect(s3.objects().size).toBe(1);
  const restored = await run("restore", "latest", "--db", `file:${join(dir, "restored.db")}`);
  expect(restored).toMatch(/integrity_check ok/);
});
