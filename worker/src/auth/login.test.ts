// Password guessing (issue 11): failures are counted atomically per account (a parallel burst
// gets at most 5 checks), the account then answers 423 for 15 minutes, one client address gets
// 429 with Retry-After after 20 failures whatever the emails, and unknown emails cost a real
// password hash. Over the real app and a real libSQL file.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { loginLimits } from "../db/schema";
import { DEMO_PASSWORD } from "../seed/demo";
import { LOCKOUT_MS } from "./login-guard";

let t: TestApp;
let client = 0;
/** A fresh client address per test, so the per-client limit of one test does not leak into another. */
let ip: string;
beforeEach(() => {
  ip = `198.51.100.${++client}`;
});
afterAll(() => t?.close());

const login = (email: string, password: string, from = ip) =>
  t.call("POST", "/api/v1/auth/login", { body: { email, password }, headers: { "x-test-client": from } });

describe("per-account lockout", () => {
  it("40 parallel wrong passwords: at most 5 answer 401, the rest 423, and the right password is locked out too", async () => {
    t = await makeTestApp();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login("doctor.a@demo.test", `wrong-${i}`, `203.0.113.${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 423)).toBe(true);
    expect((await login("doctor.a@demo.test", DEMO_PASSWORD)).status).toBe(423);
    // After 15 minutes the right password works again, and the count starts afresh.
    t.setNow(t.now + LOCKOUT_MS + 1);
    expect((await login("doctor.a@demo.test", DEMO_PASSWORD)).status).toBe(200);
    expect((await login("doctor.a@demo.test", "wrong")).status).toBe(401);
    expect((await login("doctor.a@demo.test", DEMO_PASSWORD)).status).toBe(200);
  });

  it("five sequential failures lock the account; the fifth still says 401", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login("doctor.b@demo.test", `nope-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 423]);
    const locked = await login("doctor.b@demo.test", DEMO_PASSWORD);
    expect(locked.json.detail).toMatch(/15 more minutes/);
  });
});

describe("per-client limit", () => {
  it("20 failed logins from one address, whatever the emails, then 429 with Retry-After; other addresses are unaffected", async () => {
    for (let i = 0; i < 20; i++) {
      expect((await login(`nobody-${i}@example.com`, "guess")).status).toBe(401);
    }
    const limited = await login("nobody-21@example.com", "guess");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("application/problem+json");
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // Even the right password waits: the address is over its limit.
    expect((await login("assistant.a@demo.test", DEMO_PASSWORD)).status).toBe(429);
    expect((await login("assistant.a@demo.test", DEMO_PASSWORD, "192.0.2.77")).status).toBe(200);
    t.setNow(t.now + 15 * 60_000 + 1);
    expect((await login("assistant.a@demo.test", DEMO_PASSWORD)).status).toBe(200);
    // Ended windows are pruned: only this address's fresh row is left.
    const rows = await t.db.select().from(loginLimits);
    expect(rows.map((r) => r.key)).toEqual([`ip:${ip}`]);
  });

  it("a parallel burst from one address across many emails gets no more than 20 password checks", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(`spray-${i}@example.com`, "guess")),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(20);
    expect(statuses.filter((s) => s === 429).length).toBe(20);
  });

  it("successful logins do not count against the address", async () => {
    for (let i = 0; i < 25; i++) expect((await login("manager@demo.test", DEMO_PASSWORD)).status).toBe(200);
  });
});

describe("unknown emails", () => {
  it("take as long as a wrong password for a known email (a real hash is checked)", async () => {
    const time = async (email: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const from = `100.64.${client}.${i}`;
        const start = performance.now();
        await login(email, "wrong-password", from);
        samples.push(performance.now() - start);
      }
      return samples.sort((a, b) => a - b)[1] as number;
    };
    const known = await time("admin@demo.test");
    const unknown = await time("ghost@example.com");
    // PBKDF2 (100,000 rounds) dominates both; without the dummy hash an unknown email answers
    // in well under a tenth of the time.
    expect(unknown).toBeGreaterThan(known * 0.5);
    expect((await login("ghost@example.com", "x")).json.detail).toBe(
      (await login("admin@demo.test", "x")).json.detail,
    );
  });
});
