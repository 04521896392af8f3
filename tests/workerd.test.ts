// The Worker entry in the real Workers runtime (workerd via `wrangler dev`) over a local D1
// database migrated from the committed migrations: health, writes and reads.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PAGE_CSP } from "@steady/worker/security-headers";
import { makeTestApp } from "@steady/worker/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migratedD1, removePersist, root, startWranglerDev, type WranglerDev } from "./support/wrangler-dev";

let persist: string;
let dev: WranglerDev;
let base: string;

beforeAll(async () => {
  // What a portal build puts there, for the assets' headers check (a real build has both already).
  const dist = join(root, "portal", "dist");
  mkdirSync(dist, { recursive: true });
  copyFileSync(join(root, "portal", "public", "_headers"), join(dist, "_headers"));
  ({ persist } = migratedD1());
  dev = await startWranglerDev(persist, { STEADY_MODE: "dev" });
  base = dev.base;
});

afterAll(() => {
  dev?.stop();
  if (persist) removePersist(persist);
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
  // Started yesterday (Shanghai date), so today's 00:00 is due at any hour: a plan started on the
  // day it is entered counts only from shortly before its entry (shared/slots entryFloor).
  const yesterday = new Date(Date.now() + 8 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
  const plan = {
    id: crypto.randomUUID(),
    drug: "氨氯地平",
    dose: "5 mg",
    times: ["00:00"],
    startDate: yesterday,
  };
  const created = await post("/api/v1/me/plans", plan, login.token);
  expect(created.status, `${await created.clone().text()}\n${dev.log().slice(-3000)}`).toBe(201);
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
  expect(logged.status, `${await logged.clone().text()}\n${dev.log().slice(-3000)}`).toBe(201);
  expect((await post("/api/v1/me/doses", dose, login.token)).status).toBe(200);
  const after = await (
    await fetch(`${base}/api/v1/me/today`, { headers: { authorization: `Bearer ${login.token}` } })
  ).json();
  expect(after.slots[0].status).toBe("taken");
  const bad = await post("/api/v1/me/bp", { id: "x", systolic: 1 }, login.token);
  expect(bad.status).toBe(422);
  expect(bad.headers.get("content-type")).toContain("application/problem+json");
});

it("lets exactly one of 8 racing plan edits with the same If-Match through on D1 (ADR 0011)", async () => {
  const login = await (await post("/api/v1/auth/wechat", { code: "dev:workerd-race" })).json();
  const plan = {
    id: crypto.randomUUID(),
    drug: "缬沙坦",
    dose: "80 mg",
    times: ["08:00"],
    startDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
  };
  const created = await post("/api/v1/me/plans", plan, login.token);
  expect(created.status).toBe(201);
  expect(created.headers.get("etag")).toBe('"1"');
  const patch = (dose: string, ifMatch?: string) =>
    fetch(`${base}/api/v1/me/plans/${plan.id}`, {
      method: "PATCH",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${login.token}`,
        ...(ifMatch ? { "if-match": ifMatch } : {}),
      },
      body: JSON.stringify({ dose }),
    });
  expect((await patch("1 mg")).status).toBe(428);
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => patch(`${i + 1}0 mg`, '"1"')));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
  const winner = answers.findIndex((a) => a.status === 200);
  const stale = answers.find((a) => a.status === 412) as Response;
  expect((await stale.json()).current).toMatchObject({ dose: `${winner + 1}0 mg`, version: 2 });
  const plans = (await (
    await fetch(`${base}/api/v1/me/plans`, { headers: { authorization: `Bearer ${login.token}` } })
  ).json()) as { plans: { id: string; dose: string; version: number; history: unknown[] }[] };
  expect(plans.plans.find((p) => p.id === plan.id)).toMatchObject({ dose: `${winner + 1}0 mg`, version: 2 });
  expect(plans.plans.find((p) => p.id === plan.id)?.history).toHaveLength(2);
});

it("serves the OpenAPI document and the API reference page (no script, nothing from elsewhere) in workerd", async () => {
  const res = await fetch(`${base}/api/v1/openapi.json`);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const doc = (await res.json()) as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths)).toContain("/api/docs");
  // The Worker serves the files built before `wrangler dev` (ADR 0019): the same document the
  // Node server generates from the routes now, so a stale or missing build fails here.
  const node = await makeTestApp();
  try {
    expect(doc).toEqual((await node.call("GET", "/api/v1/openapi.json")).json);
  } finally {
    await node.close();
  }
  const page = await fetch(`${base}/api/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
  const html = await page.text();
  expect(html).toContain("<code>/api/v1/reports/programme.csv</code>");
  expect(html).not.toMatch(/<script|src=/);
});

it("answers with the trust-boundary headers and refuses non-JSON bodies in workerd", async () => {
  const me = await fetch(`${base}/api/v1/me`);
  expect(me.status).toBe(401);
  expect(me.headers.get("cache-control")).toBe("no-store");
  expect(me.headers.get("x-content-type-options")).toBe("nosniff");
  expect(me.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  const form = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "email=a%40b.test&password=x",
  });
  expect(form.status).toBe(415);
  // The dev outbox exists in dev mode (this run), empty: no invite was sent.
  const outbox = await fetch(`${base}/api/v1/dev/outbox`);
  expect(await outbox.json()).toEqual({ messages: [] });
});

it("limits failed logins per client with the Workers rate-limiting binding (429 + Retry-After)", async () => {
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 22; i++) {
    const r = await post("/api/v1/auth/login", { email: `nobody-${i}@example.com`, password: "guess" });
    statuses.push(r.status);
    if (r.status === 429) retryAfter = r.headers.get("retry-after");
  }
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(20)).toEqual([429, 429]);
  // 60 s is the binding's period (wrangler.toml); the D1 fallback would say up to 900 s.
  expect(retryAfter).toBe("60");
});

it("serves the portal's assets with the page headers of portal/public/_headers", async () => {
  for (const path of ["/", "/login", "/invite/some-token"]) {
    const page = await fetch(`${base}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toBe(PAGE_CSP);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
  }
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
  expect(first.status, `${await first.clone().text()}\n${dev.log().slice(-3000)}`).toBe(201);
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
