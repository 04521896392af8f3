// The programme release from hand-built counts (right numbers, rounded to 5, differencing
// fails; the attacks of ADR 0013 are in aggregates-attack.test.ts), and the running counts kept by the database triggers (always equal to the sums over
// the per-patient rows, through refreshes, moves, withdrawals and erasure).
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { feasibleSmallValues } from "./attack";
import { buildRelease, type ClinicFacts, type CountRow, cachedRelease, id } from "./release";
import { clinic, snapshot } from "./release.test-support";
import { clinicRows, clinicRowsCsv, DISCLOSURE_NOTE, programmeReport, reportCsv } from "./report";
import { MONTH_BITS, monthIndex, refreshProgrammeStats } from "./stats";

const NOW = Date.parse("2026-11-20T02:00:00Z"); // 10:00 in Shanghai; window Dec 2025 … Nov 2026
const JUL = monthIndex("2026-07-01");
const AUG = monthIndex("2026-08-01");
const NOV = monthIndex("2026-11-01");

// Hand-built programme. Everyone enrolled in July (so ≥ 90 days by 11-20) except C's 10 in August.
//            region  enrolled  active7  eligible  adherent90  bp measured  bp controlled
//  A 北京     华北       12        9        12          3            8             5
//  B 天津     华北       20       15        20         14           10             6
//  C 上海     华东       30       25        20         13           12             7
//  programme             62       49        52         30           30            18
const counts: CountRow[] = [
  ...snapshot("A", JUL, { n: 12, act7: 9, elig: 12, adh90: 3, bpa: 8, bpc: 5 }),
  ...snapshot("B", JUL, { n: 20, act7: 15, elig: 20, adh90: 14, bpa: 10, bpc: 6 }),
  ...snapshot("C", JUL, { n: 20, act7: 17, elig: 20, adh90: 13, bpa: 8, bpc: 5 }),
  ...snapshot("C", AUG, { n: 10, act7: 8, bpa: 4, bpc: 2 }),
];
const facts = [
  clinic("A", "北京", "华北"),
  clinic("B", "天津", "华北"),
  clinic("C", "上海", "华东", "rep-2"),
];
const release = () => buildRelease({ programmeId: "p", now: NOW, clinics: facts, counts });

describe("the programme release from hand-built counts", () => {
  const report = (r = release()) =>
    programmeReport(
      r,
      {
        id: "p",
        name: "demo",
        targets: { baselineAdherence: 0.65, targetAdherence: 0.8, enrolmentTarget: 2000 },
      },
      0,
    );

  it("publishes every count rounded to 5, adding up clinics into regions and the programme", () => {
    const rep = report();
    // 62 → 60, 49 → 50, 52 → 50, 30 → 30, 18 → 20: the totals are always there, rounded.
    expect(rep.totals).toMatchObject({
      enrolled: 60,
      active7d: 50,
      eligible90d: 50,
      adherent90d: 30,
      bpAssessed7d: 30,
      bpControlled7d: 20,
    });
    // Shares are of the published counts: 30 / 50, so they tell nothing the counts do not.
    expect(rep.totals.adherence90d).toBeCloseTo(30 / 50);
    expect(rep.totals.bpControlRate).toBeCloseTo(20 / 30);
    // Enrolment by month: 52 in July (50), 10 in August (10); the cumulative series is rounded on
    // its own (52 → 50, 62 → 60) and ends at the total; a month without enrolments is 0.
    const byMonth = Object.fromEntries(rep.enrolment.map((e) => [e.month, e]));
    expect(byMonth["2026-07"]).toMatchObject({ enrolled: 50, cumulative: 50 });
    expect(byMonth["2026-08"]).toMatchObject({ enrolled: 10, cumulative: 60 });
    expect(byMonth["2026-11"]).toMatchObject({ enrolled: 0, cumulative: 60 });
    // 华北: 32 enrolled (30), 17 of 32 adherent (15 of 30).
    const north = rep.regions.find((g) => g.region === "华北");
    expect(north).toMatchObject({ clinics: 2, enrolled: 30, eligible90d: 30, adherent90d: 15 });
    expect(north?.adherence90d).toBeCloseTo(0.5);
    expect(rep.clinics.find((c) => c.clinicId === "C")).toMatchObject({
      enrolled: 30,
      eligible90d: 20,
      adherent90d: 15,
      adherence90d: 0.75,
    });
    expect(rep.clinics.find((c) => c.clinicId === "B")).toMatchObject({ enrolled: 20, adherent90d: 15 });
    expect(rep.suppression).toMatchObject({ rounding: 5, smallBelow: 5 });
  });

  it("A's 3 adherent patients are '<5', and differencing does not bring them back", () => {
    const r = release();
    const a = clinicRows(r).find((c) => c.clinicId === "A");
    // 12 eligible → 10; 3 adherent → "<5", so no share (the portal shows "< 50 %" from these two).
    expect(a).toMatchObject({ enrolled: 10, eligible90d: 10, adherent90d: "<5", adherence90d: null });
    // The exhaustive attacker, with every relation of the release, cannot pin any "<5" cell.
    const feasible = feasibleSmallValues(r.internals.cells, r.internals.equations, r.internals.marks);
    expect(feasible.get(id.node("c:A", "adh90"))?.length).toBeGreaterThan(1);
    expect(feasible.get(id.node("c:A", "adh90"))).toContain(3);
    for (const [cell, values] of feasible) expect(values.length, cell).toBeGreaterThan(1);
  });

  it("the CSV exports carry the same published values as the API", () => {
    const rep = report();
    const csv = reportCsv(rep, "clinics", "en");
    const line = (name: string) => csv.split("\r\n").find((l) => l.startsWith(name)) ?? "";
    // A: enrolled 14 → 15 … adherent "<5" of 10 eligible: the rate is at most 4 / 8 = 50 %.
    const a = rep.clinics.find((c) => c.clinicId === "A");
    expect(line("clinic A")).toBe(
      `clinic A,北京,三级,华北,active,${a?.enrolled},${a?.active7d},10,<5,≤50%,${a?.bpAssessed7d},${a?.bpControlled7d},${Math.round((a?.bpControlRate ?? 0) * 1000) / 10}%,<5,<5,,<5,<5,`,
    );
    expect(line("clinic C")).toContain(",30,25,20,15,75%,");
    const rows = clinicRowsCsv(clinicRows(release(), "rep-1"), "zh-CN");
    expect(rows).toContain("clinic A,北京,三级,华北,active,10,10,10,<5,≤50%");
    // The note on rounding is served beside the file (GET /reports/disclosure-note), not in it.
    expect(rows).not.toContain("四舍五入到5的倍数");
    expect(DISCLOSURE_NOTE["zh-CN"]).toContain("四舍五入到5的倍数");
  });

  it("supply KPIs: patients judged / PDC ≥ 80 % and refills due / on time, rounded and shared like the rest", () => {
    const withSupply = [
      ...counts,
      ...snapshot("B", 0, { spa: 12, spd: 9, rfd: 22, rft: 17 }),
      ...snapshot("C", 0, { spa: 8, spd: 3, rfd: 11, rft: 9 }),
    ];
    const r = buildRelease({ programmeId: "p", now: NOW, clinics: facts, counts: withSupply });
    const rep = report(r);
    // Programme: 20 judged → 20, 12 adherent → 10 (share of the rounded counts: 50 %);
    // 33 refills due → 35, 26 on time → 25.
    expect(rep.totals).toMatchObject({
      supplyAssessed90d: 20,
      supplyAdherent90d: 10,
      supplyAdherence90d: 0.5,
      refillsDue90d: 35,
      refillsOnTime90d: 25,
    });
    expect(rep.totals.refillOnTimeRate).toBeCloseTo(25 / 35);
    // A tracked nobody's supply: its zeros are protected like any small count.
    const a = rep.clinics.find((c) => c.clinicId === "A");
    expect(a).toMatchObject({ supplyAssessed90d: "<5", refillsDue90d: "<5", refillOnTimeRate: null });
    // C's 3 supply-adherent patients stay "<5", and nothing published pins them.
    const c = rep.clinics.find((x) => x.clinicId === "C");
    expect(c?.supplyAdherent90d).toBe("<5");
    const feasible = feasibleSmallValues(r.internals.cells, r.internals.equations, r.internals.marks);
    expect(feasible.get(id.node("c:C", "spd"))?.length).toBeGreaterThan(1);
  });

  it("the attacker does recover it from exact counts (so the test can fail)", () => {
    const r = release();
    const naive = new Map(
      [...r.internals.marks].map(([k]) => {
        const c = r.internals.cells.find((x) => x.id === k);
        return [k, (c?.implicit ? "hidden" : c && c.value < 5 ? "small" : "shown") as "small" | "shown"];
      }),
    );
    const feasible = feasibleSmallValues(r.internals.cells, r.internals.equations, naive);
    expect(feasible.get(id.node("c:A", "adh90"))).toEqual([3]);
  });

  it("a few enrolments today never hide the programme's total (the demo's shape)", () => {
    // Two clinics in two regions: X 40 with 16 of 40 adherent; Y 10 with 4 of 10 adherent, and
    // 3 enrolled at X today. Suppression used to withhold the total; rounding publishes 55.
    const two = [clinic("X", "北京", "华北"), clinic("Y", "上海", "华东")];
    const r = buildRelease({
      programmeId: "p",
      now: NOW,
      clinics: two,
      counts: [
        ...snapshot("X", JUL, { n: 40, act7: 35, elig: 40, adh90: 16, bpa: 29, bpc: 10 }),
        ...snapshot("X", NOV, { n: 3 }),
        ...snapshot("Y", JUL, { n: 10, act7: 8, elig: 10, adh90: 4, bpa: 6, bpc: 0 }),
      ],
    });
    const rep = report(r);
    expect(rep.totals).toMatchObject({ enrolled: 55, eligible90d: 50, adherent90d: 20 });
    expect(rep.totals.adherence90d).toBeCloseTo(0.4);
    expect(rep.enrolment.at(-1)).toMatchObject({ month: "2026-11", enrolled: "<5", cumulative: 55 });
    expect(rep.clinics.find((c) => c.clinicId === "X")).toMatchObject({ enrolled: 45, adherent90d: 15 });
    expect(rep.clinics.find((c) => c.clinicId === "Y")).toMatchObject({ adherent90d: "<5" });
    const feasible = feasibleSmallValues(r.internals.cells, r.internals.equations, r.internals.marks);
    for (const [cell, values] of feasible) expect(values.length, cell).toBeGreaterThan(1);
  });

  it("is reused while its counts, clinics and day are the same, and rebuilt when any changes", () => {
    const packed = [
      { clinicId: "A", measure: "n", packed: `${JUL},0,12` },
      { clinicId: "B", measure: "n", packed: `${JUL},0,20` },
    ];
    const one = cachedRelease({ programmeId: "cache", now: NOW, clinics: facts, packed });
    expect(cachedRelease({ programmeId: "cache", now: NOW + 60_000, clinics: facts, packed })).toBe(one);
    const more = [...packed, { clinicId: "C", measure: "n", packed: `${NOV},0,3` }];
    const two = cachedRelease({ programmeId: "cache", now: NOW, clinics: facts, packed: more });
    expect(two).not.toBe(one);
    expect(two.count(id.node("P", "n"))).toBe(35);
    expect(
      cachedRelease({ programmeId: "cache", now: NOW + 86_400_000, clinics: facts, packed: more }),
    ).not.toBe(two);
  });

  it("a rep sees only the clinics they onboarded, from the same release", () => {
    const r = release();
    expect(clinicRows(r, "rep-1").map((c) => c.clinicId)).toEqual(["A", "B"]);
    expect(clinicRows(r, "rep-2").map((c) => c.clinicId)).toEqual(["C"]);
    expect(clinicRows(r, "nobody")).toEqual([]);
  });

  it("months: adherence by month is a share only, shown when both groups have 5 or more", () => {
    // November: C has 12 with doses due, 2 adherent (2 < 5: withheld); B 18 due, 11 adherent
    // (11 and 7: shown, of the rounded counts 10 / 20 = 50 %); the programme 30 due, 13 adherent
    // (13 and 17: 15 / 30 = 50 %).
    const withMonths = [
      ...counts,
      { clinicId: "C", enrolMonth: 0, measure: "due", month: NOV, n: 12 },
      { clinicId: "C", enrolMonth: 0, measure: "adh", month: NOV, n: 2 },
      { clinicId: "B", enrolMonth: 0, measure: "due", month: NOV, n: 18 },
      { clinicId: "B", enrolMonth: 0, measure: "adh", month: NOV, n: 11 },
    ];
    const r = buildRelease({ programmeId: "p", now: NOW, clinics: facts, counts: withMonths });
    const nov = (cid: string) =>
      clinicRows(r)
        .find((x) => x.clinicId === cid)
        ?.trend.find((p) => p.month === "2026-11");
    expect(nov("C")?.adherence).toBeNull();
    expect(nov("B")?.adherence).toBe(0.5);
    expect(r.monthlyAdherence("P", NOV)).toBe(0.5);
    // No count of adherent or assessed patients exists anywhere in the release to subtract from.
    expect(r.internals.cells.some((c) => /\|(due|adh)\|/.test(c.id))).toBe(false);
  });

  it("months: a small month of new enrolments cannot be had from the clinic total or the programme's month", () => {
    // A: 12 in July as before, plus 2 in October → A enrolled 14, programme October 2 + 6 (B) = 8.
    const r = buildRelease({
      programmeId: "p",
      now: NOW,
      clinics: facts,
      counts: [
        ...counts,
        ...snapshot("A", monthIndex("2026-10-01"), { n: 2 }),
        ...snapshot("B", monthIndex("2026-10-01"), { n: 6 }),
      ],
    });
    const oct = id.month("c:A", "new", monthIndex("2026-10-01"));
    expect(r.count(oct)).toBe("<5");
    const feasible = feasibleSmallValues(r.internals.cells, r.internals.equations, r.internals.marks);
    expect(feasible.get(oct)?.length).toBeGreaterThan(1);
    for (const [cell, values] of feasible) expect(values.length, cell).toBeGreaterThan(1);
  });

  it("a clinic that has not started yet is publicly zero; its first patient shows as <5", () => {
    const newClinic: ClinicFacts = {
      ...clinic("D", "成都", "西南"),
      createdAt: NOW - 86_400_000,
      doctors: 1,
    };
    const before = buildRelease({ programmeId: "p", now: NOW, clinics: [...facts, newClinic], counts });
    // No patients yet: the stage says so, and the count is a plain 0.
    expect(clinicRows(before).find((x) => x.clinicId === "D")).toMatchObject({
      stage: "doctor_active",
      enrolled: 0,
    });
    const after = buildRelease({
      programmeId: "p",
      now: NOW,
      clinics: [...facts, newClinic],
      counts: [...counts, ...snapshot("D", NOV, { n: 1 })],
    });
    expect(clinicRows(after).find((x) => x.clinicId === "D")).toMatchObject({
      stage: "first_patient",
      enrolled: "<5",
    });
    const feasible = feasibleSmallValues(
      after.internals.cells,
      after.internals.equations,
      after.internals.marks,
    );
    // At least 1 (the stage says so) and more than one value possible.
    expect(feasible.get(id.node("c:D", "n"))?.[0]).toBe(1);
    expect(feasible.get(id.node("c:D", "n"))?.length).toBeGreaterThan(1);
    for (const [cell, values] of feasible) expect(values.length, cell).toBeGreaterThan(1);
  });
});

// --- running counts in the database --------------------------------------------------

async function expectCountsMatchRows(t: TestApp) {
  const rows = await t.db.query.programmePatientStats.findMany();
  const expected = new Map<string, number>();
  const add = (k: string) => expected.set(k, (expected.get(k) ?? 0) + 1);
  for (const s of rows) {
    add(`${s.programmeId}|${s.clinicId}|${s.enrolMonth}|n|0`);
    const base = `${s.programmeId}|${s.clinicId}|0`;
    if (s.active7) add(`${base}|act7|0`);
    if (s.first90Done) add(`${base}|elig|0`);
    if (s.first90Adherent) add(`${base}|adh90|0`);
    if (s.bpAssessed) add(`${base}|bpa|0`);
    if (s.bpControlled) add(`${base}|bpc|0`);
    if (s.supplyAssessed) add(`${base}|spa|0`);
    if (s.supplyAdherent) add(`${base}|spd|0`);
    for (let i = 0; i < s.refillDue; i++) add(`${base}|rfd|0`);
    for (let i = 0; i < s.refillOnTime; i++) add(`${base}|rft|0`);
    for (let j = 0; j < MONTH_BITS; j++) {
      const has = (mask: number) => Math.floor(mask / 2 ** j) % 2 === 1;
      if (has(s.dueMask)) add(`${s.programmeId}|${s.clinicId}|0|due|${s.enrolMonth + j}`);
      if (has(s.adhMask)) add(`${s.programmeId}|${s.clinicId}|0|adh|${s.enrolMonth + j}`);
      if (has(s.actMask)) add(`${s.programmeId}||${s.enrolMonth}|act|${s.enrolMonth + j}`);
    }
  }
  const actual = new Map(
    (await t.db.query.programmeCounts.findMany())
      .filter((c) => c.n !== 0)
      .map((c) => [`${c.programmeId}|${c.clinicId}|${c.enrolMonth}|${c.measure}|${c.month}`, c.n]),
  );
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  return rows.length;
}

describe("running counts kept by triggers", () => {
  it("equal the sums over the per-patient rows through refresh, moves, withdrawal and erasure", async () => {
    const t = await makeTestApp({ patients: 25 });
    try {
      // Enrolling created a row per patient, counted at once (not yet computed).
      expect(await expectCountsMatchRows(t)).toBe(25);
      // Three patients track a supply: 10 tablets counted 25 days ago and one refill of 10 some
      // days later, so refills come due within the 90 days; the sums over rows are what is checked.
      const { medicationPlans, planRefills } = await import("../db/schema");
      const tracked = (await t.db.query.medicationPlans.findMany()).slice(0, 3);
      for (const [i, plan] of tracked.entries()) {
        await t.db
          .update(medicationPlans)
          .set({ supplyOnHand: 10, supplyPerDose: 1, supplyCountedAt: t.now - 25 * 86_400_000 })
          .where((await import("drizzle-orm")).eq(medicationPlans.id, plan.id));
        await t.db.insert(planRefills).values({
          id: `0194f3a0-0000-7000-8000-0000000000${10 + i}`,
          patientId: plan.patientId,
          planId: plan.id,
          tablets: 10,
          at: t.now - (12 - i * 4) * 86_400_000,
          requestJson: "{}",
          createdAt: t.now,
        });
      }
      const first = await refreshProgrammeStats(t.db, t.now, { limit: 1000 });
      expect(first).toEqual({ refreshed: 25, pending: 0 });
      await expectCountsMatchRows(t);
      const supplied = (await t.db.query.programmePatientStats.findMany()).filter((r) => r.supplyAssessed);
      expect(supplied.length).toBeGreaterThan(0);
      expect(supplied.reduce((n, r) => n + r.refillDue, 0)).toBeGreaterThan(0);
      const computed = await t.db.query.programmePatientStats.findMany();
      expect(computed.some((s) => s.actMask > 0 && s.dueMask > 0)).toBe(true);

      // A patient enrols through the API: counted immediately.
      await t.enrolledPatient("counts-new");
      expect(await expectCountsMatchRows(t)).toBe(26);

      // Moving a patient to clinic B moves their counts.
      const [one] = await t.db.query.enrolments.findMany({
        where: (e, { eq }) => eq(e.clinicId, "clinic-a"),
        limit: 1,
      });
      const { enrolments } = await import("../db/schema");
      const { eq } = await import("drizzle-orm");
      await t.db
        .update(enrolments)
        .set({ clinicId: "clinic-b" })
        .where(eq(enrolments.id, one?.id as string));
      await expectCountsMatchRows(t);
      await refreshProgrammeStats(t.db, t.now, { limit: 1000 });
      await expectCountsMatchRows(t);

      // Withdrawal removes the patient from every count.
      await t.db
        .update(enrolments)
        .set({ status: "withdrawn" })
        .where(eq(enrolments.id, one?.id as string));
      expect(await expectCountsMatchRows(t)).toBe(25);

      // Erasure (DELETE /me) too.
      const token = await t.enrolledPatient("counts-erased");
      expect(await expectCountsMatchRows(t)).toBe(26);
      expect((await t.call("DELETE", "/api/v1/me", { token })).status).toBe(204);
      expect(await expectCountsMatchRows(t)).toBe(25);

      // The next day every row is due again.
      const later = await refreshProgrammeStats(t.db, t.now + 24 * 3600_000, { limit: 10 });
      expect(later.refreshed).toBe(10);
      expect(later.pending).toBe(15);
      await expectCountsMatchRows(t);
    } finally {
      t.close();
    }
  });
});
