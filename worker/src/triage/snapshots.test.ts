// The snapshot-based triage list (ADR 0006) against the original from-scratch computation, over
// the real app and a real libSQL file: a seeded clinic, then every kind of write that changes a
// patient's standing, the clock passing dose times, local midnights and the end of a snapshot's
// life, in Shanghai and in Los Angeles. Equality with the reference is the main claim; the
// computed_at checks show the snapshots are really used (not recomputed on every request).
import { compareTriageUrgency, type Locale } from "@steady/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../app.test-support";
import { versionsByPatient } from "../plans/plans";
import { isoInstant, type TriageRow, triageList } from "./list";
import { triageListFromScratch } from "./snapshot-scratch.test-support";
import {
  refreshDueSnapshots,
  refreshSnapshots,
  startTriageRefresher,
  storeSnapshots,
  versionsFromRows,
} from "./snapshot-store";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const CLINICS = ["clinic-a", "clinic-b"];

// T0 is 2026-11-20 10:00 in Shanghai (UTC+8) and 2026-11-19 18:00 in Los Angeles (UTC−8 in November).
const SH = (hhmm: string, day = 20) => Date.parse(`2026-11-${day}T${hhmm}:00+08:00`);
const LA = (hhmm: string, day = 20) => Date.parse(`2026-11-${day}T${hhmm}:00-08:00`);

let t: TestApp;
let doctorA: string;
let assistantA: string;
let shToken: string;
let shId: string;
let laToken: string;
let laId: string;
let quietId: string;
const SH_PLAN = uuid(1);
const VAN_PLAN = uuid(2);
/** The Los Angeles patient's plan, as created in beforeAll and replayed by a test. */
const LA_PLAN_BODY = {
  id: VAN_PLAN,
  drug: "二甲双胍",
  dose: "500 mg",
  times: ["09:00", "21:00"],
  startDate: "2026-11-09",
};

/** The list's own order, with the patient id as the last tie-break, to compare lists whose namesakes may come in any order. */
function listOrder(a: TriageRow, b: TriageRow) {
  const standing = (r: TriageRow) => ({
    ...r,
    lead: r.urgentAlert && { kind: r.urgentAlert.kind, raisedAt: Date.parse(r.urgentAlert.raisedAt) },
  });
  return (
    compareTriageUrgency(standing(a), standing(b)) ||
    a.name.localeCompare(b.name, "zh-CN") ||
    (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0)
  );
}

/** The snapshot list equals the from-scratch list (same rows, same order up to namesakes). */
async function expectMatchesScratch(clinics = CLINICS, locale: Locale = "zh-CN") {
  const fromSnapshots = await triageList(t.db, clinics, t.now, locale);
  const fromScratch = await triageListFromScratch(t.db, clinics, t.now, locale);
  expect(fromSnapshots.length).toBeGreaterThan(0);
  expect([...fromSnapshots].sort(listOrder)).toEqual([...fromScratch].sort(listOrder));
  expect(fromSnapshots).toEqual([...fromSnapshots].sort(listOrder));
  return fromSnapshots;
}

const rowOf = (rows: TriageRow[], id: string) => {
  const row = rows.find((r) => r.patientId === id);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
};

/** When each patient's snapshot was last computed. */
async function computedAt(): Promise<Map<string, number | null>> {
  const r = await t.db.run("SELECT patient_id, computed_at FROM triage_snapshots");
  return new Map(
    r.rows.map((x: Record<string, unknown>) => [
      String(x.patient_id),
      x.computed_at == null ? null : Number(x.computed_at),
    ]),
  );
}

/** Patients whose snapshot was recomputed between two `computedAt()` readings. */
function recomputed(before: Map<string, number | null>, after: Map<string, number | null>) {
  return [...after].filter(([id, at]) => before.get(id) !== at).map(([id]) => id);
}

async function signIn() {
  doctorA = await t.portalLogin("doctor.a@demo.test");
  assistantA = await t.portalLogin("assistant.a@demo.test");
}

async function setNow(ms: number) {
  t.setNow(ms);
  await signIn(); // portal sessions last 12 h
}

async function enrol(name: string, timezone: string) {
  const token = await t.enrolledPatient(name, "A-DEMO-CHEN", { birthYear: 1950, sex: "male", timezone });
  const me = await t.call("GET", "/api/v1/auth/me", { token });
  return { token, id: me.json.patientId as string };
}

beforeAll(async () => {
  t = await makeTestApp({ patients: 40 });
  await signIn();
  ({ token: shToken, id: shId } = await enrol("沈安", "Asia/Shanghai"));
  ({ token: laToken, id: laId } = await enrol("洛杉矶", "America/Los_Angeles"));
  ({ id: quietId } = await enrol("安静", "Asia/Shanghai")); // no plan, never logs anything
  // Both plans started ten local days ago with nothing logged: low adherence from the start.
  const made = [
    await t.call("POST", "/api/v1/me/plans", {
      token: shToken,
      body: {
        id: SH_PLAN,
        drug: "氨氯地平",
        dose: "5 mg",
        times: ["08:00", "20:00"],
        startDate: "2026-11-10",
      },
    }),
    await t.call("POST", "/api/v1/me/plans", { token: laToken, body: LA_PLAN_BODY }),
  ];
  expect(made.map((r) => r.status)).toEqual([201, 201]);
});
afterAll(() => t.close());

describe("the snapshot-based triage list", () => {
  it("equals the from-scratch list for a seeded clinic, cold (every snapshot computed by the request)", async () => {
    const rows = await expectMatchesScratch();
    expect(rows.length).toBe(43);
    // The seeded data has every kind of standing, so the comparison covers each rule.
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(["urgent", "attention", "stable"]));
    const codes = new Set(rows.flatMap((r) => r.reasonCodes.map((c) => c.code)));
    for (const code of ["urgent_alert", "low_adherence", "bp_above_target", "silent"])
      expect(codes).toContain(code);
    const stale = await t.db.run("SELECT count(*) AS n FROM triage_snapshots WHERE gen != computed_gen");
    expect(Number(stale.rows[0]?.n)).toBe(0);
    // Shanghai at 10:00 on the 20th: slots 08:00 and 20:00 from the 10th, 08:00 today due.
    // 14-day window 7th–20th, plan from the 10th: 10 full days × 2 + today's 08:00 = 21 due, 0 taken.
    const sh = rowOf(rows, shId);
    expect(sh.reasonCodes).toContainEqual({ code: "low_adherence", taken: 0, due: 21 });
    // Los Angeles at 18:00 on the 19th: slots 09:00 and 21:00 from the 9th; 09:00 today due.
    // 14-day window 6th–19th, plan from the 9th: 10 full days × 2 + 1 = 21 due.
    expect(rowOf(rows, laId).reasonCodes).toContainEqual({ code: "low_adherence", taken: 0, due: 21 });
  });

  it("serves later requests from the stored snapshots without recomputing", async () => {
    const before = await computedAt();
    await setNow(T0 + 5 * MIN);
    await expectMatchesScratch();
    expect(recomputed(before, await computedAt())).toEqual([]);
  });

  it("after a dose is logged: only that patient is recomputed, and the list still matches", async () => {
    const before = await computedAt();
    const r = await t.call("POST", "/api/v1/me/doses", {
      token: shToken,
      body: { id: uuid(10), planId: SH_PLAN, scheduledAt: SH("08:00"), status: "taken" },
    });
    expect(r.status).toBe(201);
    const rows = await expectMatchesScratch();
    expect(rowOf(rows, shId).reasonCodes).toContainEqual({ code: "low_adherence", taken: 1, due: 21 });
    expect(recomputed(before, await computedAt())).toEqual([shId]);
  });

  it("after a reading raises an urgent alert, and after the alert is acknowledged", async () => {
    const posted = await t.call("POST", "/api/v1/me/bp", {
      token: shToken,
      body: { id: uuid(11), systolic: 180, diastolic: 104, measuredAt: t.now - MIN },
    });
    expect(posted.json.alert.kind).toBe("bp_urgent");
    let rows = await expectMatchesScratch();
    expect(rowOf(rows, shId).tier).toBe("urgent");
    expect(rowOf(rows, shId).bpMean7d).toEqual({ systolic: 180, diastolic: 104 });

    const ack = await t.call("POST", `/api/v1/alerts/${posted.json.alert.id}/ack`, { cookie: doctorA });
    expect(ack.status).toBe(200);
    rows = await expectMatchesScratch();
    expect(rowOf(rows, shId).tier).toBe("attention");
    expect(rowOf(rows, shId).openAlerts).toBe(0);
  });

  it("after the doctor changes the BP target", async () => {
    const r = await t.call("PUT", `/api/v1/patients/${shId}/targets`, {
      cookie: doctorA,
      body: { bp: { systolic: 130, diastolic: 80 } },
      headers: { "if-match": '"1"' },
    });
    expect(r.status).toBe(200);
    const rows = await expectMatchesScratch();
    expect(rowOf(rows, shId).reasonCodes).toContainEqual(
      expect.objectContaining({ code: "bp_above_target", targetSystolic: 130, targetDiastolic: 80 }),
    );
  });

  it("after an escalation, and after the doctor resolves it", async () => {
    const esc = await t.call("POST", `/api/v1/patients/${laId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(12), outcome: "escalated", note: "头晕" },
    });
    expect(esc.status).toBe(201);
    let rows = await expectMatchesScratch();
    expect(rowOf(rows, laId).reasonCodes).toContainEqual({ code: "escalated" });
    expect((await t.call("POST", `/api/v1/follow-ups/${uuid(12)}/resolve`, { cookie: doctorA })).status).toBe(
      200,
    );
    rows = await expectMatchesScratch();
    expect(rowOf(rows, laId).reasonCodes).not.toContainEqual({ code: "escalated" });
  });

  it("after a plan change, once the new time has come due", async () => {
    const before = rowOf(await expectMatchesScratch(), shId);
    const r = await t.call("PATCH", `/api/v1/me/plans/${SH_PLAN}`, {
      token: shToken,
      body: { times: ["08:00", "12:00", "20:00"] },
      headers: { "if-match": '"1"' },
    });
    expect(r.status).toBe(200);
    await setNow(SH("12:30"));
    const after = rowOf(await expectMatchesScratch(), shId);
    // The 12:00 slot of the new version is due now: 21 + 1 = 22 due, still 1 taken.
    expect(before.reasonCodes).toContainEqual({ code: "low_adherence", taken: 1, due: 21 });
    expect(after.reasonCodes).toContainEqual({ code: "low_adherence", taken: 1, due: 22 });
  });

  it("as the day's dose times pass, without any write and without recomputing", async () => {
    const before = await computedAt();
    await setNow(SH("20:30"));
    const rows = await expectMatchesScratch();
    // 08:00, 12:00 and 20:00 today: 20 + 3 = 23 due.
    expect(rowOf(rows, shId).reasonCodes).toContainEqual({ code: "low_adherence", taken: 1, due: 23 });
    expect(recomputed(before, await computedAt())).toEqual([]);
  });

  it("across local midnight in Shanghai and Los Angeles, from the stored next-day inputs", async () => {
    // 00:30 on the 21st in Shanghai; 08:30 on the 20th in Los Angeles (both were computed the day before).
    const before = await computedAt();
    await setNow(SH("00:30", 21));
    const rows = await expectMatchesScratch();
    expect(recomputed(before, await computedAt())).toEqual([]);
    // Shanghai window now 8th–21st: the 10th–20th with 20th at three slots: 10 × 2 + 3 = 23 due.
    expect(rowOf(rows, shId).reasonCodes).toContainEqual({ code: "low_adherence", taken: 1, due: 23 });
    // Los Angeles on the 20th before 09:00: the 9th–19th in full, 11 × 2 = 22 due, none today yet.
    expect(rowOf(rows, laId).reasonCodes).toContainEqual({ code: "low_adherence", taken: 0, due: 22 });
  });

  it("past the end of a snapshot's life (two local midnights): recomputed, still matching", async () => {
    // 00:30 on the 21st in Los Angeles: its snapshots from the 19th are void; Shanghai's from the 20th still serve.
    const before = await computedAt();
    await setNow(LA("00:30", 21));
    await expectMatchesScratch();
    const again = recomputed(before, await computedAt());
    expect(again).toContain(laId);
    expect(again).not.toContain(shId);
  });

  it("in English too", async () => {
    const rows = await expectMatchesScratch(CLINICS, "en");
    expect(rowOf(rows, shId).reasons.join(" ")).toMatch(/took 1 of \d+ doses in 14 days/);
  });

  it("read in chunks when the roster is large (as D1 needs beyond ~6,000 patients)", async () => {
    const whole = await triageList(t.db, CLINICS, t.now, "zh-CN");
    // 43 rows in chunks of 7: six full chunks and one of one.
    expect(await triageList(t.db, CLINICS, t.now, "zh-CN", 7)).toEqual(whole);
    expect(await triageList(t.db, CLINICS, t.now, "zh-CN", 43)).toEqual(whole);
  });

  it("per clinic: a clinic's list holds only its own patients", async () => {
    const a = await expectMatchesScratch(["clinic-a"]);
    const b = await expectMatchesScratch(["clinic-b"]);
    expect(a.length + b.length).toBe(43);
    expect(b.map((r) => r.patientId)).not.toContain(shId);
  });

  it("after the programme's adherence window changes (thresholds are data)", async () => {
    await t.db.run(
      "UPDATE programmes SET thresholds = json_set(thresholds, '$.triage.adherenceWindowDays', 7)",
    );
    const rows = await expectMatchesScratch();
    // Shanghai at 16:30 on the 21st (= 00:30 in Los Angeles): window 15th–21st: the 15th–19th
    // 5 × 2 = 10, the 20th's 3, today's 08:00 and 12:00: 15 due; the one dose taken (20th) is in it.
    expect(rowOf(rows, shId).reasonCodes).toContainEqual({ code: "low_adherence", taken: 1, due: 15 });
    await t.db.run(
      "UPDATE programmes SET thresholds = json_set(thresholds, '$.triage.adherenceWindowDays', 14)",
    );
    await expectMatchesScratch();
  });

  it("a week after enrolment, when a quiet patient turns silent (by the clock alone)", async () => {
    await setNow(T0 + 7 * DAY - MIN);
    let rows = await expectMatchesScratch();
    expect(rowOf(rows, quietId).tier).toBe("stable");
    const before = await computedAt();
    await setNow(T0 + 7 * DAY + MIN);
    rows = await expectMatchesScratch();
    expect(rowOf(rows, quietId).tier).toBe("silent");
    expect(rowOf(rows, quietId).reasonCodes).toEqual([{ code: "silent", days: null }]);
    expect(recomputed(before, await computedAt())).toEqual([]);
    await setNow(T0 + 8 * DAY);
    rows = await expectMatchesScratch();
    expect(rowOf(rows, laId).reasonCodes).toContainEqual({ code: "silent", days: null });
  });
});

describe("keeping snapshots current", () => {
  it("never stores a snapshot computed from inputs a write has since changed", async () => {
    const [row] = (await t.db.run(`SELECT gen FROM triage_snapshots WHERE patient_id = '${shId}'`)).rows;
    const gen = Number(row?.gen);
    const computed = await refreshSnapshots(t.db, [{ patientId: shId, w: 14 }], t.now);
    const snapshot = computed.snapshots.get(`${shId}|14`);
    expect(snapshot).toBeDefined();
    // A write lands while that snapshot was being computed …
    await t.call("POST", "/api/v1/me/bp", {
      token: shToken,
      body: { id: uuid(20), systolic: 120, diastolic: 70, measuredAt: t.now - MIN },
    });
    // … so storing it as of the generation it read is refused, and the row stays stale.
    if (!snapshot) return;
    expect(await storeSnapshots(t.db, [{ patientId: shId, gen, snapshot }], t.now)).toBe(0);
    const after = (
      await t.db.run(`SELECT gen, computed_gen FROM triage_snapshots WHERE patient_id = '${shId}'`)
    ).rows[0];
    expect(Number(after?.gen)).toBeGreaterThan(Number(after?.computed_gen));
    await expectMatchesScratch();
  });

  it("recomputes a snapshot stored before its head carried the lead alert (ADR 0012)", async () => {
    await expectMatchesScratch();
    // The head as stored before: [openAlerts, escalated] only, the snapshot otherwise current.
    await t.db.run(`UPDATE triage_snapshots SET
      row_today = json_array(json(row_today) -> 0, json_array(0, 0)),
      row_tomorrow = json_array(json(row_tomorrow) -> 0, json_array(0, 0))
      WHERE patient_id = '${shId}'`);
    const before = await computedAt();
    await setNow(t.now + MIN);
    await expectMatchesScratch();
    expect(recomputed(before, await computedAt())).toEqual([shId]);
  });

  it("a replayed write that changes nothing does not invalidate", async () => {
    await expectMatchesScratch();
    const before = await computedAt();
    const [gen] = (await t.db.run(`SELECT gen FROM triage_snapshots WHERE patient_id = '${laId}'`)).rows;
    // The plan create replayed with the same body: same plan, same revision, no change.
    const replay = await t.call("POST", "/api/v1/me/plans", { token: laToken, body: LA_PLAN_BODY });
    expect(replay.status).toBe(200);
    const [after] = (await t.db.run(`SELECT gen FROM triage_snapshots WHERE patient_id = '${laId}'`)).rows;
    expect(after?.gen).toBe(gen?.gen);
    await expectMatchesScratch();
    expect(recomputed(before, await computedAt())).toEqual([]);
  });

  it("the background pass recomputes written-to snapshots first, then rolls the rest past midnight", async () => {
    await t.call("POST", "/api/v1/me/doses", {
      token: laToken,
      body: { id: uuid(21), planId: VAN_PLAN, scheduledAt: LA("09:00", 27), status: "taken" },
    });
    const written = await t.db.run(
      `SELECT patient_id FROM triage_snapshots WHERE refresh_after = 0 AND patient_id = '${laId}'`,
    );
    expect(written.rows).toHaveLength(1);
    // One at a time: the written-to one comes first.
    const first = await refreshDueSnapshots(t.db, t.now, 1);
    expect(first).toEqual({ refreshed: 1, dropped: 0, failed: 0 });
    const row = (
      await t.db.run(`SELECT gen, computed_gen FROM triage_snapshots WHERE patient_id = '${laId}'`)
    ).rows[0];
    expect(row?.gen).toBe(row?.computed_gen);
    // A day later every snapshot is past its switch to the next day: the pass rolls them all.
    await setNow(t.now + DAY);
    const total = Number((await t.db.run("SELECT count(*) AS n FROM triage_snapshots")).rows[0]?.n);
    const pass = await refreshDueSnapshots(t.db, t.now, 1000);
    expect(pass.refreshed).toBe(total);
    const before = await computedAt();
    await expectMatchesScratch();
    expect(recomputed(before, await computedAt())).toEqual([]);
  });

  it("the Node server's refresher runs a pass at start and every minute after", async () => {
    await t.db.run("UPDATE triage_snapshots SET gen = gen + 1, refresh_after = 0");
    const stop = startTriageRefresher({ db: t.db, clock: () => t.now });
    await stop(); // waits for the pass started at once
    const stale = await t.db.run("SELECT count(*) AS n FROM triage_snapshots WHERE gen != computed_gen");
    expect(Number(stale.rows[0]?.n)).toBe(0);
  });

  it("drops the snapshot of a patient who erased their data", async () => {
    const { token, id } = await enrol("将离开", "Asia/Shanghai");
    await expectMatchesScratch();
    expect((await t.db.run(`SELECT 1 FROM triage_snapshots WHERE patient_id = '${id}'`)).rows).toHaveLength(
      1,
    );
    expect((await t.call("DELETE", "/api/v1/me", { token })).status).toBe(204);
    expect((await t.db.run(`SELECT 1 FROM triage_snapshots WHERE patient_id = '${id}'`)).rows).toHaveLength(
      0,
    );
    await expectMatchesScratch();
  });

  it("builds plan versions as plans.ts does", async () => {
    const ids = [shId, laId];
    const rows = await t.db.run(
      `SELECT m.patient_id, r.plan_id, r.valid_from, r.drug, r.dose, r.times, r.start_date, r.end_date, m.stopped_at
       FROM plan_revisions r JOIN medication_plans m ON m.id = r.plan_id WHERE m.patient_id IN ('${shId}', '${laId}')`,
    );
    const fromRows = versionsFromRows(
      rows.rows.map((r: Record<string, unknown>) => [
        String(r.patient_id),
        String(r.plan_id),
        Number(r.valid_from),
        String(r.drug),
        String(r.dose),
        JSON.parse(String(r.times)),
        String(r.start_date),
        r.end_date == null ? null : String(r.end_date),
        r.stopped_at == null ? null : Number(r.stopped_at),
      ]),
    );
    const reference = await versionsByPatient(t.db, ids);
    // The Shanghai plan has two revisions (the change of times), so activeFrom/stoppedAt are exercised.
    expect(reference.get(shId)).toHaveLength(2);
    expect(fromRows).toEqual(reference);
  });
});

describe("isoInstant", () => {
  it("formats exactly as Date#toISOString", () => {
    const samples = [0, 1, 999, 1000, DAY - 1, DAY, T0, T0 + 123, Date.parse("2028-02-29T23:59:59.999Z")];
    // A deterministic spread over 1970–2100 (a linear congruential sequence, no Math.random).
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      samples.push(Math.floor((x / 2 ** 31) * 4_102_444_800_000));
    }
    for (const ms of samples) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });
});
