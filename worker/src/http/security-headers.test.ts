// Security headers on the API (issue 11): personal data is never cached (`no-store`), nothing is
// sniffed or framed, HSTS in production, and bodies that are not JSON are 415. The page headers of
// the Node server and Cloudflare's `_headers` file share one CSP. (Pages in real Chromium:
// tests/e2e/csp.test.ts.)
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { PAGE_CSP } from "./security-headers";

let t: TestApp;
let doctor: string;
let patient: string;
beforeAll(async () => {
  t = await makeTestApp({ patients: 3 });
  doctor = await t.portalLogin("doctor.a@demo.test");
  patient = await t.enrolledPatient("小王");
});
afterAll(() => t.close());

describe("API responses", () => {
  it("personal data is no-store, nosniff, no-referrer, with a CSP that runs nothing", async () => {
    const calls = [
      await t.call("GET", "/api/v1/patients", { cookie: doctor }),
      await t.call("GET", "/api/v1/me", { token: patient }),
      await t.call("GET", "/api/v1/me/today", { token: patient }),
      await t.call("GET", "/api/v1/auth/me", { cookie: doctor }),
      await t.call("GET", "/api/v1/patients/nope/summary", { cookie: doctor }), // errors too
    ];
    for (const r of calls) {
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(r.headers.get("strict-transport-security")).toBeNull(); // dev mode: plain-HTTP localhost
    }
  });

  it("health and the OpenAPI document may be cached", async () => {
    expect((await t.call("GET", "/api/v1/health")).headers.get("cache-control")).not.toBe("no-store");
    expect((await t.call("GET", "/api/v1/openapi.json")).headers.get("cache-control")).not.toBe("no-store");
  });

  it("production answers carry HSTS", async () => {
    const prod = await makeTestApp({ config: { mode: "production" } });
    try {
      const r = await prod.call("GET", "/api/v1/health");
      expect(r.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    } finally {
      prod.close();
    }
  });
});

describe("bodies that are not JSON", () => {
  it.each([
    ["text/plain", '{"email":"doctor.a@demo.test","password":"x"}'],
    ["application/x-www-form-urlencoded", "email=doctor.a%40demo.test&password=x"],
    ["multipart/form-data; boundary=x", "--x--"],
  ])("%s → 415 problem+json naming the content type", async (type, raw) => {
    const r = await t.call("POST", "/api/v1/auth/login", { raw, headers: { "content-type": type } });
    expect(r.status).toBe(415);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.json.errors[0].path).toBe("content-type");
  });

  it("a JSON body with a charset, and a bodiless POST, pass", async () => {
    const login = await t.call("POST", "/api/v1/auth/login", {
      raw: JSON.stringify({ email: "doctor.a@demo.test", password: "steady-demo" }),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(login.status).toBe(200);
    expect((await t.call("POST", "/api/v1/auth/logout", { cookie: doctor })).status).toBe(204);
  });
});

describe("pages", () => {
  it("Cloudflare's _headers file carries the same CSP and headers as the Node server", () => {
    const file = readFileSync(new URL("../../../portal/public/_headers", import.meta.url), "utf8");
    expect(file).toContain(`Content-Security-Policy: ${PAGE_CSP}\n`);
    expect(file).toContain("X-Content-Type-Options: nosniff");
    expect(file).toContain("Referrer-Policy: no-referrer");
    expect(file).toMatch(/^\/\*$/m);
  });
});
