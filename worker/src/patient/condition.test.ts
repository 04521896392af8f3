// The patient's condition (ADR 0008): self-reported at enrolment, set by the doctor from the
// portal, carried on every triage row, and a filter of the triage list and its CSV export.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";

let t: TestApp;
let doctorA: string;
let assistantA: string;
let doctorB: string;

type Row = { patientId: string; name: string; condition: string | null };

beforeAll(async () => {
  t = await makeTestApp({ patients: 12 });
  doctorA = await t.portalLogin("doctor.a@demo.test");
  assistantA = await t.portalLogin("assistant.a@demo.test");
  doctorB = await t.portalLogin("doctor.b@demo.test");
});
afterAll(() => t.close());

const list = async (query = "") =>
  (await t.call("GET", `/api/v1/patients${query}`, { cookie: doctorA })).json as Row[];

async function enrol(name: string, condition?: string) {
  const token = await t.patientLogin(name);
  const r = await t.call("POST", "/api/v1/enrol", {
    token,
    body: {
      code: "A-DEMO-CHEN",
      consent: { version: "2026-01", accepted: true },
      profile: { name, birthYear: 1958, sex: "female", ...(condition ? { condition } : {}) },
    },
  });
  return { token, status: r.status, json: r.json };
}

const idOf = async (name: string) => (await list()).find((r) => r.name === name)?.patientId as string;

/** The seed's diabetic patients, read from their plans rather than from the condition column. */
async function metforminPatients(): Promise<Set<string>> {
  const res = await t.db.run(
    "SELECT DISTINCT patient_id AS id FROM medication_plans WHERE drug = '二甲双胍'",
  );
  return new Set(res.rows.map((r: Record<string, unknown>) => String(r.id)));
}

describe("triage list", () => {
  it("carries each seeded patient's condition, derived as their plans are", async () => {
    const rows = await list();
    expect(rows.length).toBeGreaterThan(0);
    const diabetic = await metforminPatients();
    for (const r of rows) {
      // Every seeded patient has hypertension, diabetes or both; metformin ⇔ diabetes.
      expect(["hypertension", "diabetes", "both"]).toContain(r.condition);
      expect(r.condition !== "hypertension", r.name).toBe(diabetic.has(r.patientId));
    }
  });

  it("filters by condition: diabetes includes the comorbid, both is exact", async () => {
    const all = await list();
    const diabetic = await metforminPatients();
    const dm = await list("?condition=diabetes");
    expect(dm.length).toBeGreaterThan(0);
    expect(new Set(dm.map((r) => r.patientId))).toEqual(
      new Set(all.filter((r) => diabetic.has(r.patientId)).map((r) => r.patientId)),
    );
    const both = await list("?condition=both");
    expect(both.every((r) => r.condition === "both")).toBe(true);
    const htn = await list("?condition=hypertension");
    // Every row is hypertensive, diabetic or both: the two single-condition lists overlap in "both".
    expect(htn.length + dm.length - both.length).toBe(all.length);
    expect(await list("?condition=unset")).toEqual([]);
  });

  it("answers a bad condition with a 400 problem naming the parameter", async () => {
    for (const path of ["/api/v1/patients?condition=diabetic", "/api/v1/patients/export.csv?condition=x"]) {
      const r = await t.call("GET", path, { cookie: doctorA });
      expect(r.status, path).toBe(400);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(["condition"]);
    }
  });

  it("filters the CSV export the same way", async () => {
    const dm = await list("?condition=diabetes");
    const htnOnly = (await list()).filter((r) => r.condition === "hypertension");
    expect(htnOnly.length).toBeGreaterThan(0);
    const csv = (await t.call("GET", "/api/v1/patients/export.csv?condition=diabetes", { cookie: doctorA }))
      .json as string;
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines.length - 1).toBe(dm.length); // a header, then one line per diabetic patient
    for (const r of htnOnly) expect(csv).not.toContain(r.name);
  });
});

describe("enrolment", () => {
  it("records the patient's own answer, and nothing when they skip the question", async () => {
    expect((await enrol("条件甲", "both")).status).toBe(201);
    expect((await enrol("条件乙")).status).toBe(201);
    const rows = await list();
    expect(rows.find((r) => r.name === "条件甲")?.condition).toBe("both");
    expect(rows.find((r) => r.name === "条件乙")?.condition).toBeNull();
    expect((await list("?condition=unset")).map((r) => r.name)).toEqual(["条件乙"]);
  });

  it("names a bad condition in the profile", async () => {
    const r = await enrol("条件丙", "asthma");
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(["profile.condition"]);
  });
});

describe("the doctor sets it", () => {
  it("sets, corrects and clears it; the summary and the list show it at once", async () => {
    const id = await idOf("条件乙");
    let version = (await t.call("GET", `/api/v1/patients/${id}/summary`, { cookie: doctorA })).json.patient
      .conditionVersion;
    const put = async (condition: string | null, cookie = doctorA) => {
      const r = await t.call("PUT", `/api/v1/patients/${id}/condition`, {
        cookie,
        body: { condition },
        headers: { "if-match": `"${version}"` },
      });
      version = r.json.version;
      return r;
    };
    expect((await put("diabetes")).json).toEqual({ condition: "diabetes", version: version });
    expect((await list("?condition=diabetes")).some((r) => r.patientId === id)).toBe(true);
    const summary = await t.call("GET", `/api/v1/patients/${id}/summary`, { cookie: doctorA });
    expect(summary.json.patient.condition).toBe("diabetes");
    await put(null);
    expect((await list("?condition=unset")).map((r) => r.patientId)).toEqual([id]);
    await put("both");
    expect((await list()).find((r) => r.patientId === id)?.condition).toBe("both");
  });

  it("is not overwritten when the patient enrols again", async () => {
    const id = await idOf("条件甲");
    const { conditionVersion } = (await t.call("GET", `/api/v1/patients/${id}/summary`, { cookie: doctorA }))
      .json.patient;
    await t.call("PUT", `/api/v1/patients/${id}/condition`, {
      cookie: doctorA,
      body: { condition: "hypertension" },
      headers: { "if-match": `"${conditionVersion}"` },
    });
    // Same WeChat user, same code: the enrolment is repeated (200), the doctor's word stands.
    expect((await enrol("条件甲", "diabetes")).status).toBe(200);
    expect((await list()).find((r) => r.patientId === id)?.condition).toBe("hypertension");
  });

  it("is the doctor's alone, within their clinic, and names a bad value", async () => {
    const id = await idOf("条件甲");
    const put = (body: unknown, cookie: string) =>
      t.call("PUT", `/api/v1/patients/${id}/condition`, { cookie, body });
    expect((await put({ condition: "diabetes" }, assistantA)).status).toBe(403);
    expect((await put({ condition: "diabetes" }, doctorB)).status).toBe(404);
    const bad = await put({ condition: "t2dm" }, doctorA);
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(["condition"]);
    expect((await list()).find((r) => r.patientId === id)?.condition).toBe("hypertension");
    const audit = await t.db.run("SELECT count(*) AS n FROM audit_events WHERE action = 'edit_condition'");
    expect(Number(audit.rows[0]?.n)).toBeGreaterThan(0);
  });
});
