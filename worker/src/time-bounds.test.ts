// Issue #11 part 3: every instant and date is bounded. Before this change a dose with
// scheduledAt 8.64e15 or a year-0000/0050 time answered 500 (and sank a whole /me/sync batch),
// and a BP reading dated year 0000 was stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "./app.test-support";

let t: TestApp;
let token: string;
let planId: string;
beforeAll(async () => {
  t = await makeTestApp();
  token = await t.enrolledPatient("bounds");
  planId = "0194f3a0-0000-7000-8000-0000000000a1";
  const p = await t.addPlan(token, { id: planId, times: ["08:00"], startDate: "2026-11-01" });
  expect(p.status).toBe(201);
});
afterAll(() => t.close());

const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const BAD_INSTANTS: unknown[] = [
  8.64e15,
  -8.64e15,
  0,
  946684799999, // 1999-12-31T23:59:59.999Z
  "0000-01-01T00:00:00Z",
  "0050-06-01T08:00:00+08:00",
  "1999-12-31T23:59:59Z",
  "2100-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
];

describe("instants out of range", () => {
  it.each(BAD_INSTANTS)("a dose scheduled at %s is 422 naming scheduledAt", async (scheduledAt) => {
    const r = await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(1), planId, scheduledAt, status: "taken" },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toContain("scheduledAt");
  });

  it.each(BAD_INSTANTS)("a BP reading measured at %s is 422 naming measuredAt", async (measuredAt) => {
    const r = await t.call("POST", "/api/v1/me/bp", {
      token,
      body: { id: uuid(2), systolic: 130, diastolic: 80, measuredAt },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toContain("measuredAt");
  });

  it("a reading more than a day ahead of the server clock is 422 naming the field", async () => {
    const r = await t.call("POST", "/api/v1/me/glucose", {
      token,
      body: {
        id: uuid(3),
        value: 6.1,
        unit: "mmol/L",
        context: "fasting",
        measuredAt: t.now + 2 * 86_400_000,
      },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("measuredAt");
  });

  it("dates outside 2000–2099 are 422 naming the field", async () => {
    const r = await t.call("POST", "/api/v1/me/plans", {
      token,
      body: { id: uuid(4), drug: "二甲双胍", dose: "500 mg", times: ["08:00"], startDate: "0050-01-01" },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("startDate");
    const q = await t.call("GET", "/api/v1/me/readings?kind=bp&from=99999999999999", { token });
    expect(q.status).toBe(400);
    expect(q.json.errors[0].path).toBe("from");
  });

  it("one bad sync item is rejected and the others are saved", async () => {
    const good = { kind: "bp", id: uuid(10), systolic: 128, diastolic: 82, measuredAt: t.now - 60_000 };
    const r = await t.call("POST", "/api/v1/me/sync", {
      token,
      body: {
        items: [
          { kind: "dose", id: uuid(11), planId, scheduledAt: 8.64e15, status: "taken" },
          good,
          { kind: "bp", id: uuid(12), systolic: 128, diastolic: 82, measuredAt: "0000-01-01T00:00:00Z" },
          { kind: "dose", id: uuid(13), planId, scheduledAt: "2026-11-20T08:00:00+08:00", status: "taken" },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual([
      "rejected",
      "created",
      "rejected",
      "created",
    ]);
    expect(r.json.results[0].errors[0].path).toBe("scheduledAt");
    const exported = await t.call("GET", "/api/v1/me/export", { token });
    expect(exported.json.bloodPressure.map((b: { id: string }) => b.id)).toEqual([uuid(10)]);
    expect(exported.json.doses.map((d: { id: string }) => d.id)).toEqual([uuid(13)]);
  });
});
