// The login limits and headers through the real Node server (socket addresses, group commit,
// static pages), not only through app.request: 40 parallel wrong passwords over HTTP, the
// per-client limit keyed by the TCP peer or by a configured proxy header, HSTS in production.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./entry-node";

const dir = mkdtempSync(join(tmpdir(), "steady-trust-node-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const login = (base: string, email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email, password }),
  });

describe("dev server, client address from the socket", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      dbUrl: `file:${join(dir, "a.db")}`,
      seedPatients: 0,
      quiet: true,
      env: { STEADY_MODE: "dev", STEADY_REMINDERS: "0" },
    });
  });
  afterAll(() => server.close());

  it("40 parallel wrong passwords over HTTP: at most 5 answer 401, the rest 423", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(server.baseUrl, "doctor.b@demo.test", `w-${i}`).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 423)).toBe(true);
  });

  it("the 21st failure from this address is 429 with Retry-After, even for other emails", async () => {
    // The burst above spent 5 of this address's 20 failures (the 423s were not checked).
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++)
      statuses.push((await login(server.baseUrl, `x${i}@example.com`, "guess")).status);
    expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
    expect(statuses[15]).toBe(429);
    const limited = await login(server.baseUrl, "y@example.com", "guess");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // X-Forwarded-For is not trusted without CLIENT_IP_HEADER: a forged one changes nothing.
    const forged = await login(server.baseUrl, "z@example.com", "guess", {
      "x-forwarded-for": "203.0.113.9",
    });
    expect(forged.status).toBe(429);
  });
});

describe("bodies over real HTTP", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      dbUrl: `file:${join(dir, "c.db")}`,
      seedPatients: 0,
      quiet: true,
      env: { STEADY_MODE: "dev", STEADY_REMINDERS: "0" },
    });
  });
  afterAll(() => server.close());

  it("a DELETE without a body (no content-type, no length) is not 415; a text/plain body is", async () => {
    const { token } = (await (
      await fetch(`${server.baseUrl}/api/v1/auth/wechat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: "dev:http-delete" }),
      })
    ).json()) as { token: string };
    const plain = await fetch(`${server.baseUrl}/api/v1/me/bp`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: "{}",
    });
    expect(plain.status).toBe(415);
    const gone = await fetch(`${server.baseUrl}/api/v1/me`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(gone.status).toBeLessThan(300);
  });
});

describe("production server behind a proxy", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      dbUrl: `file:${join(dir, "b.db")}`,
      quiet: true,
      env: {
        STEADY_MODE: "production",
        STEADY_REMINDERS: "0",
        PUBLIC_ORIGIN: "https://steady.example.cn/",
        CLIENT_IP_HEADER: "X-Forwarded-For",
      },
    });
  });
  afterAll(() => server.close());

  it("counts failures per address the proxy appended (the last X-Forwarded-For entry)", async () => {
    for (let i = 0; i < 20; i++) {
      const r = await login(server.baseUrl, `p${i}@example.com`, "guess", {
        "x-forwarded-for": `1.2.3.4, 198.51.100.7`,
      });
      expect(r.status).toBe(401);
    }
    const limited = await login(server.baseUrl, "q@example.com", "guess", {
      "x-forwarded-for": "9.9.9.9, 198.51.100.7",
    });
    expect(limited.status).toBe(429);
    const other = await login(server.baseUrl, "q@example.com", "guess", {
      "x-forwarded-for": "198.51.100.8",
    });
    expect(other.status).toBe(401);
  });

  it("answers with HSTS on API and pages, and has no dev outbox", async () => {
    const health = await fetch(`${server.baseUrl}/api/v1/health`);
    expect(health.headers.get("strict-transport-security")).toMatch(/max-age=/);
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${server.baseUrl}/api/v1/dev/outbox`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/_headers`)).status).toBe(404);
  });
});
