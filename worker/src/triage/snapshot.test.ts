// The snapshot arithmetic on a small worked example, by hand (pure: no database).
import { describe, expect, it } from "vitest";
import type { PlanVersion } from "../plans/plans";
import { buildSnapshot, daySetAt, evaluate, type RollupDay } from "./snapshot";

const HOUR = 3_600_000;
const SH = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);
const day = (over: Partial<RollupDay>): RollupDay => ({
  taken: 0,
  bpN: 0,
  bpSysSum: 0,
  bpDiaSum: 0,
  gluN: 0,
  gluHypo: 0,
  gluHyper: 0,
  ...over,
});

// One plan, 08:00 and 20:00 from the 18th, in Shanghai. Logged: the 18th both doses; the 19th one
// dose, a BP of 140/90 and two glucose readings (one hypo); the 20th one dose and 130/80.
const plan: PlanVersion = {
  id: "p",
  drug: "d",
  dose: "1",
  times: ["08:00", "20:00"],
  startDate: "2026-11-18",
  endDate: null,
  stoppedAt: null,
  activeFrom: null,
};
const rollups = new Map([
  ["2026-11-18", day({ taken: 2 })],
  ["2026-11-19", day({ taken: 1, bpN: 1, bpSysSum: 140, bpDiaSum: 90, gluN: 2, gluHypo: 1 })],
  ["2026-11-20", day({ taken: 1, bpN: 1, bpSysSum: 130, bpDiaSum: 80 })],
]);
const snap = buildSnapshot(
  SH("2026-11-20", "10:00"),
  "Asia/Shanghai",
  14,
  [0, 0, null, null],
  [plan],
  rollups,
);

describe("triage snapshot", () => {
  it("stores the past days' sums and today's slots", () => {
    // Before the 20th: the 19th due 2 taken 1, the 18th due 2 taken 2 → 4 due, 3 taken, 2 days
    // with a dose due, 1 fully covered (the 18th). Today: taken 1, slots 08:00 and 20:00.
    expect(snap.today).toEqual([
      4,
      3,
      2,
      1,
      1,
      [SH("2026-11-20", "08:00"), SH("2026-11-20", "20:00")],
      1,
      2,
      270,
      170,
      2,
      1,
      0,
    ]);
    expect(snap.validFrom).toBe(SH("2026-11-20", "00:00"));
    expect(snap.switchAt).toBe(SH("2026-11-21", "00:00"));
    expect(snap.validUntil).toBe(SH("2026-11-22", "00:00"));
  });

  it("finishes today's sums at any time of the day", () => {
    // 10:00: 08:00 has come due → 4 + 1 = 5 due, 3 + min(1, 1) = 4 taken; today covered → 2 of 3 days.
    expect(evaluate(snap.today, SH("2026-11-20", "10:00"))).toMatchObject({
      due14: 5,
      taken14: 4,
      daysWithDue: 3,
      covered: 2,
    });
    // 21:00: both due → 6 due, still 4 taken; today no longer covered → 1 of 3 days.
    expect(evaluate(snap.today, SH("2026-11-20", "21:00"))).toMatchObject({
      due14: 6,
      taken14: 4,
      daysWithDue: 3,
      covered: 1,
    });
  });

  it("serves the next day from its own set, and nothing after that", () => {
    // 09:00 on the 21st: the 18th–20th are past (6 due, 4 taken, 3 days, 1 covered) and today's
    // 08:00 is due with nothing taken → 7 due, 4 taken, 4 days, 1 covered. BP over the 15th–21st:
    // both readings, mean (140 + 130) / 2 = 135 over (90 + 80) / 2 = 85.
    const at = SH("2026-11-21", "09:00");
    const set = daySetAt(snap, at);
    expect(set).toBe(snap.tomorrow);
    expect(set && evaluate(set, at)).toEqual({
      due14: 7,
      taken14: 4,
      daysWithDue: 4,
      covered: 1,
      bpN: 2,
      bpSysSum: 270,
      bpDiaSum: 170,
      gluN: 2,
      gluHypo: 1,
      gluHyper: 0,
    });
    expect(daySetAt(snap, SH("2026-11-22", "00:00"))).toBeNull();
    expect(daySetAt(snap, SH("2026-11-19", "23:59"))).toBeNull();
  });

  it("takes day boundaries from the zone (a 25-hour day when Vancouver leaves DST)", () => {
    // 2026-11-01 in Vancouver runs from 00:00 PDT (07:00Z) to 00:00 PST on the 2nd (08:00Z).
    const s = buildSnapshot(
      Date.parse("2026-11-01T12:00:00-08:00"),
      "America/Vancouver",
      14,
      [0, 0, null, null],
      [],
      new Map(),
    );
    expect(s.validFrom).toBe(Date.parse("2026-11-01T07:00:00Z"));
    expect(s.switchAt - s.validFrom).toBe(25 * HOUR);
  });
});
