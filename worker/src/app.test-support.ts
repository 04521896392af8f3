// Test harness: the real app over a real libSQL database (a temp file), a controllable clock,
// and helpers to sign in as each role. Used by the worker's tests only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "./app";
import { openDb } from "./db/node";
import { type Config, defaultConfig } from "./env";
import { generatedReference } from "./openapi-reference";
import { checkAnswer } from "./response-check.test-support";
import { DEMO_PASSWORD, seedDemo } from "./seed/demo";
import type { WechatClient } from "./wechat/client";

export const ORIGIN = "http://localhost";
export const T0 = Date.parse("2026-11-20T02:00:00Z"); // 10:00 in Shanghai

/** The demo login of each staff role (the doctor and assistant are clinic A's). */
export const STAFF_EMAILS = {
  doctor: "doctor.a@demo.test",
  assistant: "assistant.a@demo.test",
  rep: "rep@demo.test",
  manager: "manager@demo.test",
  admin: "admin@demo.test",
  safety: "safety@demo.test",
} as const;
export type StaffRole = keyof typeof STAFF_EMAILS;

export async function makeTestApp(
  opts: { patients?: number; now?: number; wechat?: WechatClient; config?: Partial<Config> } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "steady-test-"));
  const { db, close } = await openDb(`file:${join(dir, "t.db")}`);
  let now = opts.now ?? T0;
  const clock = () => now;
  const seeded = await seedDemo(db, { patients: opts.patients ?? 0, days: 30, now });
  const config = defaultConfig({ publicOrigin: "https://steady.test", ...opts.config });
  const app = createApp({
    db,
    clock,
    wechat: opts.wechat ?? { codeToSession: async (code) => ({ openid: `wx:${code}` }) },
    config,
    apiReference: generatedReference(config.version),
    // Tests name the client address in a header (in-process requests have no socket).
    clientAddress: (c) => c.req.header("x-test-client"),
  });

  async function call(
    method: string,
    path: string,
    init: {
      body?: unknown;
      token?: string;
      cookie?: string;
      origin?: string | null;
      raw?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined || init.raw !== undefined) headers["content-type"] ??= "application/json";
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.cookie) headers.cookie = init.cookie;
    if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
    const res = await app.request(`${ORIGIN}${path}`, {
      method,
      headers,
      ...(init.raw !== undefined
        ? { body: init.raw }
        : init.body !== undefined
          ? { body: JSON.stringify(init.body) }
          : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes.
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    checkAnswer(method, path, res.status, res.headers.get("content-type") ?? "", json);
    return { status: res.status, json, headers: res.headers };
  }

  async function patientLogin(name: string) {
    const r = await call("POST", "/api/v1/auth/wechat", { body: { code: `dev:${name}` } });
    if (r.status !== 200) throw new Error(`login failed ${r.status}`);
    return r.json.token as string;
  }

  /** A patient enrolled with a clinic's code (clinic A's unless told), with their own profile choices. */
  async function enrolledPatient(
    name: string,
    code = "A-DEMO-CHEN",
    profile: { birthYear?: number; sex?: "female" | "male"; timezone?: string } = {},
  ) {
    const token = await patientLogin(name);
    const r = await call("POST", "/api/v1/enrol", {
      token,
      body: {
        code,
        consent: { version: "2026-01", accepted: true },
        profile: { name, birthYear: 1958, sex: "female", ...profile },
      },
    });
    if (r.status !== 201) throw new Error(`enrol failed ${r.status} ${JSON.stringify(r.json)}`);
    return token;
  }

  async function portalLogin(email: string) {
    const r = await call("POST", "/api/v1/auth/login", { body: { email, password: DEMO_PASSWORD } });
    if (r.status !== 200) throw new Error(`portal login failed ${r.status}`);
    const setCookie = r.headers.get("set-cookie") ?? "";
    return setCookie.split(";")[0] as string;
  }

  /** The patient adds a plan (amlodipine 5 mg unless told); the answer is checked by the caller. */
  function addPlan(
    token: string,
    plan: { id: string; times: string[]; startDate: string; [k: string]: unknown },
  ) {
    return call("POST", "/api/v1/me/plans", { token, body: { drug: "氨氯地平", dose: "5 mg", ...plan } });
  }

  /** A portal session cookie for each of the roles (signed in in order), by role. */
  async function staffLogins<R extends StaffRole>(roles: readonly R[]) {
    const cookies = {} as Record<R, string>;
    for (const role of roles) cookies[role] = await portalLogin(STAFF_EMAILS[role]);
    return cookies;
  }

  return {
    app,
    db,
    seeded,
    call,
    patientLogin,
    enrolledPatient,
    portalLogin,
    staffLogins,
    addPlan,
    setNow: (t: number) => {
      now = t;
    },
    get now() {
      return now;
    },
    close: () => {
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
