// Optimistic concurrency (ADR 0011, issue 11 part 4): every mutable resource carries `version`,
// answers carry `ETag: "<version>"`, and a write must send `If-Match`: stale → 412 with the
// current resource and nothing changed, missing → 428, fresh → 200 with the next ETag. Eight
// racing writes based on one version give exactly one 200 and seven 412s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { makeTestApp, T0, type TestApp } from "./app.test-support";
import { defaultConfig } from "./env";

let t: TestApp;
let doctor: string;
let admin: string;
let patient: string;
let patientId: string;
let tick = 0;

beforeAll(async () => {
  t = await makeTestApp();
  doctor = await t.portalLogin("doctor.a@demo.test");
  admin = await t.portalLogin("admin@demo.test");
  patient = await t.enrolledPatient("并发测试");
  patientId = (await t.call("GET", "/api/v1/me", { token: patient })).json.patientId;
});
afterAll(() => t.close());

/** Each write at its own instant, so plan revisions never share a `validFrom`. */
const later = () => t.setNow(T0 + ++tick * 60_000);
const ifMatch = (v: number | string) => ({ "if-match": typeof v === "number" ? `"${v}"` : v });

async function newPlan(drug = "氨氯地平") {
  const id = crypto.randomUUID();
  const r = await t.call("POST", "/api/v1/me/plans", {
    token: patient,
    body: { id, drug, dose: "5mg", times: ["08:00"], startDate: "2026-11-01" },
  });
  expect(r.status).toBe(201);
  expect(r.json.version).toBe(1);
  expect(r.headers.get("etag")).toBe('"1"');
  return id;
}

const myPlan = async (id: string) =>
  (await t.call("GET", "/api/v1/me/plans", { token: patient })).json.plans.find(
    (p: { id: string }) => p.id === id,
  );

/** Eight writes in parallel, all based on the same version: exactly one may win. */
async function race(send: (i: number) => Promise<{ status: number; json: { version?: number } }>) {
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => send(i)));
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
  return answers.findIndex((a) => a.status === 200);
}

describe("If-Match parsing", () => {
  it("answers 428 without If-Match (or with *), 400 for a tag that names no version", async () => {
    const id = await newPlan();
    const path = `/api/v1/me/plans/${id}`;
    const none = await t.call("PATCH", path, { token: patient, body: { dose: "10mg" } });
    expect(none.status).toBe(428);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
    expect(none.json.errors).toEqual([{ path: "If-Match", message: "required" }]);
    const star = await t.call("PATCH", path, {
      token: patient,
      body: { dose: "10mg" },
      headers: ifMatch("*"),
    });
    expect(star.status).toBe(428);
    const junk = await t.call("PATCH", path, {
      token: patient,
      body: { dose: "10mg" },
      headers: ifMatch("v1"),
    });
    expect(junk.status).toBe(400);
    expect((await myPlan(id)).dose).toBe("5mg");
    expect((await myPlan(id)).version).toBe(1);
  });

  it('accepts the weak form W/"n" a CDN may hand the client', async () => {
    const id = await newPlan();
    later();
    const r = await t.call("PATCH", `/api/v1/me/plans/${id}`, {
      token: patient,
      body: { dose: "10mg" },
      headers: ifMatch('W/"1"'),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("etag")).toBe('"2"');
  });
});

describe("medication plans (patient and doctor)", () => {
  it("fresh → 200 with the next version; stale → 412 with the current plan, nothing changed", async () => {
    const id = await newPlan();
    later();
    const ok = await t.call("PATCH", `/api/v1/patients/${patientId}/plans/${id}`, {
      cookie: doctor,
      body: { dose: "10mg" },
      headers: ifMatch(1),
    });
    expect(ok.status).toBe(200);
    expect(ok.json.version).toBe(2);
    expect(ok.headers.get("etag")).toBe('"2"');

    // The patient's edit was based on version 1: it must not undo the doctor's change.
    later();
    const stale = await t.call("PATCH", `/api/v1/me/plans/${id}`, {
      token: patient,
      body: { dose: "2.5mg", times: ["07:00"] },
      headers: ifMatch(1),
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("content-type")).toContain("application/problem+json");
    expect(stale.headers.get("etag")).toBe('"2"');
    expect(stale.json.current).toMatchObject({ id, dose: "10mg", times: ["08:00"], version: 2 });
    const after = await myPlan(id);
    expect(after).toMatchObject({ dose: "10mg", times: ["08:00"], version: 2 });
    expect(after.history).toHaveLength(2);

    // Redone on top of version 2, it goes through.
    const redo = await t.call("PATCH", `/api/v1/me/plans/${id}`, {
      token: patient,
      body: { times: ["07:00"] },
      headers: ifMatch(2),
    });
    expect(redo.status).toBe(200);
    expect(redo.json).toMatchObject({ dose: "10mg", times: ["07:00"], version: 3 });
  });

  it("a stale stop (DELETE) is 412 and leaves the plan running; a fresh one stops it", async () => {
    const id = await newPlan();
    later();
    await t.call("PATCH", `/api/v1/me/plans/${id}`, {
      token: patient,
      body: { dose: "10mg" },
      headers: ifMatch(1),
    });
    const stale = await t.call("DELETE", `/api/v1/patients/${patientId}/plans/${id}`, {
      cookie: doctor,
      headers: ifMatch(1),
    });
    expect(stale.status).toBe(412);
    expect(stale.json.current).toMatchObject({ stoppedAt: null, dose: "10mg", version: 2 });
    expect((await myPlan(id)).stoppedAt).toBeNull();
    const none = await t.call("DELETE", `/api/v1/me/plans/${id}`, { token: patient });
    expect(none.status).toBe(428);
    const ok = await t.call("DELETE", `/api/v1/me/plans/${id}`, { token: patient, headers: ifMatch(2) });
    expect(ok.status).toBe(200);
    expect(ok.json.stoppedAt).not.toBeNull();
    expect(ok.headers.get("etag")).toBe('"3"');
  });

  it("8 racing PATCHes with the same If-Match: one 200, seven 412, one revision", async () => {
    const id = await newPlan();
    later();
    const doses = Array.from({ length: 8 }, (_, i) => `${i + 1}mg`);
    const winner = await race((i) =>
      i % 2
        ? t.call("PATCH", `/api/v1/me/plans/${id}`, {
            token: patient,
            body: { dose: doses[i] },
            headers: ifMatch(1),
          })
        : t.call("PATCH", `/api/v1/patients/${patientId}/plans/${id}`, {
            cookie: doctor,
            body: { dose: doses[i] },
            headers: ifMatch(1),
          }),
    );
    const after = await myPlan(id);
    expect(after).toMatchObject({ dose: doses[winner], version: 2 });
    expect(after.history).toHaveLength(2);
    expect(after.history[1].dose).toBe(doses[winner]);
  });

  it("8 racing stops: one 200, seven 412", async () => {
    const id = await newPlan();
    later();
    await race(() => t.call("DELETE", `/api/v1/me/plans/${id}`, { token: patient, headers: ifMatch(1) }));
    expect((await myPlan(id)).version).toBe(2);
  });
});

describe("patient targets and condition (doctor)", () => {
  const summary = async () =>
    (await t.call("GET", `/api/v1/patients/${patientId}/summary`, { cookie: doctor })).json;

  it("targets: version in the summary; stale → 412, fresh → 200; racing → one winner", async () => {
    const v0 = (await summary()).patient.targetsVersion;
    expect(v0).toBe(1);
    const path = `/api/v1/patients/${patientId}/targets`;
    const bp = { systolic: 130, diastolic: 80 };
    expect((await t.call("PUT", path, { cookie: doctor, body: { bp } })).status).toBe(428);
    const ok = await t.call("PUT", path, { cookie: doctor, body: { bp }, headers: ifMatch(1) });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ bp, usesProgrammeDefault: false, version: 2 });
    expect(ok.headers.get("etag")).toBe('"2"');
    const stale = await t.call("PUT", path, { cookie: doctor, body: { bp: null }, headers: ifMatch(1) });
    expect(stale.status).toBe(412);
    expect(stale.json.current).toEqual({ bp, usesProgrammeDefault: false, version: 2 });
    expect((await summary()).bp.target).toEqual(bp);

    const winner = await race((i) =>
      t.call("PUT", path, {
        cookie: doctor,
        body: { bp: { systolic: 120 + i, diastolic: 75 } },
        headers: ifMatch(2),
      }),
    );
    const s = await summary();
    expect(s.bp.target).toEqual({ systolic: 120 + winner, diastolic: 75 });
    expect(s.patient.targetsVersion).toBe(3);
  });

  it("condition: stale → 412, fresh → 200; its version is independent of the targets'", async () => {
    const start = (await summary()).patient;
    const path = `/api/v1/patients/${patientId}/condition`;
    expect((await t.call("PUT", path, { cookie: doctor, body: { condition: "both" } })).status).toBe(428);
    const ok = await t.call("PUT", path, {
      cookie: doctor,
      body: { condition: "both" },
      headers: ifMatch(start.conditionVersion),
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ condition: "both", version: start.conditionVersion + 1 });
    const stale = await t.call("PUT", path, {
      cookie: doctor,
      body: { condition: null },
      headers: ifMatch(start.conditionVersion),
    });
    expect(stale.status).toBe(412);
    expect(stale.json.current).toEqual({ condition: "both", version: start.conditionVersion + 1 });
    const after = (await summary()).patient;
    expect(after.condition).toBe("both");
    expect(after.targetsVersion).toBe(start.targetsVersion);

    const winner = await race((i) =>
      t.call("PUT", path, {
        cookie: doctor,
        body: { condition: i % 2 ? "diabetes" : "hypertension" },
        headers: ifMatch(start.conditionVersion + 1),
      }),
    );
    expect((await summary()).patient.condition).toBe(winner % 2 ? "diabetes" : "hypertension");
  });
});

describe("programme settings (admin)", () => {
  const auditCount = async () =>
    Number(
      (await t.db.run("SELECT count(*) AS n FROM audit_events WHERE action = 'update_programme_settings'"))
        .rows[0]?.n,
    );

  it("GET carries the ETag; stale → 412 and nothing written (not even audit); racing → one winner", async () => {
    const get = await t.call("GET", "/api/v1/programme/settings", { cookie: admin });
    const v = get.json.version as number;
    expect(get.headers.get("etag")).toBe(`"${v}"`);
    const audits = await auditCount();
    const path = "/api/v1/programme/settings";
    expect((await t.call("PUT", path, { cookie: admin, body: { name: "稳稳 2" } })).status).toBe(428);
    const ok = await t.call("PUT", path, { cookie: admin, body: { name: "稳稳 2" }, headers: ifMatch(v) });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ name: "稳稳 2", version: v + 1 });
    expect(ok.headers.get("etag")).toBe(`"${v + 1}"`);
    const stale = await t.call("PUT", path, {
      cookie: admin,
      body: { name: "旧名字", consent: { version: "2027-01", text: "新的同意书" } },
      headers: ifMatch(v),
    });
    expect(stale.status).toBe(412);
    expect(stale.json.current).toMatchObject({ name: "稳稳 2", version: v + 1 });
    const after = (await t.call("GET", path, { cookie: admin })).json;
    expect(after).toMatchObject({ name: "稳稳 2", version: v + 1 });
    expect(after.consent.version).toBe(get.json.consent.version);
    expect(await auditCount()).toBe(audits + 1);

    const winner = await race((i) =>
      t.call("PUT", path, { cookie: admin, body: { name: `稳稳 ${i}` }, headers: ifMatch(v + 1) }),
    );
    expect((await t.call("GET", path, { cookie: admin })).json).toMatchObject({
      name: `稳稳 ${winner}`,
      version: v + 2,
    });
    expect(await auditCount()).toBe(audits + 2);
  });
});

describe("reminder settings (patient)", () => {
  it("version 0 until first saved; stale → 412; racing → one winner", async () => {
    const token = await t.enrolledPatient("提醒并发");
    const get = await t.call("GET", "/api/v1/me/reminders", { token });
    expect(get.json.version).toBe(0);
    expect(get.headers.get("etag")).toBe('"0"');
    const path = "/api/v1/me/reminders";
    expect((await t.call("PATCH", path, { token, body: { weeklyTips: false } })).status).toBe(428);

    // The very first save races too: only one may create the row.
    const first = await race((i) =>
      t.call("PATCH", path, { token, body: { followUpDelayMinutes: 30 + i }, headers: ifMatch(0) }),
    );
    const now = (await t.call("GET", path, { token })).json;
    expect(now.version).toBe(1);
    expect(now.settings.followUpDelayMinutes).toBe(30 + first);

    const ok = await t.call("PATCH", path, { token, body: { weeklyTips: false }, headers: ifMatch(1) });
    expect(ok.status).toBe(200);
    expect(ok.json.version).toBe(2);
    expect(ok.headers.get("etag")).toBe('"2"');
    const stale = await t.call("PATCH", path, { token, body: { enabled: false }, headers: ifMatch(1) });
    expect(stale.status).toBe(412);
    expect(stale.json.current.settings).toMatchObject({ enabled: true, weeklyTips: false });
    expect(stale.json.current.version).toBe(2);
    expect((await t.call("GET", path, { token })).json.settings.enabled).toBe(true);
  });
});

describe("the OpenAPI description", () => {
  it("lists If-Match, the ETag and the 412/428 answers on every conditional write", async () => {
    const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
    const { CONDITIONAL_ROUTES } = await import("./http/concurrency");
    expect(CONDITIONAL_ROUTES.size).toBe(8);
    for (const key of CONDITIONAL_ROUTES) {
      const [method, path] = key.split(" ") as [string, string];
      const op = doc.paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
      expect(op?.parameters, key).toContainEqual(
        expect.objectContaining({ name: "If-Match", in: "header", required: true }),
      );
      expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(["412", "428"]));
      expect(op.responses["200"].headers.ETag, key).toBeDefined();
    }
  });
});

describe("CORS for a cross-origin H5 build", () => {
  it("allows If-Match in a preflight and exposes ETag", async () => {
    const origin = "https://h5.steady.example";
    const app = createApp({
      db: t.db,
      clock: () => t.now,
      wechat: { codeToSession: async (code) => ({ openid: `wx:${code}` }) },
      config: { ...defaultConfig(), corsOrigins: [origin] },
    });
    const pre = await app.request("http://localhost/api/v1/me/plans/x", {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "if-match",
      },
    });
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("if-match");
    const get = await app.request("http://localhost/api/v1/me/reminders", {
      headers: { origin, authorization: `Bearer ${patient}` },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("etag");
    expect(get.headers.get("etag")).toMatch(/^"\d+"$/);
  });
});
