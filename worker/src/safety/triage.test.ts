// A patient's own serious side-effect report reaches the doctor's triage list as urgent, with the
// reason; a non-serious one does not; an officer's closing it as not a case takes it off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../app.test-support";
import { triageListFromScratch } from "../triage/snapshot-scratch.test-support";

const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;
let t: TestApp;
let doctorA: string;
let safety: string;
let sick: string;
let mild: string;

beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.enrolledPatient("赵凤英");
  const b = await t.enrolledPatient("钱玉兰");
  sick = (await t.call("GET", "/api/v1/auth/me", { token: a })).json.patientId;
  mild = (await t.call("GET", "/api/v1/auth/me", { token: b })).json.patientId;
  doctorA = await t.portalLogin("doctor.a@demo.test");
  safety = await t.portalLogin("safety@demo.test");
  await t.call("POST", "/api/v1/me/side-effects", {
    token: a,
    body: {
      id: uuid(1),
      description: "晕倒了，住了两天院",
      seriousness: ["hospitalisation"],
      contactConsent: true,
    },
  });
  await t.call("POST", "/api/v1/me/side-effects", {
    token: b,
    body: { id: uuid(2), description: "有点咳嗽", contactConsent: true },
  });
});
afterAll(() => t.close());

const row = async (id: string) =>
  (await t.call("GET", "/api/v1/patients?lang=en", { cookie: doctorA })).json.find(
    (r: { patientId: string }) => r.patientId === id,
  );

describe("triage", () => {
  it("hospitalisation in the patient's report → urgent with the reason; a cough → not", async () => {
    const r = await row(sick);
    expect(r.tier).toBe("urgent");
    expect(r.reasons[0]).toBe("patient reported a serious side effect (hospitalisation)");
    expect((await row(mild)).reasonCodes.map((c: { code: string }) => c.code)).not.toContain(
      "serious_side_effect",
    );
    // The list built from scratch (the snapshots' reference) agrees.
    const scratch = await triageListFromScratch(t.db, ["clinic-a"], T0, "zh-CN");
    expect(scratch.find((x) => x.patientId === sick)?.reasons[0]).toBe("患者报告严重不良反应（住院）");
  });

  it("the officer closing the report as not a case takes it off", async () => {
    const res = await t.call("PATCH", `/api/v1/safety/cases/${uuid(1)}`, {
      cookie: safety,
      headers: { "if-match": '"1"' },
      body: { status: "not_forwarded", notForwardedReason: "duplicate of a report the clinic already sent" },
    });
    expect(res.status).toBe(200);
    expect((await row(sick)).reasonCodes.map((c: { code: string }) => c.code)).not.toContain(
      "serious_side_effect",
    );
  });
});
