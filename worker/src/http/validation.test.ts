// Bad input on every create route answers 400/422 problem+json naming the field, writes nothing,
// and never answers 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await makeTestApp();
  token = await t.enrolledPatient("validator");
});
afterAll(() => t.close());

const ID = "0194f3a0-0000-7000-8000-0000000000f1";
const at = "2026-11-20T07:30:00+08:00";

const CASES: [route: string, body: unknown, field: string][] = [
  ["/api/v1/auth/wechat", {}, "code"],
  ["/api/v1/auth/login", { email: "not-an-email", password: "x" }, "email"],
  [
    "/api/v1/enrol",
    {
      code: "A-DEMO-CHEN",
      consent: { version: "2026-01", accepted: true },
      profile: { name: "", birthYear: 1950, sex: "female" },
    },
    "profile.name",
  ],
  [
    "/api/v1/enrol",
    {
      code: "A-DEMO-CHEN",
      consent: { version: "2026-01", accepted: true },
      profile: { name: "王", birthYear: 1950, sex: "female", phone: "12345" },
    },
    "profile.phone",
  ],
  [
    "/api/v1/enrol",
    {
      code: "A-DEMO-CHEN",
      consent: { version: "2026-01", accepted: true },
      profile: { name: "王", birthYear: 1950, sex: "female", timezone: "Mars/Base" },
    },
    "profile.timezone",
  ],
  [
    "/api/v1/me/plans",
    { id: ID, drug: "氨氯地平", dose: "5 mg", times: ["25:00"], startDate: "2026-11-20" },
    "times.0",
  ],
  [
    "/api/v1/me/plans",
    { id: ID, drug: "氨氯地平", dose: "5 mg", times: ["08:00", "08:00"], startDate: "2026-11-20" },
    "times",
  ],
  [
    "/api/v1/me/plans",
    { id: ID, drug: "氨氯地平", dose: "5 mg", times: ["08:00"], startDate: "2026-02-30" },
    "startDate",
  ],
  [
    "/api/v1/me/plans",
    {
      id: ID,
      drug: "氨氯地平",
      dose: "5 mg",
      times: ["08:00"],
      startDate: "2026-11-20",
      endDate: "2026-11-01",
    },
    "endDate",
  ],
  [
    "/api/v1/me/plans",
    { id: "not-a-uuid", drug: "氨氯地平", dose: "5 mg", times: ["08:00"], startDate: "2026-11-20" },
    "id",
  ],
  ["/api/v1/me/doses", { id: ID, planId: ID, scheduledAt: "yesterday", status: "taken" }, "scheduledAt"],
  ["/api/v1/me/doses", { id: ID, planId: ID, scheduledAt: at, status: "maybe" }, "status"],
  ["/api/v1/me/bp", { id: ID, systolic: 120, diastolic: 130, measuredAt: at }, "diastolic"],
  ["/api/v1/me/bp", { id: ID, systolic: "120", diastolic: 80, measuredAt: at }, "systolic"],
  ["/api/v1/me/bp", { id: ID, systolic: 120, diastolic: 80, pulse: 500, measuredAt: at }, "pulse"],
  ["/api/v1/me/glucose", { id: ID, value: 6, unit: "mmol", context: "fasting", measuredAt: at }, "unit"],
  ["/api/v1/me/glucose", { id: ID, value: 900, unit: "mg/dL", context: "fasting", measuredAt: at }, "value"],
  ["/api/v1/me/glucose", { id: ID, value: 6, unit: "mmol/L", context: "lunch", measuredAt: at }, "context"],
  ["/api/v1/me/sync", { items: [] }, "items"],
];

describe("bad input", () => {
  it.each(CASES)("POST %s names %s", async (route, body, field) => {
    const r = await t.call("POST", route, { token, body });
    expect([400, 422]).toContain(r.status);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.json).toMatchObject({ status: r.status, title: expect.any(String), type: expect.any(String) });
    expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it("answers malformed JSON with a 400 problem, not a 500", async () => {
    const r = await t.call("POST", "/api/v1/me/bp", { token, raw: "{not json" });
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers bad query parameters with a 400 naming the parameter", async () => {
    const r = await t.call("GET", "/api/v1/me/summary?days=abc", { token });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe("days");
    const d = await t.call("GET", "/api/v1/me/today?date=2026-13-01", { token });
    expect(d.status).toBe(400);
    expect(d.json.errors[0].path).toBe("date");
  });

  it("wrote nothing for any rejected request", async () => {
    const exported = await t.call("GET", "/api/v1/me/export", { token });
    expect(exported.json.plans).toEqual([]);
    expect(exported.json.doses).toEqual([]);
    expect(exported.json.bloodPressure).toEqual([]);
    expect(exported.json.glucose).toEqual([]);
  });

  it("answers unknown routes with a problem 404", async () => {
    const r = await t.call("GET", "/api/v1/nope", { token });
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
  });
});
