// The local Node server runs the scheduler: against the fake WeChat server when WECHAT_API_BASE
// points at it, or printing to the console without credentials. Each server start runs one
// scheduler pass at once, and closing the server waits for it, so no test waits on the clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeSms, startFakeSms } from "../../../tests/fakes/sms-server";
import { type FakeWechat, startFakeWechat } from "../../../tests/fakes/wechat-server";
import { startServer } from "../entry-node";
import { SMS_TEXTS } from "../sms/templates";
import { DEV_TEMPLATES } from "./templates";

const SH_0800 = Date.parse("2026-11-20T00:00:00Z"); // 08:00 in Shanghai
const BEFORE = Date.parse("2026-11-19T12:00:00Z");

let dir: string;
let fake: FakeWechat;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "steady-host-"));
  fake = await startFakeWechat({
    templates: Object.fromEntries(
      DEV_TEMPLATES.map((t) => [t.templateId, { keys: Object.values(t.fields) }]),
    ),
  });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Enrols a patient with an 08:00 plan and one accepted reminder, through the server's API. */
async function preparePatient(
  dbUrl: string,
  env: Record<string, string>,
  name: string,
  opts: { subscribe?: boolean; smsPhone?: string } = {},
) {
  const server = await startServer({
    port: 0,
    dbUrl,
    seedPatients: 0,
    quiet: true,
    clock: () => BEFORE,
    env,
  });
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const token = (await call("POST", "/api/v1/auth/wechat", null, { code: `dev:${name}` })).json
    .token as string;
  await call("POST", "/api/v1/enrol", token, {
    code: "A-DEMO-CHEN",
    consent: { version: "2026-01", accepted: true },
    profile: { name, birthYear: 1950, sex: "male" },
  });
  const plan = await call("POST", "/api/v1/me/plans", token, {
    id: crypto.randomUUID(),
    drug: "二甲双胍",
    dose: "500 mg",
    times: ["08:00"],
    startDate: "2026-11-20",
  });
  expect(plan.status).toBe(201);
  if (opts.subscribe ?? true) {
    const sub = await call("POST", "/api/v1/me/subscriptions", token, {
      templateId: "dev-dose-reminder",
      result: "accept",
    });
    expect(sub.status).toBe(201);
  }
  if (opts.smsPhone) {
    const sms = await call("PUT", "/api/v1/me/sms", token, {
      phone: opts.smsPhone,
      consent: { version: "sms-2026-01", accepted: true },
    });
    expect(sms.status).toBe(200);
  }
  await server.close();
  return { openid: `dev:${name}` };
}

/** What the dev server prints while it starts at 08:00:30 Shanghai (one scheduler pass) and stops. */
async function consoleOfOneRun(dbUrl: string): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.join(" "));
  });
  try {
    const server = await startServer({
      port: 0,
      dbUrl,
      clock: () => SH_0800 + 30_000,
      env: { STEADY_MODE: "dev" },
    });
    await server.close();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe("the Node server's reminder timer", () => {
  it("sends through WeChat at WECHAT_API_BASE (the fake server)", async () => {
    const dbUrl = `file:${join(dir, "wechat.db")}`;
    const env = {
      STEADY_MODE: "dev",
      WECHAT_API_BASE: fake.baseUrl,
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.appSecret,
    };
    const { openid } = await preparePatient(dbUrl, env, "hu");
    fake.subscribe(openid, "dev-dose-reminder", 1);
    const server = await startServer({ port: 0, dbUrl, quiet: true, clock: () => SH_0800 + 30_000, env });
    await server.close(); // waits for the pass that started with the server
    expect(fake.messages.filter((m) => m.touser === openid).map((m) => m.data.thing1?.value)).toEqual([
      "二甲双胍 500 mg",
    ]);
  });

  it("prints the reminder to the console without WeChat credentials", async () => {
    const dbUrl = `file:${join(dir, "console.db")}`;
    await preparePatient(dbUrl, { STEADY_MODE: "dev" }, "ma");
    const lines = await consoleOfOneRun(dbUrl);
    expect(lines.filter((l) => l.startsWith("[reminder] "))).toEqual([
      expect.stringMatching(
        /dose 二甲双胍 500 mg @ 2026-11-20 08:00 Asia\/Shanghai → 二甲双胍 500 mg \| 2026年11月20日 08:00/,
      ),
    ]);
    expect(lines.some((l) => /\[reminders .*\] 1 sent/.test(l))).toBe(true);
  });

  it("does not run when STEADY_REMINDERS=0", async () => {
    const dbUrl = `file:${join(dir, "off.db")}`;
    const env = {
      STEADY_MODE: "dev",
      WECHAT_API_BASE: fake.baseUrl,
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.appSecret,
    };
    const { openid } = await preparePatient(dbUrl, env, "off");
    fake.subscribe(openid, "dev-dose-reminder", 1);
    const server = await startServer({
      port: 0,
      dbUrl,
      quiet: true,
      clock: () => SH_0800 + 30_000,
      env: { ...env, STEADY_REMINDERS: "0" },
    });
    await server.close();
    expect(fake.messages.filter((m) => m.touser === openid)).toHaveLength(0);
  });

  it("sends by SMS through TENCENT_SMS_* (the fake Tencent server) when the patient has no WeChat quota", async () => {
    const fakeSms: FakeSms = await startFakeSms({
      templates: { "5000001": SMS_TEXTS.dose },
      now: () => SH_0800 + 30_000,
    });
    try {
      const dbUrl = `file:${join(dir, "sms.db")}`;
      const env = {
        STEADY_MODE: "dev",
        WECHAT_API_BASE: fake.baseUrl,
        WECHAT_APPID: fake.appId,
        WECHAT_SECRET: fake.appSecret,
        TENCENT_SMS_API_BASE: fakeSms.baseUrl,
        TENCENT_SMS_SECRET_ID: fakeSms.secretId,
        TENCENT_SMS_SECRET_KEY: fakeSms.secretKey,
        TENCENT_SMS_SDK_APP_ID: fakeSms.sdkAppId,
        TENCENT_SMS_SIGN_NAME: fakeSms.signName,
        TENCENT_SMS_TEMPLATE_DOSE: "5000001",
      };
      await preparePatient(dbUrl, env, "sms-host", { subscribe: false, smsPhone: "13700000009" });
      const server = await startServer({ port: 0, dbUrl, quiet: true, clock: () => SH_0800 + 30_000, env });
      await server.close();
      expect(fakeSms.delivered.map((d) => [d.phoneNumber, d.text])).toEqual([
        ["+8613700000009", "【稳稳健康】您设置的08:00用药提醒时间到了，请按时用药。"],
      ]);
    } finally {
      await fakeSms.close();
    }
  });

  it("prints the SMS in local mode without Tencent credentials", async () => {
    const dbUrl = `file:${join(dir, "sms-console.db")}`;
    await preparePatient(dbUrl, { STEADY_MODE: "dev" }, "sms-console", {
      subscribe: false,
      smsPhone: "13700000010",
    });
    const lines = await consoleOfOneRun(dbUrl);
    expect(lines.filter((l) => l.startsWith("[sms] "))).toEqual([
      "[sms] +86137****010 【稳稳】您设置的08:00用药提醒时间到了，请按时用药。",
    ]);
    expect(lines.some((l) => /\[reminders .*\] 1 by SMS/.test(l))).toBe(true);
  });
});
