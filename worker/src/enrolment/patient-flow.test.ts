// The patient's path through the API over real HTTP semantics and a real libSQL file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";

const PLAN = "0194f3a0-0000-7000-8000-000000000001";
const SLOT_0800 = Date.parse("2026-11-20T00:00:00Z"); // 08:00 Asia/Shanghai
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await makeTestApp();
  token = await t.patientLogin("mei");
});
afterAll(() => t.close());

describe("enrolment", () => {
  it("shows the clinic and doctor behind a code before consent", async () => {
    const r = await t.call("GET", "/api/v1/enrol/A-DEMO-CHEN", { token });
    expect(r.status).toBe(200);
    expect(r.json.doctor.name).toContain("陈晓东");
    expect(r.json.programme.consentVersion).toBe("2026-01");
  });

  /** An enrolment as the app sends it, with one part changed. */
  const enrol = (over: { code?: string; version?: string; accepted?: boolean; name?: string } = {}) =>
    t.call("POST", "/api/v1/enrol", {
      token,
      body: {
        code: over.code ?? "A-DEMO-CHEN",
        consent: { version: over.version ?? "2026-01", accepted: over.accepted ?? true },
        profile: { name: over.name ?? "梅", birthYear: 1958, sex: "female" },
      },
    });

  it.each([
    ["without explicit consent", { accepted: false }, "consent.accepted"],
    ["with an unknown code", { code: "NOPE" }, "code"],
    ["with an outdated consent version", { version: "2020-01" }, "consent.version"],
  ])("refuses enrolment %s, naming the field", async (_, over, field) => {
    const r = await enrol(over);
    expect(r.status).toBe(422);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual([field]);
  });

  it("enrols once; enrolling again answers 200 with the same enrolment", async () => {
    const first = await enrol({ name: "李梅" });
    expect(first.status).toBe(201);
    const again = await enrol({ name: "李梅" });
    expect(again.status).toBe(200);
    expect(again.json.enrolmentId).toBe(first.json.enrolmentId);
    const me = await t.call("GET", "/api/v1/me", { token });
    expect(me.json.profile.name).toBe("李梅");
    expect(me.json.enrolment.clinic.name).toContain("（A）");
    expect(me.json.consent.version).toBe("2026-01");
  });
});

describe("plans and doses", () => {
  const plan = {
    id: PLAN,
    drug: "氨氯地平",
    dose: "5 mg",
    times: ["20:00", "08:00"],
    startDate: "2026-11-20",
  };

  it("creates a plan idempotently: 201, replay 200, other body 409", async () => {
    expect((await t.call("POST", "/api/v1/me/plans", { token, body: plan })).status).toBe(201);
    const replay = await t.call("POST", "/api/v1/me/plans", { token, body: plan });
    expect(replay.status).toBe(200);
    expect(replay.json.times).toEqual(["08:00", "20:00"]);
    expect(
      (await t.call("POST", "/api/v1/me/plans", { token, body: { ...plan, dose: "10 mg" } })).status,
    ).toBe(409);
    const list = await t.call("GET", "/api/v1/me/plans", { token });
    expect(list.json.plans).toHaveLength(1);
  });

  it("lists today's slots: 08:00 due, 20:00 upcoming", async () => {
    const r = await t.call("GET", "/api/v1/me/today", { token });
    expect(r.status).toBe(200);
    expect(r.json.slots.map((s: { status: string }) => s.status)).toEqual(["due", "upcoming"]);
    expect(r.json.slots[0].scheduledAt).toBe(new Date(SLOT_0800).toISOString());
  });

  it("logs a dose once however often it is sent", async () => {
    const dose = { id: uuid(10), planId: PLAN, scheduledAt: SLOT_0800, status: "taken" };
    const first = await t.call("POST", "/api/v1/me/doses", { token, body: dose });
    expect(first.status).toBe(201);
    const again = await t.call("POST", "/api/v1/me/doses", { token, body: dose });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    // Same id, ISO form of the same instant: still the same body.
    const iso = await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { ...dose, scheduledAt: "2026-11-20T08:00:00+08:00" },
    });
    expect(iso.status).toBe(200);
    const other = await t.call("POST", "/api/v1/me/doses", { token, body: { ...dose, status: "skipped" } });
    expect(other.status).toBe(409);
    const today = await t.call("GET", "/api/v1/me/today", { token });
    expect(today.json.slots[0].status).toBe("taken");
    expect(today.json.slots[0].doseId).toBe(uuid(10));
  });

  it("a later correction supersedes: undo as skip, then take again", async () => {
    await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(11), planId: PLAN, scheduledAt: SLOT_0800, status: "skipped" },
    });
    t.setNow(t.now + 1000);
    expect((await t.call("GET", "/api/v1/me/today", { token })).json.slots[0].status).toBe("skipped");
    await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(12), planId: PLAN, scheduledAt: SLOT_0800, status: "taken" },
    });
    expect((await t.call("GET", "/api/v1/me/today", { token })).json.slots[0].status).toBe("taken");
  });

  it("keeps a confirmed extra dose as its own visible event; the slot stays taken", async () => {
    t.setNow(t.now + 1000);
    const extra = { id: uuid(90), planId: PLAN, scheduledAt: SLOT_0800, status: "taken", extra: true };
    const r = await t.call("POST", "/api/v1/me/doses", { token, body: extra });
    expect(r.status).toBe(201);
    expect(r.json.extra).toBe(true);
    expect((await t.call("POST", "/api/v1/me/doses", { token, body: extra })).status).toBe(200);
    const slot = (await t.call("GET", "/api/v1/me/today", { token })).json.slots[0];
    expect(slot).toMatchObject({ status: "taken", doseId: uuid(90), extraDoseIds: [uuid(90)] });
    // The same body through /me/sync is the same record; without the mark it is another body.
    const sync = await t.call("POST", "/api/v1/me/sync", {
      token,
      body: {
        items: [
          { kind: "dose", ...extra },
          { kind: "dose", ...extra, extra: false },
        ],
      },
    });
    expect(sync.json.results.map((x: { status: string }) => x.status)).toEqual(["duplicate", "conflict"]);
    const exported = (await t.call("GET", "/api/v1/me/export", { token })).json;
    const marked = exported.doses.filter((d: { extra?: boolean }) => d.extra);
    expect(marked.map((d: { id: string }) => d.id)).toEqual([uuid(90)]);
  });

  it("rejects doses for made-up times and unknown plans, naming the field", async () => {
    const odd = await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(13), planId: PLAN, scheduledAt: SLOT_0800 + 60_000, status: "taken" },
    });
    expect(odd.status).toBe(422);
    expect(odd.json.errors[0].path).toBe("scheduledAt");
    const unknown = await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(14), planId: uuid(999), scheduledAt: SLOT_0800, status: "taken" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0].path).toBe("planId");
  });

  it("keeps past slots when the plan's times change", async () => {
    t.setNow(Date.parse("2026-11-20T05:00:00Z")); // 13:00 Shanghai
    const r = await t.call("PATCH", `/api/v1/me/plans/${PLAN}`, {
      token,
      body: { times: ["09:00", "21:00"] },
      headers: { "if-match": '"1"' },
    });
    expect(r.status).toBe(200);
    expect(r.json.history).toHaveLength(2);
    const today = await t.call("GET", "/api/v1/me/today", { token });
    // 08:00 (old version, taken) stays; 21:00 from the new version; no 09:00 (changed after it) nor 20:00.
    expect(today.json.slots.map((s: { time: string; status: string }) => `${s.time} ${s.status}`)).toEqual([
      "08:00 taken",
      "21:00 upcoming",
    ]);
  });
});

describe("readings", () => {
  it("categorises BP and raises one urgent alert for a grade-3 reading, even when replayed", async () => {
    // 180/112: grade 3 (≥180 or ≥110) but not above 180/120, so urgent rather than crisis.
    const body = { id: uuid(20), systolic: 180, diastolic: 112, pulse: 80, measuredAt: t.now - 60_000 };
    const r = await t.call("POST", "/api/v1/me/bp", { token, body });
    expect(r.status).toBe(201);
    expect(r.json.category).toBe("grade3");
    expect(r.json.alert.kind).toBe("bp_urgent");
    const again = await t.call("POST", "/api/v1/me/bp", { token, body });
    expect(again.status).toBe(200);
    expect(again.json.alert.id).toBe(r.json.alert.id);
  });

  it("converts mg/dL glucose to mmol/L and flags level-2 hypoglycaemia", async () => {
    const r = await t.call("POST", "/api/v1/me/glucose", {
      token,
      body: { id: uuid(21), value: 50, unit: "mg/dL", context: "fasting", measuredAt: t.now - 60_000 },
    });
    expect(r.status).toBe(201);
    expect(r.json.value).toBe(2.8); // 50 / 18.0156 = 2.775 → 2.8
    expect(r.json.unit).toBe("mmol/L");
    expect(r.json.alert.kind).toBe("glucose_hypo_l2");
  });

  it("tells a patient in the crisis range to seek care now", async () => {
    const r = await t.call("POST", "/api/v1/me/bp", {
      token,
      body: { id: uuid(23), systolic: 186, diastolic: 124, measuredAt: t.now - 8 * 24 * 3600_000 }, // outside the 7-day mean
    });
    expect(r.json.alert.kind).toBe("bp_crisis");
    expect(r.json.advice).toBe("seek_care_now");
  });

  it("refuses a reading from the future", async () => {
    const r = await t.call("POST", "/api/v1/me/bp", {
      token,
      body: { id: uuid(22), systolic: 130, diastolic: 80, measuredAt: t.now + 3600_000 },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("measuredAt");
  });
});

describe("sync", () => {
  it("answers per item in order; one bad item never blocks the others; replay is harmless", async () => {
    const items = [
      { kind: "bp", id: uuid(30), systolic: 128, diastolic: 82, measuredAt: t.now - 120_000 },
      { kind: "bp", id: uuid(31), systolic: 20, diastolic: 82, measuredAt: t.now - 120_000 },
      {
        kind: "glucose",
        id: uuid(32),
        value: 6.1,
        unit: "mmol/L",
        context: "fasting",
        measuredAt: t.now - 120_000,
      },
      { kind: "weight", id: uuid(33) },
      { kind: "bp", id: uuid(20), systolic: 120, diastolic: 80, measuredAt: t.now - 60_000 },
    ];
    const r = await t.call("POST", "/api/v1/me/sync", { token, body: { items } });
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual([
      "created",
      "rejected",
      "created",
      "rejected",
      "conflict",
    ]);
    expect(r.json.results[1].errors[0].path).toBe("systolic");
    const replay = await t.call("POST", "/api/v1/me/sync", { token, body: { items } });
    expect(replay.json.results.map((x: { status: string }) => x.status)).toEqual([
      "duplicate",
      "rejected",
      "duplicate",
      "rejected",
      "conflict",
    ]);
    const bp = await t.call("GET", "/api/v1/me/readings?kind=bp", { token });
    expect(bp.json.readings.filter((x: { id: string }) => x.id === uuid(30))).toHaveLength(1);
  });
});

describe("summary, export and erasure", () => {
  it("summarises adherence, BP and glucose", async () => {
    const r = await t.call("GET", "/api/v1/me/summary?days=7", { token });
    expect(r.status).toBe(200);
    // One due slot so far (08:00, taken): 1/1.
    expect(r.json.doseAdherence).toBe(1);
    expect(r.json.daysCovered).toBe(1);
    expect(r.json.adherent).toBe(true);
    // BP mean of 180/112 and 128/82 = 154/97.
    expect(r.json.bp.mean7d).toMatchObject({ systolic: 154, diastolic: 97, n: 2 });
    expect(r.json.bp.controlled).toBe(false);
    expect(r.json.glucose.hypoCount).toBe(1);
  });

  it("exports everything and then erases the patient", async () => {
    const ex = await t.call("GET", "/api/v1/me/export", { token });
    expect(ex.status).toBe(200);
    expect(ex.json.doses.length).toBeGreaterThanOrEqual(3);
    expect(ex.json.bloodPressure.length).toBe(3);
    expect(JSON.stringify(ex.json)).not.toContain("dev:mei"); // no openid in the export
    expect(ex.json.reminders).toEqual(expect.any(Array)); // reminder history is the patient's data too
    expect((await t.call("DELETE", "/api/v1/me", { token })).status).toBe(204);
    expect((await t.call("GET", "/api/v1/me", { token })).status).toBe(401);
    const fresh = await t.patientLogin("mei");
    const me = await t.call("GET", "/api/v1/me", { token: fresh });
    expect(me.json.enrolment).toBeNull();
    expect((await t.call("GET", "/api/v1/me/plans", { token: fresh })).json.plans).toEqual([]);
  });
});
