// The patient's reminder routes over the real app and a real libSQL file.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { T0 } from "../app.test-support";
import { DOSE_TPL, type Harness, makeHarness, TEMPLATES, TIP_TPL, uuid } from "./harness.test-support";
import { reachability } from "./views";

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await makeHarness(T0);
  token = (await h.patient("route", { times: ["08:00"], startDate: "2026-11-20" })).token;
});
afterAll(() => h.close());

const subscribe = (body: object, as = token) =>
  h.t.call("POST", "/api/v1/me/subscriptions", { token: as, body });
const view = async () => (await h.t.call("GET", "/api/v1/me/reminders", { token })).json;

describe("POST /me/subscriptions", () => {
  it("counts an acceptance once, however often it is reported (same id)", async () => {
    const id = uuid();
    const first = await subscribe({ id, templateId: DOSE_TPL, result: "accept" });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ accepted: true, quota: { remaining: 1, acceptedTotal: 1 } });
    const replay = await subscribe({ id, templateId: DOSE_TPL, result: "accept" });
    expect(replay.status).toBe(200);
    expect(replay.json.quota.remaining).toBe(1);
    // The same id for another result is a conflict, and changes nothing.
    const other = await subscribe({ id, templateId: DOSE_TPL, result: "reject" });
    expect(other.status).toBe(409);
    expect((await view()).remindersLeft).toBe(1);
  });

  it("treats results starting with accept as consent, and nothing else", async () => {
    expect((await subscribe({ id: uuid(), templateId: DOSE_TPL, result: "reject" })).json.accepted).toBe(
      false,
    );
    expect((await subscribe({ id: uuid(), templateId: DOSE_TPL, result: "ban" })).json.accepted).toBe(false);
    expect(
      (await subscribe({ id: uuid(), templateId: DOSE_TPL, result: "acceptWithAudio" })).json.accepted,
    ).toBe(true);
    // Without an id every report counts (1 from the test above + 1 here + 1 = 3).
    await subscribe({ templateId: DOSE_TPL, result: "accept" });
    expect((await view()).remindersLeft).toBe(3);
  });

  it("refuses a template the programme does not send, naming the field", async () => {
    const r = await subscribe({ id: uuid(), templateId: "someone-elses-template", result: "accept" });
    expect(r.status).toBe(422);
    expect(r.json.errors).toEqual([{ path: "templateId", message: expect.any(String) }]);
    const bad = await subscribe({ id: "not-a-uuid", templateId: DOSE_TPL, result: "" });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["id", "result"]);
  });

  it("is for patients only", async () => {
    const cookie = await h.t.portalLogin("doctor.a@demo.test");
    const r = await h.t.call("POST", "/api/v1/me/subscriptions", {
      cookie,
      body: { templateId: DOSE_TPL, result: "accept" },
    });
    expect(r.status).toBe(403);
    expect((await h.t.call("GET", "/api/v1/me/reminders", { origin: null })).status).toBe(401);
  });
});

describe("GET and PATCH /me/reminders", () => {
  it("shows the settings, the templates to ask for and what is left per template", async () => {
    const v = await view();
    expect(v.settings).toEqual({
      enabled: true,
      followUps: true,
      weeklyTips: true,
      followUpDelayMinutes: 60,
      refillLeadDays: 7,
      locale: "zh-CN",
    });
    expect(v.status).toBe("ok"); // 3 left
    expect(v.subscribeTemplateIds).toEqual([DOSE_TPL, TIP_TPL]);
    expect(v.quota).toEqual([
      expect.objectContaining({ templateId: DOSE_TPL, purposes: ["dose", "follow_up"], remaining: 3 }),
      expect.objectContaining({ templateId: TIP_TPL, purposes: ["tip"], remaining: 0, acceptedTotal: 0 }),
    ]);
  });

  it("changes only what is sent and validates each field", async () => {
    const r = await h.t.call("PATCH", "/api/v1/me/reminders", {
      token,
      body: { followUpDelayMinutes: 90, weeklyTips: false },
      headers: { "if-match": `"${(await view()).version}"` },
    });
    expect(r.status).toBe(200);
    expect(r.json.settings).toMatchObject({ followUpDelayMinutes: 90, weeklyTips: false, followUps: true });
    const bad = await h.t.call("PATCH", "/api/v1/me/reminders", {
      token,
      body: { followUpDelayMinutes: 5, locale: "fr" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "followUpDelayMinutes",
      "locale",
    ]);
    expect((await h.t.call("PATCH", "/api/v1/me/reminders", { token, body: {} })).status).toBe(422);
  });

  it("turns reminders off and on", async () => {
    const off = await h.t.call("PATCH", "/api/v1/me/reminders", {
      token,
      body: { enabled: false },
      headers: { "if-match": `"${(await view()).version}"` },
    });
    expect(off.json).toMatchObject({ status: "off", settings: { enabled: false, followUpDelayMinutes: 90 } });
    const on = await h.t.call("PATCH", "/api/v1/me/reminders", {
      token,
      body: { enabled: true },
      headers: { "if-match": off.headers.get("etag") ?? "" },
    });
    expect(on.json.status).toBe("ok");
  });
});

describe("long-term templates and reachability", () => {
  it("a long-term template needs one acceptance and shows no count", async () => {
    const lt = await makeHarness(T0, [{ ...TEMPLATES[0], longTerm: true } as (typeof TEMPLATES)[number]]);
    try {
      const p = await lt.patient("lt", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 1 });
      const v = (await lt.t.call("GET", "/api/v1/me/reminders", { token: p.token })).json;
      expect(v).toMatchObject({ status: "ok", remindersLeft: null });
      expect(v.quota[0]).toMatchObject({ longTerm: true, remaining: null });
    } finally {
      await lt.close();
    }
  });

  it("is off, reachable or unreachable for the doctor", () => {
    const prefs = {
      enabled: true,
      followUps: true,
      weeklyTips: true,
      followUpDelayMinutes: 60,
      refillLeadDays: 7,
      locale: "zh-CN" as const,
    };
    const q = {
      templateId: DOSE_TPL,
      purposes: [],
      longTerm: false,
      acceptedTotal: 1,
      lastAcceptedAt: null,
      refusedAt: null,
    };
    expect(reachability(prefs, { ...q, remaining: 2 })).toBe("reachable");
    expect(reachability(prefs, { ...q, remaining: 0 })).toBe("unreachable");
    expect(reachability(prefs, undefined)).toBe("unreachable");
    expect(reachability(prefs, { ...q, longTerm: true, remaining: null })).toBe("reachable");
    expect(reachability({ ...prefs, enabled: false }, { ...q, remaining: 5 })).toBe("off");
  });
});

describe("erasure", () => {
  it("DELETE /me takes the patient's reminder data with it (foreign keys cascade)", async () => {
    const e = await makeHarness(T0);
    try {
      const p = await e.patient("erase", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 2 });
      const saved = await e.t.call("PATCH", "/api/v1/me/reminders", {
        token: p.token,
        body: { locale: "en" },
        headers: { "if-match": '"0"' },
      });
      expect(saved.status).toBe(200);
      e.t.setNow(Date.parse("2026-11-20T00:00:30Z"));
      expect((await e.run()).sent).toBe(1);
      const count = async () => {
        const rows = await e.t.db.all<{ n: number }>(sql`
          SELECT (SELECT count(*) FROM reminder_sends WHERE patient_id = ${p.patientId})
               + (SELECT count(*) FROM subscription_quota WHERE patient_id = ${p.patientId})
               + (SELECT count(*) FROM subscription_grants WHERE patient_id = ${p.patientId})
               + (SELECT count(*) FROM reminder_settings WHERE patient_id = ${p.patientId}) AS n`);
        return Number(rows[0]?.n);
      };
      expect(await count()).toBe(1 + 1 + 2 + 1);
      expect((await e.t.call("DELETE", "/api/v1/me", { token: p.token })).status).toBe(204);
      expect(await count()).toBe(0);
    } finally {
      await e.close();
    }
  });
});
