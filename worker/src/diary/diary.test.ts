// The month's diary and the monthly self-report (issue 13 items 6–7) over the real app and a libSQL file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";

const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const PLAN = uuid(900);
const at0800 = (d: string) => Date.parse(`${d}T08:00:00+08:00`);

let t: TestApp;
let token: string;
let otherToken: string;
let patientId: string;
let doctorA: string;
let assistantA: string;
let doctorB: string;
let rep: string;
beforeAll(async () => {
  t = await makeTestApp(); // now: 2026-11-20 10:00 Asia/Shanghai
  token = await t.enrolledPatient("张秀英");
  otherToken = await t.enrolledPatient("李桂兰");
  patientId = (await t.call("GET", "/api/v1/auth/me", { token })).json.patientId;
  doctorA = await t.portalLogin("doctor.a@demo.test");
  assistantA = await t.portalLogin("assistant.a@demo.test");
  doctorB = await t.portalLogin("doctor.b@demo.test");
  rep = await t.portalLogin("rep@demo.test");
  const plan = { id: PLAN, drug: "氨氯地平片", dose: "5 mg", times: ["08:00"], startDate: "2026-11-18" };
  expect((await t.call("POST", "/api/v1/me/plans", { token, body: plan })).status).toBe(201);
  const dose = (n: number, d: string, status: string) =>
    t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(n), planId: PLAN, scheduledAt: at0800(d), status },
    });
  expect((await dose(1, "2026-11-18", "taken")).status).toBe(201);
  expect((await dose(2, "2026-11-19", "skipped")).status).toBe(201);
  const bp = {
    id: uuid(3),
    systolic: 150,
    diastolic: 95,
    measuredAt: Date.parse("2026-11-19T07:30:00+08:00"),
  };
  expect((await t.call("POST", "/api/v1/me/bp", { token, body: bp })).status).toBe(201);
  const bp2 = {
    id: uuid(4),
    systolic: 122,
    diastolic: 76,
    measuredAt: Date.parse("2026-11-20T07:30:00+08:00"),
  };
  expect((await t.call("POST", "/api/v1/me/bp", { token, body: bp2 })).status).toBe(201);
  const glu = { id: uuid(5), value: 5.6, unit: "mmol/L", context: "fasting", measuredAt: t.now - 60_000 };
  expect((await t.call("POST", "/api/v1/me/glucose", { token, body: glu })).status).toBe(201);
  const se = {
    id: uuid(6),
    description: "脚踝有点肿",
    symptoms: ["脚肿"],
    planIds: [PLAN],
    contactConsent: true,
  };
  expect((await t.call("POST", "/api/v1/me/side-effects", { token, body: se })).status).toBe(201);
  // October's reading must stay out of November's page.
  const old = {
    id: uuid(7),
    systolic: 170,
    diastolic: 100,
    measuredAt: Date.parse("2026-10-31T23:30:00+08:00"),
  };
  expect((await t.call("POST", "/api/v1/me/bp", { token, body: old })).status).toBe(201);
});
afterAll(() => t.close());

describe("GET /me/diary", () => {
  it("gives the month's dose calendar with taken, skipped, missed and today's pending", async () => {
    const r = await t.call("GET", "/api/v1/me/diary?month=2026-11", { token });
    expect(r.status).toBe(200);
    expect(r.json.month).toBe("2026-11");
    expect(r.json.from).toBe("2026-11-01");
    expect(r.json.to).toBe("2026-11-30");
    const day = (d: string) => r.json.days.find((x: { date: string }) => x.date === d);
    expect(day("2026-11-17")).toMatchObject({ due: 0, taken: 0, skipped: 0, missed: 0 });
    expect(day("2026-11-18")).toMatchObject({ due: 1, taken: 1, skipped: 0, missed: 0 });
    expect(day("2026-11-19")).toMatchObject({ due: 1, taken: 0, skipped: 1, missed: 0 });
    expect(day("2026-11-20")).toMatchObject({ due: 1, taken: 0, missed: 0, pending: 1 });
    expect(r.json.days.at(-1).date).toBe("2026-11-20"); // no future days are counted
  });

  it("marks readings above the patient's target and outside the glucose range; lists side effects", async () => {
    const r = await t.call("GET", "/api/v1/me/diary?month=2026-11", { token });
    expect(
      r.json.bp.map((b: { systolic: number; outOfRange: boolean }) => [b.systolic, b.outOfRange]),
    ).toEqual([
      [150, true],
      [122, false],
    ]);
    expect(r.json.glucose).toHaveLength(1);
    expect(r.json.glucose[0].outOfRange).toBe(false);
    expect(r.json.sideEffects.map((s: { symptoms: string[] }) => s.symptoms)).toEqual([["脚肿"]]);
    expect(r.json.selfReport).toBeNull();
  });

  it("defaults to the current month, takes a past one, refuses a future or malformed month", async () => {
    expect((await t.call("GET", "/api/v1/me/diary", { token })).json.month).toBe("2026-11");
    const oct = await t.call("GET", "/api/v1/me/diary?month=2026-10", { token });
    expect(oct.status).toBe(200);
    expect(oct.json.bp.map((b: { systolic: number }) => b.systolic)).toEqual([170]);
    expect(oct.json.days).toHaveLength(31);
    const future = await t.call("GET", "/api/v1/me/diary?month=2026-12", { token });
    expect(future.status).toBe(422);
    expect(future.json.errors[0].path).toBe("month");
    const bad = await t.call("GET", "/api/v1/me/diary?month=2026-13", { token });
    expect(bad.status).toBe(400); // query errors are 400 in this API (http/validate.ts);
    expect(bad.json.errors[0].path).toBe("month");
  });
});

describe("POST /me/self-reports", () => {
  const body = { id: uuid(50), month: "2026-11", answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] };

  it("stores and scores the month's answers: 201, replay 200, another body 409", async () => {
    const r = await t.call("POST", "/api/v1/me/self-reports", { token, body });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ id: uuid(50), month: "2026-11", score: 9, perfect: true });
    const again = await t.call("POST", "/api/v1/me/self-reports", { token, body });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(r.json);
    const changed = await t.call("POST", "/api/v1/me/self-reports", {
      token,
      body: { ...body, answers: [2, 1, 1, 1, 1, 1, 1, 1, 1] },
    });
    expect(changed.status).toBe(409);
    expect(changed.json.errors[0].path).toBe("id");
  });

  it("takes one answer set per month: a second id for the same month is 409 naming month", async () => {
    const r = await t.call("POST", "/api/v1/me/self-reports", { token, body: { ...body, id: uuid(51) } });
    expect(r.status).toBe(409);
    expect(r.json.errors[0].path).toBe("month");
  });

  it("names the field of a bad body and refuses a future month", async () => {
    const short = await t.call("POST", "/api/v1/me/self-reports", {
      token,
      body: { ...body, id: uuid(52), answers: [1] },
    });
    expect(short.status).toBe(422);
    expect(short.json.errors[0].path).toBe("answers");
    const future = await t.call("POST", "/api/v1/me/self-reports", {
      token,
      body: { ...body, id: uuid(53), month: "2027-01" },
    });
    expect(future.status).toBe(422);
    expect(future.json.errors[0].path).toBe("month");
  });

  it("keeps another patient's id apart: the same id from someone else is a conflict", async () => {
    const r = await t.call("POST", "/api/v1/me/self-reports", { token: otherToken, body });
    expect(r.status).toBe(409);
  });

  it("is part of the patient's export (PIPL art. 45), without the stored request body", async () => {
    const r = await t.call("GET", "/api/v1/me/export", { token });
    expect(r.status).toBe(200);
    expect(r.json.selfReports).toHaveLength(1);
    expect(r.json.selfReports[0]).toMatchObject({ id: uuid(50), month: "2026-11", score: 9 });
    expect(r.json.selfReports[0]).not.toHaveProperty("requestJson");
  });

  it("lists the patient's own reports (without the clinician's flag) and shows it in the diary", async () => {
    const r = await t.call("GET", "/api/v1/me/self-reports", { token });
    expect(r.json.reports).toHaveLength(1);
    expect(r.json.reports[0]).not.toHaveProperty("disagreement");
    const d = await t.call("GET", "/api/v1/me/diary?month=2026-11", { token });
    expect(d.json.selfReport).toMatchObject({ id: uuid(50), score: 9 });
  });
});

describe("portal: /patients/:id/diary and /self-reports", () => {
  it("shows the clinic's clinicians the same diary", async () => {
    for (const cookie of [doctorA, assistantA]) {
      const r = await t.call("GET", `/api/v1/patients/${patientId}/diary?month=2026-11`, { cookie });
      expect(r.status).toBe(200);
      const mine = await t.call("GET", "/api/v1/me/diary?month=2026-11", { token });
      expect(r.json).toEqual(mine.json);
    }
  });

  it("flags a near-perfect self-report beside 1 of 3 logged doses (reports_better)", async () => {
    const r = await t.call("GET", `/api/v1/patients/${patientId}/self-reports`, { cookie: doctorA });
    expect(r.status).toBe(200);
    expect(r.json.logged30d).toBeCloseTo(1 / 3, 3);
    expect(r.json.reports[0]).toMatchObject({ score: 9, disagreement: "reports_better" });
  });

  it("answers 404 to another clinic's doctor and 403 to a rep", async () => {
    for (const path of ["diary?month=2026-11", "self-reports"]) {
      const b = await t.call("GET", `/api/v1/patients/${patientId}/${path}`, { cookie: doctorB });
      expect(b.status).toBe(404);
      const r = await t.call("GET", `/api/v1/patients/${patientId}/${path}`, { cookie: rep });
      expect(r.status).toBe(403);
    }
  });
});
