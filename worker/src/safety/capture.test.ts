// Safety capture over the real app and a real libSQL file: each route that hears of an adverse
// event turns it into one case (patient app and its outbox, clinician, follow-up call, rep,
// screening of notes), duplicates across routes are linked, and a rep never reads a case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../app.test-support";

const DAY = 86_400_000;
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

let t: TestApp;
let patientToken: string;
let patientId: string;
let otherToken: string;
let otherId: string;
let doctorA: string;
let assistantA: string;
let doctorB: string;
let rep: string;
let safety: string;

beforeAll(async () => {
  t = await makeTestApp();
  patientToken = await t.enrolledPatient("张秀英");
  patientId = (await t.call("GET", "/api/v1/auth/me", { token: patientToken })).json.patientId;
  otherToken = await t.enrolledPatient("李桂兰");
  otherId = (await t.call("GET", "/api/v1/auth/me", { token: otherToken })).json.patientId;
  doctorA = await t.portalLogin("doctor.a@demo.test");
  assistantA = await t.portalLogin("assistant.a@demo.test");
  doctorB = await t.portalLogin("doctor.b@demo.test");
  rep = await t.portalLogin("rep@demo.test");
  safety = await t.portalLogin("safety@demo.test");
  const plan = { id: uuid(900), drug: "氨氯地平片", dose: "5 mg", times: ["08:00"], startDate: "2026-11-01" };
  expect((await t.call("POST", "/api/v1/me/plans", { token: patientToken, body: plan })).status).toBe(201);
  const plan2 = {
    id: uuid(901),
    drug: "二甲双胍",
    dose: "500 mg",
    times: ["08:00"],
    startDate: "2026-11-01",
  };
  expect((await t.call("POST", "/api/v1/me/plans", { token: patientToken, body: plan2 })).status).toBe(201);
});
afterAll(() => t.close());

const cases = async () => (await t.call("GET", "/api/v1/safety/cases", { cookie: safety })).json;
const caseOf = async (id: string) =>
  (await t.call("GET", `/api/v1/safety/cases/${id}`, { cookie: safety })).json;

describe("patient: side effects from the mini-program", () => {
  const report = {
    id: uuid(1),
    description: "吃了降压药以后早上起来头晕",
    symptoms: ["头晕"],
    planIds: [uuid(900)],
    startedOn: "2026-11-18",
    stillHappening: true,
    stoppedDrug: false,
    contactConsent: true,
  };

  it("answers with a case number, the awareness time and advice in both languages", async () => {
    const r = await t.call("POST", "/api/v1/me/side-effects", { token: patientToken, body: report });
    expect(r.status).toBe(201);
    expect(r.json.id).toBe(uuid(1));
    expect(r.json.caseNumber).toMatch(/^STD-2026-\d{6}$/);
    expect(r.json.awareAt).toBe(new Date(T0).toISOString());
    expect(r.json.advice.items.map((a: { key: string }) => a.key)).toEqual(["keep_taking", "may_call"]);
    expect(r.json.advice.items[0]["zh-CN"]).toContain("不要自行停药");
    expect(r.json.advice.items[0].en).toContain("Do not stop");
  });

  it("is idempotent: the same id and body → 200 and the same case; another body → 409", async () => {
    const again = await t.call("POST", "/api/v1/me/side-effects", { token: patientToken, body: report });
    expect(again.status).toBe(200);
    const first = (await t.call("GET", "/api/v1/me/side-effects", { token: patientToken })).json.reports;
    expect(first).toHaveLength(1);
    expect(again.json.caseNumber).toBe(first[0].caseNumber);
    const changed = await t.call("POST", "/api/v1/me/side-effects", {
      token: patientToken,
      body: { ...report, description: "别的" },
    });
    expect(changed.status).toBe(409);
  });

  it("puts 120 / hospital first when the patient says it is serious", async () => {
    const r = await t.call("POST", "/api/v1/me/side-effects", {
      token: otherToken,
      body: {
        id: uuid(2),
        description: "胸口疼，昨晚去了急诊",
        seriousness: ["hospitalisation"],
        contactConsent: false,
      },
    });
    expect(r.status).toBe(201);
    expect(r.json.advice.urgent).toBe(true);
    expect(r.json.advice.items.map((a: { key: string }) => a.key)).toEqual([
      "emergency",
      "keep_taking",
      "tell_doctor",
    ]);
    expect(r.json.advice.items[0]["zh-CN"]).toContain("120");
  });

  it("takes the suspect drug from the named plan and the others as concomitant", async () => {
    const c = await caseOf(uuid(1));
    expect(c.source).toBe("patient_app");
    expect(c.suspectDrugs).toEqual([{ name: "氨氯地平片", dose: "5 mg", startedOn: "2026-11-01" }]);
    expect(c.concomitantDrugs.map((d: { name: string }) => d.name)).toEqual(["二甲双胍"]);
    expect(c.events).toEqual([{ verbatim: "头晕", onsetOn: "2026-11-18", outcome: "not_recovered" }]);
    expect(c.reporterQualification).toBe(5);
    expect(c.valid).toBe(true);
    expect(c.day0).toBe(c.awareAt);
    // Friday 10:00 in Shanghai → Monday 10:00.
    expect(c.forwardDueAt).toBe("2026-11-23T02:00:00.000Z");
    expect(c.regulatoryDueAt).toBe(new Date(T0 + 30 * DAY).toISOString());
    expect(c.patient).toMatchObject({ ref: patientId, initials: "张", sex: "female" });
    // The list never names the patient; the detail gives the officer a contact only with consent.
    const row = (await cases()).find((x: { id: string }) => x.id === uuid(1));
    expect(JSON.stringify(row)).not.toContain("张秀英");
    expect(c.contact).toEqual({ name: "张秀英", phone: null });
    expect((await caseOf(uuid(2))).contact).toBeNull();
  });

  it("numbers concurrent reports one after another, and a concurrent replay is stored once", async () => {
    const bodies = [60, 61, 62, 63].map((n) => ({
      id: uuid(n),
      description: `症状 ${n}`,
      contactConsent: true,
    }));
    const res = await Promise.all(
      [...bodies, bodies[0]].map((body) =>
        t.call("POST", "/api/v1/me/side-effects", { token: otherToken, body }),
      ),
    );
    expect(res.map((r) => r.status).sort()).toEqual([200, 201, 201, 201, 201]);
    const numbers = new Set(res.map((r) => r.json.caseNumber));
    expect(numbers.size).toBe(4);
    const seqs = [...numbers].map((n) => Number(String(n).slice(-6))).sort((a, b) => a - b);
    expect(seqs).toEqual([0, 1, 2, 3].map((i) => (seqs[0] as number) + i));
  });

  it("refuses a start day in the future", async () => {
    const r = await t.call("POST", "/api/v1/me/side-effects", {
      token: otherToken,
      body: { id: uuid(64), description: "头晕", startedOn: "2026-12-30", contactConsent: true },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("startedOn");
  });

  it("refuses a plan that is not the patient's, naming planIds", async () => {
    const r = await t.call("POST", "/api/v1/me/side-effects", {
      token: otherToken,
      body: { id: uuid(3), description: "头晕", planIds: [uuid(900)], contactConsent: true },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("planIds");
  });

  it("arrives through the sync outbox too: one bad item is rejected, the rest saved", async () => {
    const r = await t.call("POST", "/api/v1/me/sync", {
      token: otherToken,
      body: {
        items: [
          {
            kind: "side_effect",
            id: uuid(4),
            description: "咳嗽，干咳",
            symptoms: ["咳嗽"],
            contactConsent: true,
          },
          { kind: "side_effect", id: uuid(5), description: "脚踝肿" },
          {
            kind: "side_effect",
            id: uuid(4),
            description: "咳嗽，干咳",
            symptoms: ["咳嗽"],
            contactConsent: true,
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual([
      "created",
      "rejected",
      "duplicate",
    ]);
    expect(r.json.results[0].record.caseNumber).toMatch(/^STD-2026-/);
    expect(r.json.results[1].errors[0].path).toBe("contactConsent");
  });
});

describe("clinician: adverse events from the patient page", () => {
  it("opens a case scoped to the clinic and audits it", async () => {
    const body = {
      id: uuid(10),
      events: [
        { verbatim: "双下肢水肿", onsetOn: "2026-11-10", outcome: "recovering" },
        { verbatim: "面色潮红" },
      ],
      planIds: [uuid(900)],
      causalityAsReported: "possibly_related",
    };
    expect(
      (await t.call("POST", `/api/v1/patients/${patientId}/adverse-events`, { cookie: doctorB, body }))
        .status,
    ).toBe(404);
    const r = await t.call("POST", `/api/v1/patients/${patientId}/adverse-events`, { cookie: doctorA, body });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json).sort()).toEqual(["awareAt", "caseNumber", "id"]);
    const c = await caseOf(uuid(10));
    expect(c.source).toBe("clinician");
    expect(c.reporterQualification).toBe(1);
    expect(c.events).toHaveLength(2);
    expect(c.causalityReported).toBe("possibly_related");
    const audited = await t.db.run(
      "SELECT count(*) AS n FROM audit_events WHERE action = 'report_adverse_event' AND actor_id = 'user-doctorA'",
    );
    expect(audited.rows[0]?.n).toBe(1);
  });

  it("needs an event, a description or a special situation", async () => {
    const r = await t.call("POST", `/api/v1/patients/${patientId}/adverse-events`, {
      cookie: doctorA,
      body: { id: uuid(11) },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("description");
  });
});

describe("follow-up calls ask the safety question", () => {
  it("a reached call without the answer is 422 naming safety", async () => {
    const r = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(20), outcome: "reached" },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toContain("safety");
    const notAsked = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(20), outcome: "reached", safety: { asked: false, anyEvent: false } },
    });
    expect(notAsked.status).toBe(422);
    expect(notAsked.json.errors[0].path).toBe("safety.asked");
    const noWords = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(20), outcome: "reached", safety: { asked: true, anyEvent: true } },
    });
    expect(noWords.status).toBe(422);
    expect(noWords.json.errors[0].path).toBe("safety.description");
  });

  it("anyEvent: true opens a follow_up_call case aware at the call, once", async () => {
    const body = {
      id: uuid(21),
      outcome: "reached",
      note: "按时吃药",
      safety: {
        asked: true,
        anyEvent: true,
        description: "上周因为心慌住院两天",
        seriousness: ["hospitalisation"],
      },
    };
    const r = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, { cookie: assistantA, body });
    expect(r.status).toBe(201);
    expect(
      (await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, { cookie: assistantA, body })).status,
    ).toBe(200);
    const mine = (await cases()).filter((c: { source: string }) => c.source === "follow_up_call");
    expect(mine).toHaveLength(1);
    expect(mine[0].awareAt).toBe(r.json.at);
    expect(mine[0].seriousness).toEqual(["hospitalisation"]);
    expect(mine[0].reporterQualification).toBe(3);
  });

  it("anyEvent: false opens nothing; not reached needs no safety answer", async () => {
    const before = (await cases()).length;
    const r = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(22), outcome: "reached", safety: { asked: true, anyEvent: false } },
    });
    expect(r.status).toBe(201);
    const nr = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(23), outcome: "not_reached" },
    });
    expect(nr.status).toBe(201);
    expect((await cases()).length).toBe(before);
  });

  it("stores the missed-dose reasons said on the call, and reads them back with the call", async () => {
    const body = {
      id: uuid(24),
      outcome: "reached",
      safety: { asked: true, anyEvent: false },
      missedDoseReasons: ["forgot", "ran_out"],
    };
    const r = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, { cookie: assistantA, body });
    expect(r.status).toBe(201);
    expect(r.json.missedDoseReasons).toEqual(["forgot", "ran_out"]);
    const again = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body,
    });
    expect(again.status).toBe(200);
    const other = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body: { ...body, missedDoseReasons: ["forgot"] },
    });
    expect(other.status).toBe(409);
    const calls = (await t.call("GET", `/api/v1/patients/${otherId}/follow-ups`, { cookie: assistantA })).json
      .calls;
    expect(calls.find((c: { id: string }) => c.id === uuid(24)).missedDoseReasons).toEqual([
      "forgot",
      "ran_out",
    ]);
    const bad = await t.call("POST", `/api/v1/patients/${otherId}/follow-ups`, {
      cookie: assistantA,
      body: { ...body, id: uuid(25), missedDoseReasons: ["bored"] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toMatch(/^missedDoseReasons/);
  });
});

describe("patient: why a dose was skipped", () => {
  const dose = {
    id: uuid(26),
    planId: uuid(900),
    scheduledAt: "2026-11-20T00:00:00.000Z",
    status: "skipped",
    skipReason: "side_effect",
  };

  it("a skip keeps its reason, and the clinician reads it with the doses", async () => {
    const r = await t.call("POST", "/api/v1/me/doses", { token: patientToken, body: dose });
    expect(r.status).toBe(201);
    expect(r.json.skipReason).toBe("side_effect");
    const ds = (await t.call("GET", `/api/v1/patients/${patientId}/doses`, { cookie: doctorA })).json.doses;
    expect(ds.find((d: { id: string }) => d.id === uuid(26)).skipReason).toBe("side_effect");
    const changed = await t.call("POST", "/api/v1/me/doses", {
      token: patientToken,
      body: { ...dose, skipReason: "forgot" },
    });
    expect(changed.status).toBe(409);
  });

  it("a taken dose has no skip reason (422 naming skipReason)", async () => {
    const r = await t.call("POST", "/api/v1/me/doses", {
      token: patientToken,
      body: { ...dose, id: uuid(27), status: "taken" },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("skipReason");
  });
});

describe("rep: write-only", () => {
  const body = {
    id: uuid(30),
    reporterQualification: 1,
    reporterName: "王医生",
    patient: { initials: "LM", sex: "male", ageYears: 71 },
    drug: "氨氯地平片",
    description: "医生说一位老年患者服药后出现严重皮疹",
    awareOn: "2026-11-19",
  };

  it("gets the case number and awareness, nothing else; awareAt is the start of awareOn in Shanghai", async () => {
    const r = await t.call("POST", "/api/v1/safety/reports", { cookie: rep, body });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json).sort()).toEqual(["awareAt", "caseNumber"]);
    expect(r.json.awareAt).toBe("2026-11-18T16:00:00.000Z");
    expect((await t.call("POST", "/api/v1/safety/reports", { cookie: rep, body })).json).toEqual(r.json);
    const receipts = await t.call("GET", "/api/v1/safety/reports", { cookie: rep });
    expect(receipts.json).toEqual([r.json]);
  });

  it("the forward deadline runs from the day the rep heard of it", async () => {
    const c = (await cases()).find((x: { source: string }) => x.source === "rep");
    // Thursday 19 Nov (00:00 Shanghai) + one working day = Friday 20 Nov 00:00.
    expect(c.forwardDueAt).toBe("2026-11-19T16:00:00.000Z");
    expect(c.patient).toEqual({ ref: null, initials: "LM", sex: "male", ageYears: 71 });
    expect(c.suspectDrugs).toEqual([{ name: "氨氯地平片", dose: null, startedOn: null }]);
  });

  it("cannot report a day in the future", async () => {
    const r = await t.call("POST", "/api/v1/safety/reports", {
      cookie: rep,
      body: { ...body, id: uuid(31), awareOn: "2026-11-21" },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("awareOn");
  });

  it("reads no case: 403 on every /safety/cases route", async () => {
    for (const path of [
      "/api/v1/safety/cases",
      "/api/v1/safety/cases.csv",
      `/api/v1/safety/cases/${uuid(1)}`,
      `/api/v1/safety/cases/${uuid(1)}/audit`,
      `/api/v1/safety/cases/${uuid(1)}/e2b.xml`,
      `/api/v1/safety/cases/${uuid(1)}/fhir`,
    ]) {
      expect((await t.call("GET", path, { cookie: rep })).status, path).toBe(403);
    }
    expect((await t.call("GET", "/api/v1/safety/cases", { cookie: doctorA })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/patients", { cookie: safety })).status).toBe(403);
  });
});

describe("programme safety settings", () => {
  it("an admin sets the holidays and a shorter rule for serious cases; new cases follow them", async () => {
    const admin = await t.portalLogin("admin@demo.test");
    const current = await t.call("GET", "/api/v1/safety/settings", { cookie: safety });
    expect(current.json.rule).toEqual({ hours: 24 });
    expect(current.json.calendar.holidays).toContain("2026-10-01");
    const body = {
      forwardRule: { hours: 24, seriousHours: 8 },
      calendar: { ...current.json.calendar, holidays: [...current.json.calendar.holidays, "2026-11-23"] },
    };
    expect((await t.call("PUT", "/api/v1/safety/settings", { cookie: safety, body })).status).toBe(403);
    const bad = await t.call("PUT", "/api/v1/safety/settings", {
      cookie: admin,
      body: { ...body, calendar: { ...body.calendar, adjustedWorkingDays: ["2026-11-23"] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toBe("calendar.adjustedWorkingDays");
    expect((await t.call("PUT", "/api/v1/safety/settings", { cookie: admin, body })).status).toBe(200);
    // Friday 10:00: Monday 23 Nov is now a day off → Tuesday 10:00; a serious case → Friday 18:00.
    await t.call("POST", "/api/v1/me/side-effects", {
      token: patientToken,
      body: { id: uuid(70), description: "咳嗽", contactConsent: true },
    });
    await t.call("POST", "/api/v1/me/side-effects", {
      token: patientToken,
      body: { id: uuid(71), description: "胸痛住院", seriousness: ["hospitalisation"], contactConsent: true },
    });
    expect((await caseOf(uuid(70))).forwardDueAt).toBe("2026-11-24T02:00:00.000Z");
    expect((await caseOf(uuid(71))).forwardDueAt).toBe("2026-11-20T10:00:00.000Z");
    // Earlier cases keep their deadline.
    expect((await caseOf(uuid(1))).forwardDueAt).toBe("2026-11-23T02:00:00.000Z");
  });
});

describe("screening and duplicates", () => {
  it("a note with an adverse-event word opens a screening case; a negated one does not", async () => {
    const before = (await cases()).length;
    const neg = await t.call("POST", `/api/v1/patients/${otherId}/notes`, {
      cookie: doctorA,
      body: { id: uuid(40), body: "复诊：无头晕，无皮疹，过敏史：无。血压 150/95。" },
    });
    expect(neg.status).toBe(201);
    expect((await cases()).length).toBe(before);
    const hit = await t.call("POST", `/api/v1/patients/${otherId}/notes`, {
      cookie: doctorA,
      body: { id: uuid(41), body: "患者诉近一周皮肤瘙痒，背部起红疹。" },
    });
    expect(hit.status).toBe(201);
    const screened = (await cases()).filter((c: { source: string }) => c.source === "screening");
    expect(screened).toHaveLength(1);
    expect(screened[0].events.map((e: { verbatim: string }) => e.verbatim)).toEqual(["红疹"]);
    expect(screened[0].status).toBe("new");
    expect(screened[0].description).toContain("红疹");
  });

  it("readings alone are not events", async () => {
    const before = (await cases()).length;
    const r = await t.call("POST", "/api/v1/me/bp", {
      token: otherToken,
      body: { id: uuid(42), systolic: 185, diastolic: 112, measuredAt: T0 - 3_600_000 },
    });
    expect(r.status).toBe(201);
    expect((await cases()).length).toBe(before);
  });

  it("the same patient's same event from another route is linked, not doubled", async () => {
    // The patient reported 头晕 (uuid 1); the doctor now writes it in a note and reports it.
    const before = (await cases()).length;
    await t.call("POST", `/api/v1/patients/${patientId}/notes`, {
      cookie: doctorA,
      body: { id: uuid(43), body: "患者说最近早上头晕" },
    });
    expect((await cases()).length).toBe(before);
    const trail = (await t.call("GET", `/api/v1/safety/cases/${uuid(1)}/audit`, { cookie: safety })).json
      .entries;
    expect(trail.map((e: { action: string }) => e.action)).toContain("screening_hit_linked");

    const r = await t.call("POST", `/api/v1/patients/${patientId}/adverse-events`, {
      cookie: doctorA,
      body: { id: uuid(44), events: [{ verbatim: "头昏、站不稳" }] },
    });
    expect(r.status).toBe(201);
    const linked = await caseOf(uuid(44));
    expect(linked.possibleDuplicateOf).toBe(uuid(1));
    expect((await caseOf(uuid(1))).duplicates.map((d: { id: string }) => d.id)).toEqual([uuid(44)]);
  });
});
