// One patient's programme figures from hand-built plans and daily rollups, worked out by hand.
import { describe, expect, it } from "vitest";
import type { PlanVersion } from "../plans/plans";
import { computePatientStats, type DayRollup, monthIndex, type StatsInput } from "./stats";

const SH = "Asia/Shanghai";
const at = (iso: string) => Date.parse(iso);
const target = { systolic: 135, diastolic: 85 };
const evening: PlanVersion = {
  id: "plan-1",
  drug: "氨氯地平",
  dose: "5 mg",
  times: ["20:00"],
  startDate: "2026-08-01",
  activeFrom: null,
};

/**
 * The figures of a patient enrolled 2026-08-01 09:00 in Shanghai with one evening dose, seen on
 * 2026-11-20 at 10:00 with no day logged: each example below changes what it is about.
 */
const stats = (over: Partial<StatsInput> = {}) =>
  computePatientStats({
    now: at("2026-11-20T10:00:00+08:00"),
    tz: SH,
    enrolledAt: at("2026-08-01T09:00:00+08:00"),
    versions: [evening],
    days: new Map(),
    adherentAt: 0.8,
    bpTarget: target,
    ...over,
  });

function days(
  from: string,
  to: string,
  skip: (d: string) => boolean,
  extra: Record<string, Partial<DayRollup>> = {},
) {
  const m = new Map<string, DayRollup>();
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (!skip(d)) m.set(d, { taken: 1, skipped: 0, bpN: 0, bpSysSum: 0, bpDiaSum: 0, gluN: 0, ...extra[d] });
  }
  return m;
}

describe("computePatientStats", () => {
  // Enrolled 2026-08-01 09:00 in Shanghai, one dose at 20:00 every day; today 2026-11-20, so the
  // figures run through 2026-11-19. Doses missed 08-01…08-15 and 11-10…11-14, taken otherwise.
  const missed = (d: string) =>
    (d >= "2026-08-01" && d <= "2026-08-15") || (d >= "2026-11-10" && d <= "2026-11-14");
  const rollups = days("2026-08-01", "2026-11-19", missed, {
    "2026-11-16": { bpN: 1, bpSysSum: 130, bpDiaSum: 80 },
    "2026-11-18": { bpN: 1, bpSysSum: 140, bpDiaSum: 86 },
  });
  const s = stats({ days: rollups });

  it("first 90 days: 08-01…10-29, 90 days with a dose due, 75 covered → 83 % → adherent", () => {
    expect(s.through).toBe("2026-11-19");
    expect(s.first90Done).toBe(1);
    expect(s.first90WithDue).toBe(90);
    expect(s.first90Covered).toBe(75);
    expect(s.first90Adherent).toBe(1);
  });

  it("months: Aug 16/31 (no), Sep 30/30, Oct 31/31 (yes), Nov 14/19 = 74 % (no)", () => {
    expect(s.enrolMonth).toBe(monthIndex("2026-08-01"));
    expect(s.dueMask).toBe(0b1111);
    expect(s.adhMask).toBe(0b0110);
    expect(s.actMask).toBe(0b1111); // logged in every month (from 08-16 in August)
  });

  it("last 7 days (11-13…11-19): logged, BP mean 135/83 is not below 135/85", () => {
    expect(s.active7).toBe(1);
    expect(s.bpAssessed).toBe(1);
    expect(s.bpControlled).toBe(0);
    const lower = stats({
      days: rollups,
      bpTarget: { systolic: 140, diastolic: 90 }, // a doctor's looser target: 135 < 140, 83 < 90
    });
    expect(lower.bpControlled).toBe(1);
  });

  it("refreshes after the next local midnight", () => {
    expect(s.refreshAfter).toBe(at("2026-11-21T00:00:00+08:00"));
  });

  it("a patient who enrolled today has nothing complete yet", () => {
    const today = stats({
      enrolledAt: at("2026-11-20T09:00:00+08:00"),
      versions: [{ ...evening, startDate: "2026-11-20" }],
    });
    expect(today).toMatchObject({ first90Done: 0, dueMask: 0, actMask: 0, active7: 0, bpAssessed: 0 });
    expect(today.enrolMonth).toBe(monthIndex("2026-11-20"));
  });

  it("90 days enrolled without any plan: counted, and not adherent", () => {
    const none = stats({ versions: [] });
    expect(none).toMatchObject({ first90Done: 1, first90WithDue: 0, first90Adherent: 0, dueMask: 0 });
  });

  it("day 90 is 10-29: enrolled 08-01, through 10-28 is not yet done, through 10-29 is", () => {
    const run = (now: string) => stats({ now: at(now), days: rollups });
    expect(run("2026-10-29T12:00:00+08:00").first90Done).toBe(0);
    expect(run("2026-10-30T00:30:00+08:00").first90Done).toBe(1);
  });

  it("days are the patient's own: in Los Angeles at 18:00 on 11-19, 'yesterday' is 11-18", () => {
    const v = stats({
      now: at("2026-11-20T02:00:00Z"),
      tz: "America/Los_Angeles",
      enrolledAt: at("2026-11-01T09:00:00-07:00"),
      versions: [{ ...evening, startDate: "2026-11-01" }],
    });
    expect(v.through).toBe("2026-11-18");
  });

  it("a dose due before the moment of enrolment is not the programme's", () => {
    // Enrolled 11-01 21:00; the 20:00 dose of 11-01 was already past: 11-01 has nothing due.
    const late = stats({
      now: at("2026-11-03T10:00:00+08:00"),
      enrolledAt: at("2026-11-01T21:00:00+08:00"),
      versions: [{ ...evening, startDate: "2026-11-01" }],
      days: days("2026-11-02", "2026-11-02", () => false),
    });
    // Through 11-02: one day with a dose due (11-02), covered → November adherent.
    expect(late.dueMask).toBe(1);
    expect(late.adhMask).toBe(1);
  });
});

describe("computePatientStats: supply KPIs over the last 90 days", () => {
  it("counts PDC and refills from the count and refills (worked by hand)", () => {
    // Window: 90 days through 2026-11-19 = 2026-08-22 … 2026-11-19 (enrolled earlier).
    // One tablet a day. 30 counted 2026-09-01 (covers 09-01…09-30, run-out 10-01); refill of 30
    // on 10-03 (on time: ≤ 10-04; covers 10-03…11-01, run-out 11-02); refill 11-10 (late: > 11-05;
    // covers 11-10…11-19). Judged from 09-01: 80 days; uncovered 10-01, 10-02, 11-02…11-09 (10).
    // PDC = 70/80 = 0.875 ≥ 0.8.
    const s = stats({
      supplies: [
        {
          perDose: 1,
          dosesPerDay: 1,
          start: "2026-08-01",
          end: null,
          dispenses: [
            { at: at("2026-09-01T10:00:00+08:00"), tablets: 30 },
            { at: at("2026-10-03T10:00:00+08:00"), tablets: 30 },
            { at: at("2026-11-10T10:00:00+08:00"), tablets: 30 },
          ],
        },
      ],
    });
    expect(s).toMatchObject({ supplyAssessed: 1, supplyAdherent: 1, refillDue: 2, refillOnTime: 1 });
  });
});
