// Every role × every route with an id in its path × both tenants. Each caller is tried with the
// ids of its own tenant (clinic A's staff and patient) and of the other one (clinic B's). The other
// tenant's ids must answer like ids that don't exist (404, or 403 for a role barred from the
// route), and no answer to anyone outside a patient's care — other clinics, reps, managers,
// admins — ever carries that patient's name, phone or readings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "./app.test-support";
import { POLICY } from "./auth/policy";
import { rawRows } from "./db/driver";

type Tenant = "A" | "B";
type Caller = { name: string; role: string; tenant: Tenant | null; token?: string; cookie?: string };
let t: TestApp;
const callers: Caller[] = [];
/** Ids per tenant, by the kind of thing a path parameter names. */
const ids: Record<Tenant, Record<string, string>> = { A: {}, B: {} };
/** Identifying text of each tenant's patient, which must not leak across. */
const secrets: Record<Tenant, string[]> = { A: [], B: [] };
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

beforeAll(async () => {
  t = await makeTestApp({ patients: 6 });
  const doctorA = await t.portalLogin("doctor.a@demo.test");
  const doctorB = await t.portalLogin("doctor.b@demo.test");
  const patientA = await t.enrolledPatient("矩阵甲", "A-DEMO-CHEN");
  const patientB = await t.enrolledPatient("矩阵乙", "B-DEMO-WANG");
  callers.push(
    { name: "doctorA", role: "doctor", tenant: "A", cookie: doctorA },
    {
      name: "assistantA",
      role: "assistant",
      tenant: "A",
      cookie: await t.portalLogin("assistant.a@demo.test"),
    },
    { name: "doctorB", role: "doctor", tenant: "B", cookie: doctorB },
    { name: "patientA", role: "patient", tenant: "A", token: patientA },
    { name: "patientB", role: "patient", tenant: "B", token: patientB },
    { name: "rep", role: "rep", tenant: null, cookie: await t.portalLogin("rep@demo.test") },
    { name: "manager", role: "manager", tenant: null, cookie: await t.portalLogin("manager@demo.test") },
    { name: "admin", role: "admin", tenant: null, cookie: await t.portalLogin("admin@demo.test") },
  );
  for (const [tenant, token, cookie, clinic, code, n] of [
    ["A", patientA, doctorA, "clinic-a", "A-DEMO-CHEN", 100],
    ["B", patientB, doctorB, "clinic-b", "B-DEMO-WANG", 200],
  ] as const) {
    const me = (await t.call("GET", "/api/v1/me", { token })).json;
    const patientId = me.patientId as string;
    const plan = {
      id: uuid(n + 1),
      drug: `秘药${tenant}`,
      dose: "5 mg",
      times: ["08:00"],
      startDate: "2026-11-01",
    };
    expect((await t.call("POST", "/api/v1/me/plans", { token, body: plan })).status).toBe(201);
    const bp = { id: uuid(n + 2), systolic: 187, diastolic: 117, measuredAt: t.now - 60_000 };
    const reading = await t.call("POST", "/api/v1/me/bp", { token, body: bp });
    expect(reading.json.alert?.id).toBeTruthy();
    const call = await t.call("POST", `/api/v1/patients/${patientId}/follow-ups`, {
      cookie,
      body: { id: uuid(n + 3), outcome: "escalated", note: `升级-${tenant}` },
    });
    expect(call.status).toBe(201);
    const invite = await t.call("POST", "/api/v1/family/invites", {
      token,
      body: {
        id: uuid(n + 4),
        share: { doses: true, bp: true, glucose: true },
        notices: true,
        consent: { version: "family-2026-01", accepted: true },
      },
    });
    const alertId = String(
      (await rawRows(t.db, "SELECT id FROM alerts WHERE patient_id = ?", [patientId]))[0]?.[0],
    );
    ids[tenant] = {
      patient: patientId,
      plan: plan.id,
      alert: alertId,
      call: uuid(n + 3),
      clinic,
      code,
      link: String(invite.json?.id ?? uuid(n + 4)),
      invite: String(invite.json?.code ?? "ZZZZZZZZ"),
    };
    secrets[tenant] = [me.profile.name, plan.drug, `升级-${tenant}`, "187"];
  }
});
afterAll(() => t.close());

/** The id a path parameter takes, by where it stands in the route. */
function fill(path: string, tenant: Tenant): string {
  const own = ids[tenant];
  return path
    .replace(/\/patients\/:id/, `/patients/${own.patient}`)
    .replace(/\/alerts\/:id/, `/alerts/${own.alert}`)
    .replace(/\/follow-ups\/:id/, `/follow-ups/${own.call}`)
    .replace(/\/clinics\/:id/, `/clinics/${own.clinic}`)
    .replace(/\/plans\/:id|\/plans\/:planId/, `/plans/${own.plan}`)
    .replace(/\/(followers|following)\/:id/, `/$1/${own.link}`)
    .replace(/\/codes\/:code/, `/codes/${own.code}`)
    .replace(/\/invites\/:code/, `/invites/${own.invite}`)
    .replace(/:(\w+)/g, uuid(999))
    .replace(/\/readings$/, "/readings?kind=bp");
}

/** Bodies that pass validation, so the scope check (not the validator) decides the answer. */
const BODIES: Record<string, unknown> = {
  "PATCH /api/v1/me/plans/:id": { dose: "10 mg" },
  "PATCH /api/v1/patients/:id/plans/:planId": { dose: "10 mg" },
  "POST /api/v1/patients/:id/notes": { id: uuid(900), body: "跨租户测试" },
  "POST /api/v1/patients/:id/follow-ups": { id: uuid(901), outcome: "not_reached" },
  "POST /api/v1/patients/:id/plans": {
    id: uuid(902),
    drug: "跨租户",
    dose: "1 mg",
    times: ["09:00"],
    startDate: "2026-11-20",
  },
  "PUT /api/v1/patients/:id/targets": { bp: { systolic: 130, diastolic: 80 } },
  "PUT /api/v1/patients/:id/condition": { condition: "hypertension" },
  "PUT /api/v1/patients/:id/revisit": { date: "2099-01-04", department: "心内科" },
  "POST /api/v1/me/plans/:id/refills": { id: uuid(904), tablets: 28 },
  "POST /api/v1/patients/:id/adverse-events": { id: uuid(903), description: "跨租户 头晕" },
  "POST /api/v1/patients/:id/safety-questions/:questionId/answer": { answer: "好多了" },
  "POST /api/v1/me/safety-questions/:id/answer": { answer: "好多了" },
  "POST /api/v1/clinics/:id/invites": { email: "matrix-invitee@demo.test", role: "assistant" },
  "PATCH /api/v1/family/followers/:id": { share: { doses: false, bp: true, glucose: true } },
};

const WITH_IDS = Object.entries(POLICY).filter(
  ([key]) => /:(id|planId)\b/.test(key) && !key.includes("/invites/:token"),
);

describe("role × route × tenant", () => {
  it.each(WITH_IDS)("%s: the other tenant's ids are as good as absent", async (key, roles) => {
    const [method, pattern] = key.split(" ") as [string, string];
    for (const caller of callers.filter((c) => c.tenant && roles.includes(c.role as never))) {
      const other: Tenant = caller.tenant === "A" ? "B" : "A";
      const body = BODIES[key] ?? (method === "GET" || method === "DELETE" ? undefined : {});
      const foreign = await t.call(method, fill(pattern, other), { ...caller, body });
      expect([403, 404], `${caller.name} → ${key} with ${other}'s ids: ${foreign.status}`).toContain(
        foreign.status,
      );
      for (const s of secrets[other]) expect(JSON.stringify(foreign.json)).not.toContain(s);
      // (a patient's own link is followed by someone else: only a follower reads /following)
      if (method === "GET" && !pattern.includes("/following/")) {
        const own = await t.call(method, fill(pattern, caller.tenant as Tenant), caller);
        expect(own.status, `${caller.name} → ${key} with own ids`).toBe(200);
      }
    }
  });

  it("no GET answer to a rep, manager or admin carries any patient's name, drug, note or reading", async () => {
    const aggregateRoles = callers.filter((c) => c.tenant === null);
    for (const [key, roles] of Object.entries(POLICY)) {
      const [method, pattern] = key.split(" ") as [string, string];
      if (method !== "GET") continue;
      for (const caller of aggregateRoles.filter((c) => roles.includes(c.role as never))) {
        for (const tenant of ["A", "B"] as const) {
          const r = await t.call("GET", fill(pattern, tenant), caller);
          expect(r.status, `${caller.name} → ${key}`).toBeLessThan(500);
          const text = typeof r.json === "string" ? r.json : JSON.stringify(r.json);
          for (const s of [...secrets.A, ...secrets.B, ids.A.patient, ids.B.patient]) {
            expect(text, `${caller.name} → ${key} leaked ${s}`).not.toContain(s as string);
          }
        }
      }
    }
  });
});
