// The safety officer's work over the real app and a real libSQL file: the inbox and its
// filters, triage with If-Match, dates that never change, seriousness never downgraded,
// forwarding and acknowledgement, follow-up questions, the reconciliation CSV, the manager's
// counts, and erasure that keeps the case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../app.test-support";

const DAY = 86_400_000;
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

let t: TestApp;
let patientToken: string;
let patientId: string;
let safety: string;
let rep: string;
let doctorA: string;
let manager: string;

async function signIn() {
  safety = await t.portalLogin("safety@demo.test");
  rep = await t.portalLogin("rep@demo.test");
  doctorA = await t.portalLogin("doctor.a@demo.test");
  manager = await t.portalLogin("manager@demo.test");
}
async function setNow(ms: number) {
  t.setNow(ms);
  await signIn();
}

beforeAll(async () => {
  t = await makeTestApp();
  patientToken = await t.enrolledPatient("王淑珍");
  patientId = (await t.call("GET", "/api/v1/auth/me", { token: patientToken })).json.patientId;
  await signIn();
  await t.call("POST", "/api/v1/me/plans", {
    token: patientToken,
    body: { id: uuid(900), drug: "缬沙坦", dose: "80 mg", times: ["08:00"], startDate: "2026-11-01" },
  });
  // Three cases, aware at different times: a patient's (Fri 10:00), a rep's (Thu 00:00), a
  // doctor's serious one reported on Saturday.
  await t.call("POST", "/api/v1/me/side-effects", {
    token: patientToken,
    body: { id: uuid(1), description: "干咳，晚上更厉害", symptoms: ["咳嗽"], contactConsent: true },
  });
  await t.call("POST", "/api/v1/safety/reports", {
    cookie: rep,
    body: {
      id: uuid(2),
      reporterQualification: 2,
      patient: {},
      drug: "缬沙坦",
      description: "药店说有顾客吃了以后脸肿",
      awareOn: "2026-11-19",
    },
  });
  await setNow(T0 + DAY);
  await t.call("POST", `/api/v1/patients/${patientId}/adverse-events`, {
    cookie: doctorA,
    body: { id: uuid(3), events: [{ verbatim: "晕厥", seriousness: ["hospitalisation"] }] },
  });
});
afterAll(() => t.close());

const get = (path: string) => t.call("GET", path, { cookie: safety });

describe("inbox", () => {
  it("lists every case sorted by forwardDueAt, with dates, validity and what is missing", async () => {
    const r = await get("/api/v1/safety/cases");
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.json.map((c: { id: string }) => c.id)).toEqual([uuid(2), uuid(1), uuid(3)]);
    const repCase = r.json[0];
    expect(repCase.valid).toBe(false);
    expect(repCase.missing).toEqual(["patient"]);
    expect(repCase.day0).toBeNull();
    expect(repCase.regulatoryDueAt).toBeNull();
    const serious = r.json[2];
    expect(serious.serious).toBe(true);
    expect(serious.seriousness).toEqual(["hospitalisation"]);
    // Saturday 10:00 → end of Monday in Shanghai.
    expect(serious.forwardDueAt).toBe("2026-11-23T16:00:00.000Z");
    expect(serious.regulatoryDueAt).toBe(new Date(T0 + DAY + 15 * DAY).toISOString());
  });

  it("filters by status and by overdue", async () => {
    expect((await get("/api/v1/safety/cases?status=new")).json).toHaveLength(3);
    expect((await get("/api/v1/safety/cases?status=forwarded")).json).toHaveLength(0);
    // On Saturday only the rep's case (due Friday 00:00) is overdue.
    const overdue = (await get("/api/v1/safety/cases?overdue=true")).json;
    expect(overdue.map((c: { id: string }) => c.id)).toEqual([uuid(2)]);
    expect(overdue[0].overdue).toBe(true);
    expect((await get("/api/v1/safety/cases?overdue=false")).json).toHaveLength(2);
    expect((await get("/api/v1/safety/cases?status=bogus")).status).toBe(400);
  });
});

const patch = (id: string, body: unknown, etag?: string) =>
  t.call("PATCH", `/api/v1/safety/cases/${id}`, {
    cookie: safety,
    body,
    headers: etag ? { "if-match": etag } : {},
  });

describe("forward-due reminder", () => {
  it("lists what falls due within the next hours, and counts the overdue", async () => {
    // Saturday 10:00: the patient's case falls due Monday 10:00, the doctor's at the end of Monday.
    const now = await get("/api/v1/safety/reminders");
    expect(now.json).toMatchObject({ hours: 4, overdue: 1, dueSoon: [] });
    await setNow(Date.parse("2026-11-23T07:00:00+08:00"));
    const r = await get("/api/v1/safety/reminders");
    expect(r.json.dueSoon.map((x: { id: string }) => x.id)).toEqual([uuid(1)]);
    expect(r.json.dueSoon[0].minutesLeft).toBe(180);
    expect(
      (await get("/api/v1/safety/cases")).json.find((x: { id: string }) => x.id === uuid(1)).dueSoon,
    ).toBe(true);
    expect((await get("/api/v1/safety/reminders?hours=24")).json.dueSoon).toHaveLength(2);
    await setNow(T0 + DAY);
  });
});

describe("triage", () => {
  it("answers the case with an ETag; PATCH needs If-Match, a stale one is 412 and changes nothing", async () => {
    const r = await get(`/api/v1/safety/cases/${uuid(1)}`);
    expect(r.headers.get("etag")).toBe('"1"');
    const body = {
      narrative: "患者服用缬沙坦后出现干咳。",
      causalityAssessed: "possibly_related",
      status: "triaged",
    };
    expect((await patch(uuid(1), body)).status).toBe(428);
    const ok = await patch(uuid(1), body, '"1"');
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe('"2"');
    expect(ok.json).toMatchObject({ status: "triaged", causalityAssessed: "possibly_related", version: 2 });
    const stale = await patch(uuid(1), { narrative: "overwritten" }, '"1"');
    expect(stale.status).toBe(412);
    expect((await get(`/api/v1/safety/cases/${uuid(1)}`)).json.narrative).toBe(body.narrative);
  });

  it("dates can't be changed: 422 naming each", async () => {
    const r = await patch(uuid(1), { awareAt: "2026-11-01T00:00:00Z", forwardDueAt: 1 }, '"2"');
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(["awareAt", "forwardDueAt"]);
  });

  it("seriousness can be raised but never below what the reporter said", async () => {
    const down = await patch(uuid(3), { seriousness: [] }, '"1"');
    expect(down.status).toBe(422);
    expect(down.json.errors[0].path).toBe("seriousness");
    const up = await patch(
      uuid(3),
      { seriousness: ["hospitalisation", "life_threatening"], reason: "ICU" },
      '"1"',
    );
    expect(up.status).toBe(200);
    expect(up.json.seriousness).toEqual(["life_threatening", "hospitalisation"]);
    expect(up.json.seriousnessReported).toEqual(["hospitalisation"]);
    // A non-serious case made serious gets the 15-day regulatory clock from its day0.
    const cough = await patch(uuid(1), { seriousness: ["medically_important"] }, '"2"');
    expect(cough.json.regulatoryDueAt).toBe(new Date(T0 + 15 * DAY).toISOString());
    expect(cough.json.forwardDueAt).toBe("2026-11-23T02:00:00.000Z"); // set once, unchanged
  });

  it("completing the minimum elements sets day0 once, and the audit says who, when, old → new, why", async () => {
    const r = await patch(
      uuid(2),
      { patient: { sex: "female", ageGroup: "elderly" }, reason: "药店回电" },
      '"1"',
    );
    expect(r.status).toBe(200);
    expect(r.json.valid).toBe(true);
    expect(r.json.day0).toBe(new Date(T0 + DAY).toISOString());
    expect(r.json.latestInfoAt).toBe(new Date(T0 + DAY).toISOString());
    expect(r.json.awareAt).toBe("2026-11-18T16:00:00.000Z");
    const trail = (await get(`/api/v1/safety/cases/${uuid(2)}/audit`)).json.entries;
    const sex = trail.find((e: { field: string }) => e.field === "patientSex");
    expect(sex).toMatchObject({ action: "triage", old: null, new: "female", why: "药店回电" });
    expect(sex.who).toMatchObject({ id: "user-safety", role: "safety", name: "药物警戒专员 赵宁" });
    expect(trail[0]).toMatchObject({ action: "created", who: { id: "user-rep", role: "rep" } });
  });

  it("not_forwarded needs a reason (closing a screening hit, for instance)", async () => {
    const v = (await get(`/api/v1/safety/cases/${uuid(2)}`)).headers.get("etag") as string;
    const r = await patch(uuid(2), { status: "not_forwarded" }, v);
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("notForwardedReason");
  });
});

describe("forwarding", () => {
  it("can't acknowledge before forwarding", async () => {
    const r = await t.call("PUT", `/api/v1/safety/cases/${uuid(3)}/acknowledgement`, {
      cookie: safety,
      body: { mahCaseId: "MAH-2026-0001" },
    });
    expect(r.status).toBe(409);
  });

  it("forward logs the channel and the payload's hash; acknowledgement records the MAH's id", async () => {
    const f = await t.call("POST", `/api/v1/safety/cases/${uuid(3)}/forward`, {
      cookie: safety,
      body: { channel: "gateway" },
    });
    expect(f.status).toBe(200);
    expect(f.json.status).toBe("forwarded");
    expect(f.json.forwardedAt).toBe(new Date(T0 + DAY).toISOString());
    expect(f.json.forwards).toHaveLength(1);
    expect(f.json.forwards[0]).toMatchObject({ kind: "initial", channel: "gateway", by: "user-safety" });
    expect(f.json.forwards[0].payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    const a = await t.call("PUT", `/api/v1/safety/cases/${uuid(3)}/acknowledgement`, {
      cookie: safety,
      body: { mahCaseId: "MAH-2026-0001" },
    });
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ status: "acknowledged", mahCaseId: "MAH-2026-0001" });
    // Follow-up information goes the same way and is logged as such.
    const again = await t.call("POST", `/api/v1/safety/cases/${uuid(3)}/forward`, {
      cookie: safety,
      body: {},
    });
    expect(again.json.forwards.map((x: { kind: string }) => x.kind)).toEqual(["initial", "follow_up"]);
    expect(again.json.status).toBe("acknowledged");
    expect(again.json.forwardedAt).toBe(f.json.forwardedAt);
  });
});

describe("follow-up questions", () => {
  it("a consenting patient sees the question in the app, answers it, and the answer dates the case", async () => {
    const q = await t.call("POST", `/api/v1/safety/cases/${uuid(1)}/follow-ups`, {
      cookie: safety,
      body: { id: uuid(50), to: "patient", question: "咳嗽现在好些了吗？还在吃缬沙坦吗？" },
    });
    expect(q.status).toBe(201);
    expect((await get(`/api/v1/safety/cases/${uuid(1)}`)).json.status).toBe("awaiting_follow_up");
    const mine = (await t.call("GET", "/api/v1/me/side-effects", { token: patientToken })).json.reports;
    expect(mine[0].question).toMatchObject({
      id: uuid(50),
      question: "咳嗽现在好些了吗？还在吃缬沙坦吗？",
      answer: null,
    });
    await setNow(T0 + 2 * DAY);
    const a = await t.call("POST", `/api/v1/me/safety-questions/${uuid(50)}/answer`, {
      token: patientToken,
      body: { answer: "好多了，医生让继续吃" },
    });
    expect(a.status).toBe(200);
    const c = (await get(`/api/v1/safety/cases/${uuid(1)}`)).json;
    expect(c.latestInfoAt).toBe(new Date(T0 + 2 * DAY).toISOString());
    expect(c.followUps[0]).toMatchObject({ answer: "好多了，医生让继续吃", to: "patient" });
    expect(c.status).toBe("triaged");
  });

  it("a patient who did not consent can't be asked; the clinician can", async () => {
    const no = await t.call("POST", `/api/v1/safety/cases/${uuid(3)}/follow-ups`, {
      cookie: safety,
      body: { id: uuid(51), to: "patient", question: "住院几天？" },
    });
    expect(no.status).toBe(422);
    expect(no.json.errors[0].path).toBe("to");
    const yes = await t.call("POST", `/api/v1/safety/cases/${uuid(3)}/follow-ups`, {
      cookie: safety,
      body: { id: uuid(52), to: "clinician", question: "住院几天？出院诊断？" },
    });
    expect(yes.status).toBe(201);
    const list = await t.call("GET", `/api/v1/patients/${patientId}/safety-questions`, { cookie: doctorA });
    expect(list.json.questions[0]).toMatchObject({
      id: uuid(52),
      caseNumber: expect.stringMatching(/^STD-/),
    });
    const ans = await t.call("POST", `/api/v1/patients/${patientId}/safety-questions/${uuid(52)}/answer`, {
      cookie: doctorA,
      body: { answer: "住院 3 天，诊断：体位性低血压" },
    });
    expect(ans.status).toBe(200);
    // Another patient's question id is not found through this patient.
    expect(
      (
        await t.call("POST", `/api/v1/me/safety-questions/${uuid(52)}/answer`, {
          token: patientToken,
          body: { answer: "x" },
        })
      ).status,
    ).toBe(404);
  });
});

describe("reconciliation CSV and the manager's counts", () => {
  it("lists case number ↔ MAH id, the dates and follow-ups, RFC 4180", async () => {
    const r = await get("/api/v1/safety/cases.csv");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/csv");
    const lines = (r.json as string).split("\r\n");
    expect(lines[0]).toMatch(/^case_number,mah_case_id,source,status,/);
    expect(lines).toHaveLength(5); // header, 3 cases, final CRLF
    const doctors = lines.find((l) => l.includes("MAH-2026-0001")) as string;
    expect(doctors.split(",").slice(2, 5)).toEqual(["clinician", "acknowledged", "yes"]);
  });

  it("gives the manager counts only, small ones as <5", async () => {
    const r = await t.call("GET", "/api/v1/reports/safety", { cookie: manager });
    expect(r.status).toBe(200);
    expect(r.json.total).toBe("<5");
    expect(r.json.bySource.rep).toBe("<5");
    expect(r.json.bySource.screening).toBe(0);
    expect(r.json.timeliness.shareForwardedOnTime).toBeNull();
    expect(JSON.stringify(r.json)).not.toContain("STD-");
    expect((await t.call("GET", "/api/v1/reports/safety", { cookie: rep })).status).toBe(403);
  });
});

describe("retention", () => {
  it("the export lists the patient's cases; erasure keeps them, pseudonymised and restricted", async () => {
    const exp = await t.call("GET", "/api/v1/me/export", { token: patientToken });
    expect(exp.json.safetyReports.map((c: { source: string }) => c.source)).toEqual([
      "patient_app",
      "clinician",
    ]);
    expect((await t.call("DELETE", "/api/v1/me", { token: patientToken })).status).toBe(204);
    const c = (await get(`/api/v1/safety/cases/${uuid(1)}`)).json;
    expect(c.restricted).toBe(true);
    expect(c.contact).toBeNull();
    expect(c.events).toEqual([{ verbatim: "咳嗽" }]);
    const raw = await t.db.run(
      `SELECT patient_name, patient_phone FROM safety_cases WHERE id = '${uuid(1)}'`,
    );
    expect(raw.rows[0]).toMatchObject({ patient_name: null, patient_phone: null });
    const ask = await t.call("POST", `/api/v1/safety/cases/${uuid(1)}/follow-ups`, {
      cookie: safety,
      body: { id: uuid(53), to: "patient", question: "?" },
    });
    expect(ask.status).toBe(422);
  });

  it("cases are never deleted, even by hand", async () => {
    const err = await t.db.run(`DELETE FROM safety_cases WHERE id = '${uuid(1)}'`).catch((e: Error) => e);
    expect(String((err as Error & { cause?: unknown }).cause ?? err)).toMatch(/never deleted/);
    expect((await get(`/api/v1/safety/cases/${uuid(1)}`)).status).toBe(200);
  });
});
