// The Worker entry in the real Workers runtime (workerd via `wrangler dev`) over a local D1
// database migrated from the committed migrations: health, writes and reads.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "./support/free-port";

const root = join(import.meta.dirname, "..");
const wrangler = join(root, "worker", "node_modules", ".bin", "wrangler");
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  XDG_CONFIG_HOME: join(root, ".xdg"),
  NO_COLOR: "1",
};
let persist: string;
let child: ChildProcess;
let base: string;
let log = "";

beforeAll(async () => {
  persist = mkdtempSync(join(tmpdir(), "steady-d1-"));
  mkdirSync(join(root, "portal", "dist"), { recursive: true }); // wrangler.toml serves it as assets
  execFileSync(wrangler, ["d1", "migrations", "apply", "steady", "--local", "--persist-to", persist], {
    cwd: root,
    env,
    stdio: "pipe",
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(
    wrangler,
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persist, "--var", "STEADY_MODE:dev"],
    { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`wrangler dev did not start:\n${log}`);
});

afterAll(() => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGKILL"); // wrangler and its workerd children
    } catch {
      // already gone
    }
  }
  rmSync(persist, { recursive: true, force: true });
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

it("answers health from D1 in workerd", async () => {
  const r = await fetch(`${base}/api/v1/health`);
  expect(await r.json()).toMatchObject({ ok: true, db: "ok" });
});

it("writes and reads a plan and a dose idempotently in workerd", async () => {
  const login = await (await post("/api/v1/auth/wechat", { code: "dev:workerd" })).json();
  expect(login.token).toEqual(expect.any(String));
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Shanghai date
  const plan = {
    id: crypto.randomUUID(),
    drug: "氨氯地平",
    dose: "5 mg",
    times: ["00:00"],
    startDate: today,
  };
  const created = await post("/api/v1/me/plans", plan, login.token);
  expect(created.status, `${await created.clone().text()}\n${log.slice(-3000)}`).toBe(201);
  expect((await post("/api/v1/me/plans", plan, login.token)).status).toBe(200);
  const slots = (await (
    await fetch(`${base}/api/v1/me/today`, { headers: { authorization: `Bearer ${login.token}` } })
  ).json()) as { slots: { planId: string; scheduledAt: string; status: string }[] };
  expect(slots.slots).toHaveLength(1);
  expect(slots.slots[0]?.status).toBe("due");
  const dose = {
    id: crypto.randomUUID(),
    planId: plan.id,
    scheduledAt: slots.slots[0]?.scheduledAt,
    status: "taken",
  };
  const logged = await post("/api/v1/me/doses", dose, login.token);
  expect(logged.status, `${await logged.clone().text()}\n${log.slice(-3000)}`).toBe(201);
  expect((await post("/api/v1/me/doses", dose, login.token)).status).toBe(200);
  const after = await (
    await fetch(`${base}/api/v1/me/today`, { headers: { authorization: `Bearer ${login.token}` } })
  ).json();
  expect(after.slots[0].status).toBe("taken");
  const bad = await post("/api/v1/me/bp", { id: "x", systolic: 1 }, login.token);
  expect(bad.status).toBe(422);
  expect(bad.headers.get("content-type")).toContain("application/problem+json");
});

it("opens a safety case from a patient's side-effect report on D1 (case number, idempotent)", async () => {
  const login = await (await post("/api/v1/auth/wechat", { code: "dev:workerd-safety" })).json();
  const report = {
    id: crypto.randomUUID(),
    description: "吃药后头晕",
    symptoms: ["头晕"],
    contactConsent: true,
  };
  const first = await post("/api/v1/me/side-effects", report, login.token);
  expect(first.status, `${await first.clone().text()}\n${log.slice(-3000)}`).toBe(201);
  const body = await first.json();
  expect(body.caseNumber).toMatch(/^STD-\d{4}-\d{6}$/);
  expect(body.advice.items[0].key).toBe("keep_taking");
  const again = await post("/api/v1/me/side-effects", report, login.token);
  expect(again.status).toBe(200);
  expect((await again.json()).caseNumber).toBe(body.caseNumber);
  const second = await post("/api/v1/me/side-effects", { ...report, id: crypto.randomUUID() }, login.token);
  const n = (s: string) => Number(s.slice(-6));
  expect(n((await second.json()).caseNumber)).toBe(n(body.caseNumber) + 1);
});
