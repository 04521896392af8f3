// Every role against every route: the policy table is the single source of who may call what,
// and the app refuses everyone else. Also: every registered route has a rule.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { POLICY, ruleKey } from "./policy";

type Caller = { role: string; token?: string; cookie?: string };
let t: TestApp;
const callers: Caller[] = [];

beforeAll(async () => {
  t = await makeTestApp({ patients: 6 });
  callers.push({ role: "anonymous" });
  callers.push({ role: "patient", token: await t.enrolledPatient("policy-patient") });
  const staff = await t.staffLogins(["doctor", "assistant", "rep", "manager", "admin", "safety"]);
  for (const [role, cookie] of Object.entries(staff)) callers.push({ role, cookie });
});
afterAll(() => t.close());

const SAMPLE_ID = "0194f3a0-0000-7000-8000-00000000abcd";

describe("authorization policy", () => {
  it("has a rule for every route the app registers, and no rule without a route", () => {
    const registered = new Set(
      t.app.routes.filter((r) => r.method !== "ALL").map((r) => ruleKey(r.method, r.path)),
    );
    expect([...registered].filter((k) => !POLICY[k])).toEqual([]);
    expect(Object.keys(POLICY).filter((k) => !registered.has(k))).toEqual([]);
  });

  const routes = Object.entries(POLICY);
  it.each(routes)("%s admits exactly its roles", async (key, roles) => {
    const [method, pattern] = key.split(" ") as [string, string];
    const path = pattern.replace(/:(\w+)/g, (_m, name) => (name === "code" ? "A-DEMO-CHEN" : SAMPLE_ID));
    for (const caller of callers) {
      // Erasure and logout would end the caller's own session: skip calling them for allowed roles.
      const destructive = key === "DELETE /api/v1/me" || key === "POST /api/v1/auth/logout";
      const allowed = roles.includes("public") || roles.includes(caller.role as never);
      if (destructive && allowed) continue;
      const r = await t.call(method, path, {
        token: caller.token,
        cookie: caller.cookie,
        body: method === "GET" ? undefined : {},
      });
      if (allowed) {
        expect([401, 403], `${caller.role} → ${key} answered ${r.status}`).not.toContain(r.status);
      } else if (caller.role === "anonymous") {
        expect(r.status, `${caller.role} → ${key}`).toBe(401);
      } else {
        expect(r.status, `${caller.role} → ${key}`).toBe(403);
      }
      expect(r.status, `${caller.role} → ${key} must never 500`).toBeLessThan(500);
    }
  });
});

describe("tenancy", () => {
  it("doctor B cannot see clinic A's patients: absent from the list, 404 by URL", async () => {
    const doctorA = callers.find((c) => c.role === "doctor")?.cookie;
    const doctorB = await t.portalLogin("doctor.b@demo.test");
    const listA = await t.call("GET", "/api/v1/patients", { cookie: doctorA });
    const listB = await t.call("GET", "/api/v1/patients", { cookie: doctorB });
    const idsB = new Set(listB.json.map((r: { patientId: string }) => r.patientId));
    const aPatient = listA.json[0].patientId as string;
    expect(idsB.has(aPatient)).toBe(false);
    for (const sub of ["summary", "readings?kind=bp", "doses"]) {
      const r = await t.call("GET", `/api/v1/patients/${aPatient}/${sub}`, { cookie: doctorB });
      expect(r.status).toBe(404);
    }
  });

  it("audits every clinician read of a patient", async () => {
    const doctorA = callers.find((c) => c.role === "doctor")?.cookie;
    const list = await t.call("GET", "/api/v1/patients", { cookie: doctorA });
    const id = list.json[0].patientId as string;
    const summary = await t.call("GET", `/api/v1/patients/${id}/summary`, { cookie: doctorA });
    // The programme's thresholds travel with the summary, so the portal draws this patient's bands.
    expect(summary.json.thresholds.glucose.rangeHigh).toBe(10);
    const rows = await t.db.query.auditEvents.findMany({ where: (a, { eq }) => eq(a.patientId, id) });
    expect(rows.map((r) => r.action)).toContain("read_summary");
    expect(rows[0]?.actorId).toBe("user-doctorA");
  });

  it("a patient cannot touch another patient's records", async () => {
    const a = await t.enrolledPatient("tenant-a");
    const b = await t.enrolledPatient("tenant-b");
    const plan = {
      id: SAMPLE_ID,
      drug: "二甲双胍",
      dose: "500 mg",
      times: ["08:00"],
      startDate: "2026-11-01",
    };
    expect((await t.call("POST", "/api/v1/me/plans", { token: a, body: plan })).status).toBe(201);
    // B reusing A's plan id is a conflict that reveals nothing; B cannot log doses against it.
    const reuse = await t.call("POST", "/api/v1/me/plans", { token: b, body: plan });
    expect(reuse.status).toBe(409);
    expect(JSON.stringify(reuse.json)).not.toContain("二甲双胍");
    const dose = await t.call("POST", "/api/v1/me/doses", {
      token: b,
      body: {
        id: "0194f3a0-0000-7000-8000-00000000dd01",
        planId: SAMPLE_ID,
        scheduledAt: "2026-11-20T08:00:00+08:00",
        status: "taken",
      },
    });
    expect(dose.status).toBe(422);
    expect(
      (await t.call("PATCH", `/api/v1/me/plans/${SAMPLE_ID}`, { token: b, body: { dose: "1 g" } })).status,
    ).toBe(404);
    expect((await t.call("GET", "/api/v1/me/plans", { token: b })).json.plans).toEqual([]);
  });
});

describe("portal sessions", () => {
  it("refuses a cookie-authenticated state change without our Origin (CSRF)", async () => {
    const cookie = callers.find((c) => c.role === "doctor")?.cookie;
    const r = await t.call("POST", `/api/v1/alerts/${SAMPLE_ID}/ack`, {
      cookie,
      origin: "https://evil.example",
    });
    expect(r.status).toBe(403);
    const none = await t.call("POST", `/api/v1/alerts/${SAMPLE_ID}/ack`, { cookie, origin: null });
    expect(none.status).toBe(403);
    const ours = await t.call("POST", `/api/v1/alerts/${SAMPLE_ID}/ack`, { cookie });
    expect(ours.status).toBe(404); // passes CSRF, then: no such alert in the doctor's clinics
  });

  it("locks an account after five wrong passwords and says so", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.call("POST", "/api/v1/auth/login", {
        body: { email: "manager@demo.test", password: "wrong" },
      });
      expect(r.status).toBe(401);
    }
    const locked = await t.call("POST", "/api/v1/auth/login", {
      body: { email: "manager@demo.test", password: "steady-demo" },
    });
    expect(locked.status).toBe(423);
    expect(locked.json.detail).toMatch(/locked/);
    t.setNow(t.now + 16 * 60_000);
    const ok = await t.call("POST", "/api/v1/auth/login", {
      body: { email: "manager@demo.test", password: "steady-demo" },
    });
    expect(ok.status).toBe(200);
  });

  it("a signed-out cookie no longer works", async () => {
    const cookie = await t.portalLogin("doctor.a@demo.test");
    expect((await t.call("POST", "/api/v1/auth/logout", { cookie })).status).toBe(204);
    expect((await t.call("GET", "/api/v1/patients", { cookie })).status).toBe(401);
  });
});
