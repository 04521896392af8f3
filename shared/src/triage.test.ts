import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatReason } from "./reasons";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { MS_PER_DAY, MS_PER_HOUR } from "./time";
import { TIER_ORDER, type TriageInput, triage } from "./triage";
import type { TriageReason, TriageTier } from "./types";

const now = Date.UTC(2026, 5, 1, 4, 0);
const daysAgo = (d: number) => now - d * MS_PER_DAY;

/** A patient with nothing to worry about: 14/14 doses, BP 128/78, glucose fine, logged today. */
const stable = (over: Partial<TriageInput> = {}): TriageInput => ({
  unackedUrgentAlerts: 0,
  dosesTaken14d: 14,
  dosesDue14d: 14,
  bpMean7d: { systolic: 128, diastolic: 78 },
  bpTarget: { systolic: 135, diastolic: 85 },
  glucose: { n: 20, hypoRate: 0, hyperRate: 0.05 },
  lastActivityAt: daysAgo(0.5),
  enrolledAt: daysAgo(60),
  now,
  ...over,
});

const codes = (r: { reasons: TriageReason[] }) => r.reasons.map((x) => x.code);

describe("triage tiers", () => {
  it("stable: nothing applies", () => {
    expect(triage(stable())).toEqual({ tier: "stable", reasons: [] });
  });

  it("urgent: an unacknowledged urgent alert, and low adherence is listed too", () => {
    // 6/14 = 42.9 % < 50 %.
    const r = triage(stable({ unackedUrgentAlerts: 2, dosesTaken14d: 6 }));
    expect(r.tier).toBe("urgent");
    expect(r.reasons).toEqual([
      { code: "urgent_alert", count: 2 },
      { code: "low_adherence", taken: 6, due: 14 },
    ]);
  });

  it("attention: dose adherence below 50 % over 14 days", () => {
    expect(triage(stable({ dosesTaken14d: 6 })).tier).toBe("attention"); // 6/14 = 0.43
    expect(triage(stable({ dosesTaken14d: 7 })).tier).toBe("stable"); // 7/14 = 0.5, not below
    expect(triage(stable({ dosesTaken14d: 0, dosesDue14d: 0 })).tier).toBe("stable"); // nothing due
    expect(triage(stable({ dosesTaken14d: 0, dosesDue14d: 1 })).reasons).toEqual([
      { code: "low_adherence", taken: 0, due: 1 },
    ]);
  });

  it("attention: 7-day BP mean not below target on either component", () => {
    const r = triage(stable({ bpMean7d: { systolic: 152, diastolic: 94 } }));
    expect(r).toEqual({
      tier: "attention",
      reasons: [
        { code: "bp_above_target", systolic: 152, diastolic: 94, targetSystolic: 135, targetDiastolic: 85 },
      ],
    });
    expect(triage(stable({ bpMean7d: { systolic: 134, diastolic: 84 } })).tier).toBe("stable");
    expect(triage(stable({ bpMean7d: { systolic: 135, diastolic: 80 } })).tier).toBe("attention");
    expect(triage(stable({ bpMean7d: { systolic: 120, diastolic: 85 } })).tier).toBe("attention");
    expect(triage(stable({ bpMean7d: null })).tier).toBe("stable");
  });

  it("attention: a doctor's stricter BP target", () => {
    const input = stable({
      bpMean7d: { systolic: 132, diastolic: 79 },
      bpTarget: { systolic: 130, diastolic: 80 },
    });
    expect(codes(triage(input))).toEqual(["bp_above_target"]);
  });

  it("attention: glucose hypo (≥ 10 %) or hyper (≥ 25 %) flags, as whole percentages", () => {
    const hypo = triage(stable({ glucose: { n: 25, hypoRate: 0.12, hyperRate: 0 } }));
    expect(hypo).toEqual({ tier: "attention", reasons: [{ code: "glucose_hypo_rate", percent: 12 }] });
    // 1/3 = 33.3 % → 33.
    const hyper = triage(stable({ glucose: { n: 3, hypoRate: 0, hyperRate: 1 / 3 } }));
    expect(hyper.reasons).toEqual([{ code: "glucose_hyper_rate", percent: 33 }]);
    expect(triage(stable({ glucose: { n: 20, hypoRate: 0.1, hyperRate: 0.25 } })).reasons).toEqual([
      { code: "glucose_hypo_rate", percent: 10 },
      { code: "glucose_hyper_rate", percent: 25 },
    ]);
    expect(triage(stable({ glucose: { n: 20, hypoRate: 0.095, hyperRate: 0.24 } })).tier).toBe("stable");
    expect(triage(stable({ glucose: null })).tier).toBe("stable");
    expect(triage(stable({ glucose: { n: 0, hypoRate: null, hyperRate: null } })).tier).toBe("stable");
  });

  it("attention: escalated by an assistant, or no reminder channel reaches the patient", () => {
    expect(triage(stable({ escalated: true }))).toEqual({
      tier: "attention",
      reasons: [{ code: "escalated" }],
    });
    expect(triage(stable({ unreachable: true }))).toEqual({
      tier: "attention",
      reasons: [{ code: "unreachable" }],
    });
    expect(triage(stable({ escalated: false, unreachable: false })).tier).toBe("stable");
  });

  it("silent: nothing logged for 7 days or more", () => {
    expect(triage(stable({ lastActivityAt: daysAgo(9) }))).toEqual({
      tier: "silent",
      reasons: [{ code: "silent", days: 9 }],
    });
    expect(triage(stable({ lastActivityAt: daysAgo(7) })).reasons).toEqual([{ code: "silent", days: 7 }]);
    // 7 d − 1 h is not yet silent; 9.9 days shows as 9.
    expect(triage(stable({ lastActivityAt: daysAgo(7) + MS_PER_HOUR })).tier).toBe("stable");
    expect(triage(stable({ lastActivityAt: daysAgo(9.9) })).reasons).toEqual([{ code: "silent", days: 9 }]);
  });

  it("a patient enrolled less than 7 days ago who has logged nothing is not silent", () => {
    expect(triage(stable({ lastActivityAt: null, enrolledAt: daysAgo(3) })).tier).toBe("stable");
    expect(triage(stable({ lastActivityAt: null, enrolledAt: daysAgo(7) + 1 })).tier).toBe("stable"); // 1 ms short of 7 d
    // Enrolled 10 days ago and never logged: silent since enrolment.
    expect(triage(stable({ lastActivityAt: null, enrolledAt: daysAgo(10) }))).toEqual({
      tier: "silent",
      reasons: [{ code: "silent", days: null }],
    });
  });

  it("a log from before a re-enrolment does not count as activity", () => {
    const input = stable({ lastActivityAt: daysAgo(40), enrolledAt: daysAgo(3) });
    expect(triage(input).tier).toBe("stable");
    expect(triage({ ...input, enrolledAt: daysAgo(8) }).reasons).toEqual([{ code: "silent", days: null }]);
  });

  it("attention outranks silent, and silence is still listed", () => {
    const r = triage(stable({ lastActivityAt: daysAgo(12), dosesTaken14d: 2 }));
    expect(r.tier).toBe("attention");
    expect(codes(r)).toEqual(["low_adherence", "silent"]);
  });

  it("lists every reason that applies, most severe first", () => {
    const r = triage(
      stable({
        unackedUrgentAlerts: 1,
        dosesTaken14d: 6,
        bpMean7d: { systolic: 152, diastolic: 94 },
        glucose: { n: 10, hypoRate: 0.2, hyperRate: 0.3 },
        lastActivityAt: daysAgo(8),
        escalated: true,
        unreachable: true,
      }),
    );
    expect(r.tier).toBe("urgent");
    expect(codes(r)).toEqual([
      "urgent_alert",
      "escalated",
      "glucose_hypo_rate",
      "bp_above_target",
      "glucose_hyper_rate",
      "low_adherence",
      "unreachable",
      "silent",
    ]);
  });

  it("follows a programme's own thresholds", () => {
    const t = {
      ...DEFAULT_THRESHOLDS,
      triage: { ...DEFAULT_THRESHOLDS.triage, lowAdherence: 0.8, silentDays: 3 },
    };
    // 10/14 = 71 % < 80 %; last log 4 days ago ≥ 3.
    const r = triage(stable({ dosesTaken14d: 10, lastActivityAt: daysAgo(4) }), t);
    expect(codes(r)).toEqual(["low_adherence", "silent"]);
    expect(triage(stable({ dosesTaken14d: 10, lastActivityAt: daysAgo(4) })).tier).toBe("stable");
  });
});

describe("serious side effects reported by the patient", () => {
  it("make the patient urgent, after an urgent alert, whatever else", () => {
    const r = triage(stable({ seriousSideEffect: ["hospitalisation"], unackedUrgentAlerts: 1 }));
    expect(r.tier).toBe("urgent");
    expect(r.reasons.slice(0, 2)).toEqual([
      { code: "urgent_alert", count: 1 },
      { code: "serious_side_effect", criteria: ["hospitalisation"] },
    ]);
    expect(formatReason(r.reasons[1] as TriageReason, "zh-CN")).toBe("患者报告严重不良反应（住院）");
    expect(formatReason(r.reasons[1] as TriageReason, "en")).toBe(
      "patient reported a serious side effect (hospitalisation)",
    );
  });
  it("an empty list is no reason", () => {
    expect(triage(stable({ seriousSideEffect: [] })).tier).toBe("stable");
  });
});

describe("TIER_ORDER", () => {
  it("sorts urgent, attention, silent, stable", () => {
    const tiers: TriageTier[] = ["stable", "silent", "urgent", "attention", "stable", "urgent"];
    expect([...tiers].sort((a, b) => TIER_ORDER[a] - TIER_ORDER[b])).toEqual([
      "urgent",
      "urgent",
      "attention",
      "silent",
      "stable",
      "stable",
    ]);
  });
});

describe("triage properties", () => {
  const TIER_OF: Record<TriageReason["code"], TriageTier> = {
    urgent_alert: "urgent",
    serious_side_effect: "urgent",
    escalated: "attention",
    glucose_hypo_rate: "attention",
    bp_above_target: "attention",
    glucose_hyper_rate: "attention",
    low_adherence: "attention",
    unreachable: "attention",
    supply_low: "attention",
    supply_out: "attention",
    revisit_overdue: "attention",
    silent: "silent",
  };
  const inputArb = fc
    .record({
      unackedUrgentAlerts: fc.nat({ max: 3 }),
      due: fc.nat({ max: 42 }),
      takenShare: fc.double({ min: 0, max: 1, noNaN: true }),
      bp: fc.option(
        fc.record({
          systolic: fc.integer({ min: 90, max: 200 }),
          diastolic: fc.integer({ min: 50, max: 120 }),
        }),
        {
          nil: null,
        },
      ),
      glucose: fc.option(
        fc.record({
          n: fc.integer({ min: 1, max: 60 }),
          hypoRate: fc.double({ min: 0, max: 1, noNaN: true }),
          hyperRate: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { nil: null },
      ),
      lastDaysAgo: fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: null }),
      enrolledDaysAgo: fc.double({ min: 0, max: 60, noNaN: true }),
      escalated: fc.boolean(),
      unreachable: fc.boolean(),
      supplyDays: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }),
      revisitOverdue: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }),
    })
    .map(
      (x): TriageInput => ({
        unackedUrgentAlerts: x.unackedUrgentAlerts,
        dosesDue14d: x.due,
        dosesTaken14d: Math.floor(x.due * x.takenShare),
        bpMean7d: x.bp,
        bpTarget: { systolic: 135, diastolic: 85 },
        glucose: x.glucose,
        lastActivityAt: x.lastDaysAgo === null ? null : daysAgo(Math.min(x.lastDaysAgo, x.enrolledDaysAgo)),
        enrolledAt: daysAgo(x.enrolledDaysAgo),
        now,
        escalated: x.escalated,
        unreachable: x.unreachable,
        supply:
          x.supplyDays === null
            ? null
            : { drug: "氨氯地平", runOutDate: "2026-03-10", daysLeft: x.supplyDays },
        revisit: x.revisitOverdue === null ? null : { date: "2026-03-01", overdueDays: x.revisitOverdue },
      }),
    );

  it("the tier is that of the first reason (stable when there is none), and reasons are in severity order", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { tier, reasons } = triage(input);
        expect(tier).toBe(reasons[0] ? TIER_OF[reasons[0].code] : "stable");
        const ranks = reasons.map((r) => TIER_ORDER[TIER_OF[r.code]]);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(new Set(reasons.map((r) => r.code)).size).toBe(reasons.length);
      }),
    );
  });

  it("an unacknowledged urgent alert always makes the patient urgent", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(triage({ ...input, unackedUrgentAlerts: 1 }).tier).toBe("urgent");
      }),
    );
  });

  it("taking more doses never moves a patient to a worse tier", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const better = { ...input, dosesTaken14d: input.dosesDue14d };
        expect(TIER_ORDER[triage(better).tier]).toBeGreaterThanOrEqual(TIER_ORDER[triage(input).tier]);
      }),
    );
  });
});
