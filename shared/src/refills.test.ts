import { describe, expect, it } from "vitest";
import { formatReason } from "./reasons";
import { forecastSupply, refillReminderDate } from "./refills";
import { planCreateBody, refillBody, revisitBody } from "./schemas";
import { zonedInstant } from "./time";
import { triage } from "./triage";
import type { MedicationPlan, TriageReason } from "./types";

const SH = "Asia/Shanghai";
const UUID = "0194f3a0-0000-7000-8000-000000000001";
const plan = (p: Partial<MedicationPlan> = {}): MedicationPlan => ({
  id: "p1",
  drug: "氨氯地平",
  dose: "5mg",
  times: ["08:00", "20:00"],
  startDate: "2026-03-01",
  ...p,
});
const at = (d: string, t: string, tz = SH) => zonedInstant(d, t, tz);

describe("forecastSupply", () => {
  it("30 tablets, two a day, counted the morning of 1 March after nothing taken: runs out on the 16th", () => {
    // Slots from 1 Mar 08:00 (after the count at 07:00): 30 tablets cover 15 days = up to 15 Mar 20:00.
    const f = forecastSupply(
      plan(),
      { onHand: 30, perDose: 1, countedAt: at("2026-03-01", "07:00") },
      [],
      [],
      at("2026-03-01", "07:30"),
      SH,
    );
    expect(f).toMatchObject({ stock: 30, runOutDate: "2026-03-16", daysLeft: 15, gaps: [] });
  });

  it("taken doses use tablets; missed doses with tablets in hand do not", () => {
    const countedAt = at("2026-03-01", "07:00");
    // Took 1 Mar 08:00 and 20:00, missed 2 Mar 08:00 — at 2 Mar 12:00, 28 left.
    const f = forecastSupply(
      plan(),
      { onHand: 30, perDose: 1, countedAt },
      [],
      [at("2026-03-01", "08:00"), at("2026-03-01", "20:00")],
      at("2026-03-02", "12:00"),
      SH,
    );
    expect(f.stock).toBe(28);
    // From 2 Mar 20:00: 28 doses → last covered 16 Mar 08:00, first uncovered 16 Mar 20:00.
    expect(f.runOutDate).toBe("2026-03-16");
    expect(f.gaps).toEqual([]);
  });

  it("half tablets per dose double the days", () => {
    const f = forecastSupply(
      plan({ times: ["08:00"] }),
      { onHand: 3, perDose: 0.5, countedAt: at("2026-03-01", "07:00") },
      [],
      [],
      at("2026-03-01", "07:30"),
      SH,
    );
    expect(f.runOutDate).toBe("2026-03-07");
  });

  it("a plan starting mid-window uses no tablets before its start", () => {
    const f = forecastSupply(
      plan({ startDate: "2026-03-10", times: ["08:00"] }),
      { onHand: 5, perDose: 1, countedAt: at("2026-03-01", "07:00") },
      [],
      [],
      at("2026-03-01", "07:30"),
      SH,
    );
    // Doses 10–14 March covered, 15 March not.
    expect(f.runOutDate).toBe("2026-03-15");
    expect(f.daysLeft).toBe(14);
  });

  it("a plan that ends before the tablets do has no run-out", () => {
    const f = forecastSupply(
      plan({ endDate: "2026-03-05" }),
      { onHand: 30, perDose: 1, countedAt: at("2026-03-01", "07:00") },
      [],
      [],
      at("2026-03-01", "07:30"),
      SH,
    );
    expect(f.runOutDate).toBeNull();
    expect(f.daysLeft).toBeNull();
  });

  it("local days are the patient's: 08:00 in New York is the next UTC-day's 13:00", () => {
    const NY = "America/New_York";
    // 2 tablets, 08:00 and 20:00 daily, counted 1 Mar 07:00 NY; 20:00 NY on 1 Mar is 2 Mar UTC.
    const f = forecastSupply(
      plan(),
      { onHand: 2, perDose: 1, countedAt: at("2026-03-01", "07:00", NY) },
      [],
      [],
      at("2026-03-01", "07:30", NY),
      NY,
    );
    expect(f.runOutDate).toBe("2026-03-02");
    // Across the spring-forward (8 Mar in NY) days stay whole: 14 doses from 1 Mar → 8 Mar 08:00 uncovered.
    const g = forecastSupply(
      plan(),
      { onHand: 14, perDose: 1, countedAt: at("2026-03-01", "07:00", NY) },
      [],
      [],
      at("2026-03-01", "07:30", NY),
      NY,
    );
    expect(g.runOutDate).toBe("2026-03-08");
  });

  it("ran out with no refill: an open gap from the first uncovered dose, run-out in the past", () => {
    const countedAt = at("2026-03-01", "07:00");
    const taken = [at("2026-03-01", "08:00"), at("2026-03-01", "20:00")];
    const f = forecastSupply(
      plan(),
      { onHand: 2, perDose: 1, countedAt },
      [],
      taken,
      at("2026-03-04", "12:00"),
      SH,
    );
    expect(f.stock).toBe(0);
    expect(f.runOutDate).toBe("2026-03-02");
    expect(f.daysLeft).toBe(-2);
    expect(f.gaps).toEqual([{ from: "2026-03-02", to: "2026-03-04", open: true, doses: 5 }]);
  });

  it("a refill closes the gap and moves the run-out on", () => {
    const countedAt = at("2026-03-01", "07:00");
    const taken = [at("2026-03-01", "08:00"), at("2026-03-01", "20:00"), at("2026-03-03", "20:00")];
    const f = forecastSupply(
      plan(),
      { onHand: 2, perDose: 1, countedAt },
      [{ tablets: 10, at: at("2026-03-03", "10:00") }],
      taken,
      at("2026-03-04", "07:00"),
      SH,
    );
    expect(f.gaps).toEqual([{ from: "2026-03-02", to: "2026-03-03", open: false, doses: 3 }]);
    expect(f.stock).toBe(9);
    // 9 doses from 4 Mar 08:00 → last 8 Mar 08:00; 8 Mar 20:00 uncovered.
    expect(f.runOutDate).toBe("2026-03-08");
  });

  it("refill reminder date is N days before the run-out", () => {
    expect(refillReminderDate("2026-03-16")).toBe("2026-03-09");
    expect(refillReminderDate("2026-03-02", 3)).toBe("2026-02-27");
  });
});

describe("schemas", () => {
  it("plan supply: per dose must be positive, quarter tablets", () => {
    const base = { id: UUID, drug: "a", dose: "b", times: ["08:00"], startDate: "2026-03-01" };
    expect(
      planCreateBody.safeParse({ ...base, supply: { onHand: 30, perDose: 0.5, packSize: 28 } }).success,
    ).toBe(true);
    const bad = planCreateBody.safeParse({ ...base, supply: { onHand: 30, perDose: 0 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["supply", "perDose"]);
  });
  it("refill and revisit bodies", () => {
    expect(refillBody.safeParse({ id: UUID, tablets: 28 }).success).toBe(true);
    expect(refillBody.safeParse({ id: UUID, tablets: 0 }).success).toBe(false);
    expect(
      revisitBody.safeParse({ date: "2026-04-01", hospital: "市一医院", department: "心内科" }).success,
    ).toBe(true);
    expect(revisitBody.safeParse({ date: "2026-02-30" }).success).toBe(false);
  });
});

describe("triage reasons from supply and visits", () => {
  const base = {
    unackedUrgentAlerts: 0,
    dosesTaken14d: 14,
    dosesDue14d: 14,
    bpMean7d: null,
    bpTarget: { systolic: 135, diastolic: 85 },
    glucose: null,
    lastActivityAt: Date.parse("2026-03-10T00:00:00Z"),
    enrolledAt: Date.parse("2026-01-01T00:00:00Z"),
    now: Date.parse("2026-03-10T02:00:00Z"),
  };
  it("药快吃完 within 3 days (0 = today), nothing at 4", () => {
    const at = (daysLeft: number) =>
      triage({ ...base, supply: { drug: "氨氯地平", runOutDate: "2026-03-13", daysLeft } });
    expect(at(4).tier).toBe("stable");
    expect(at(3).reasons).toEqual([
      { code: "supply_low", drug: "氨氯地平", runOutDate: "2026-03-13", daysLeft: 3 },
    ]);
    expect(at(3).tier).toBe("attention");
    expect(formatReason(at(3).reasons[0] as TriageReason, "zh-CN")).toBe("药快吃完（氨氯地平，3 天后用完）");
    expect(formatReason(at(0).reasons[0] as TriageReason, "zh-CN")).toBe("药快吃完（氨氯地平，今天用完）");
    expect(formatReason(at(1).reasons[0] as TriageReason, "en")).toBe("running out of 氨氯地平 (in 1 day)");
  });
  it("可能已断药 once the run-out passed", () => {
    const r = triage({ ...base, supply: { drug: "二甲双胍", runOutDate: "2026-03-08", daysLeft: -2 } });
    expect(r.reasons.map((x) => x.code)).toEqual(["supply_out"]);
    expect(formatReason(r.reasons[0] as TriageReason, "zh-CN")).toBe(
      "可能已断药（二甲双胍，预计 2026-03-08 用完，未取药）",
    );
  });
  it("逾期未复诊 the day after the visit date, not on it", () => {
    expect(triage({ ...base, revisit: { date: "2026-03-10", overdueDays: 0 } }).tier).toBe("stable");
    const r = triage({ ...base, revisit: { date: "2026-03-05", overdueDays: 5 } });
    expect(formatReason(r.reasons[0] as TriageReason, "zh-CN")).toBe(
      "逾期未复诊（原定 2026-03-05，已过 5 天）",
    );
    expect(formatReason(r.reasons[0] as TriageReason, "en")).toBe(
      "missed follow-up visit (2026-03-05, 5 days ago)",
    );
  });
});
