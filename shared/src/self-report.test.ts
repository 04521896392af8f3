import { describe, expect, it } from "vitest";
import {
  adherenceDisagreement,
  HILL_BONE_ITEMS,
  type SelfReportAnswer,
  scoreHillBone,
  selfReportBody,
} from "./self-report";

const all = (a: SelfReportAnswer): SelfReportAnswer[] => HILL_BONE_ITEMS.map(() => a);

describe("scoreHillBone (medication-taking subscale, 9 items, 1–4)", () => {
  it("minimum: every item 'none of the time' → 9, perfect", () => {
    expect(scoreHillBone(all(1))).toEqual({ score: 9, answered: 9, nonAdherence: 0, perfect: true });
  });

  it("maximum: every item 'all of the time' → 36", () => {
    expect(scoreHillBone(all(4))).toEqual({ score: 36, answered: 9, nonAdherence: 1, perfect: false });
  });

  it("a typical answer set: forgets some of the time, ran out once, otherwise never → 12", () => {
    // forget 2, decide_not 1, forget_refill 2, run_out 2, rest 1 → 2+1+2+2+1+1+1+1+1 = 12
    const r = scoreHillBone([2, 1, 2, 2, 1, 1, 1, 1, 1]);
    expect(r.score).toBe(12);
    expect(r.perfect).toBe(false);
    expect(r.nonAdherence).toBeCloseTo(3 / 27, 3);
  });

  it("missing answers: two missing are prorated from the mean of the seven given", () => {
    // given: 1,1,1,1,1,2,2 → mean 9/7 → × 9 = 11.571… → 11.6
    const r = scoreHillBone([1, null, 1, 1, null, 1, 1, 2, 2]);
    expect(r).toMatchObject({ score: 11.6, answered: 7, perfect: false });
  });

  it("missing answers: a prorated all-'never' form is still perfect", () => {
    expect(scoreHillBone([1, 1, null, 1, 1, 1, 1, null, 1])).toMatchObject({ score: 9, perfect: true });
  });

  it("missing answers: three or more missing → no score", () => {
    expect(scoreHillBone([1, null, null, null, 1, 1, 1, 1, 1])).toEqual({
      score: null,
      answered: 6,
      nonAdherence: null,
      perfect: null,
    });
    expect(scoreHillBone(all(null)).score).toBeNull();
  });
});

describe("adherenceDisagreement", () => {
  it("near-perfect report with < 60 % logged → reports_better", () => {
    expect(adherenceDisagreement(9, 0.45)).toBe("reports_better");
    expect(adherenceDisagreement(10, 0.59)).toBe("reports_better");
  });
  it("boundaries: 60 % logged or a score of 11 is no disagreement", () => {
    expect(adherenceDisagreement(9, 0.6)).toBeNull();
    expect(adherenceDisagreement(11, 0.3)).toBeNull();
  });
  it("poor report with ≥ 90 % logged → reports_worse", () => {
    expect(adherenceDisagreement(18, 0.9)).toBe("reports_worse");
    expect(adherenceDisagreement(30, 1)).toBe("reports_worse");
    expect(adherenceDisagreement(17.9, 0.95)).toBeNull();
    expect(adherenceDisagreement(18, 0.89)).toBeNull();
  });
  it("agreeing or unknown → no flag", () => {
    expect(adherenceDisagreement(9, 0.95)).toBeNull();
    expect(adherenceDisagreement(25, 0.4)).toBeNull();
    expect(adherenceDisagreement(null, 0.2)).toBeNull();
    expect(adherenceDisagreement(9, null)).toBeNull();
  });
});

describe("selfReportBody", () => {
  const id = "0194f3a0-0000-7000-8000-000000000099";
  it("accepts nine answers with nulls", () => {
    expect(
      selfReportBody.safeParse({ id, month: "2026-11", answers: [1, 2, 3, 4, null, 1, 1, 1, 1] }).success,
    ).toBe(true);
  });
  it("refuses a bad month, a wrong count and an out-of-range answer", () => {
    expect(selfReportBody.safeParse({ id, month: "2026-13", answers: all(1) }).success).toBe(false);
    expect(selfReportBody.safeParse({ id, month: "0000-01", answers: all(1) }).success).toBe(false);
    expect(selfReportBody.safeParse({ id, month: "2026-11", answers: [1, 1] }).success).toBe(false);
    expect(
      selfReportBody.safeParse({ id, month: "2026-11", answers: [5, 1, 1, 1, 1, 1, 1, 1, 1] }).success,
    ).toBe(false);
  });
});
