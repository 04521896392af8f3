import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { glucoseAlert, glucoseCategory, glucoseRates, timeInRange, toMgDl, toMmol } from "./glucose";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { MS_PER_DAY, MS_PER_HOUR } from "./time";
import type { AlertKind, GlucoseCategory, GlucoseContext, GlucoseReadingValue } from "./types";

const now = Date.UTC(2026, 2, 20, 12, 0);
const reading = (mmol: number, hoursAgo = 1, context: GlucoseContext = "random"): GlucoseReadingValue => ({
  mmol,
  context,
  measuredAt: now - hoursAgo * MS_PER_HOUR,
});

describe("toMmol / toMgDl", () => {
  it.each([
    [180, 10.0], // 180 / 18.0156 = 9.9913 → 10.0
    [70, 3.9], // 70 / 18.0156 = 3.8855 → 3.9
    [54, 3.0], // 54 / 18.0156 = 2.9974 → 3.0
    [100, 5.6], // 100 / 18.0156 = 5.5508 → 5.6
    [126, 7.0], // 126 / 18.0156 = 6.9939 → 7.0
    [300, 16.7], // 300 / 18.0156 = 16.652 → 16.7
  ])("%i mg/dL is %d mmol/L", (mgdl, mmol) => {
    expect(toMmol(mgdl, "mg/dL")).toBe(mmol);
  });

  it("rounds mmol/L input to one decimal, halves up", () => {
    expect(toMmol(6.04, "mmol/L")).toBe(6.0);
    expect(toMmol(6.06, "mmol/L")).toBe(6.1);
    // 1.45 and 5.55 are stored just below the half (1.4499…, 5.5499…) yet must round up.
    expect(toMmol(1.45, "mmol/L")).toBe(1.5);
    expect(toMmol(5.55, "mmol/L")).toBe(5.6);
    expect(toMmol(7, "mmol/L")).toBe(7);
  });

  it("converts mmol/L to whole mg/dL", () => {
    expect(toMgDl(10)).toBe(180); // 180.156
    expect(toMgDl(3.9)).toBe(70); // 70.26
    expect(toMgDl(5.5)).toBe(99); // 99.09
    expect(toMgDl(16.7)).toBe(301); // 300.86
  });

  it("toMmol(toMgDl(x)) gives back x within 0.1 — exactly, for one-decimal values", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 40, noNaN: true }), (x) => {
        expect(Math.abs(toMmol(toMgDl(x), "mg/dL") - x)).toBeLessThanOrEqual(0.1);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 400 }), (tenths) => {
        const x = tenths / 10;
        expect(toMmol(toMgDl(x), "mg/dL")).toBe(x);
      }),
    );
  });

  it("toMmol always yields at most one decimal", () => {
    fc.assert(
      fc.property(fc.double({ min: 9, max: 720, noNaN: true }), (mgdl) => {
        const v = toMmol(mgdl, "mg/dL");
        expect(Math.abs(v * 10 - Math.round(v * 10))).toBeLessThan(1e-9);
      }),
    );
  });
});

describe("glucoseCategory", () => {
  it.each<[number, GlucoseContext, GlucoseCategory]>([
    [2.9, "fasting", "hypo_l2"],
    [3.0, "fasting", "hypo_l1"],
    [3.8, "random", "hypo_l1"],
    [3.9, "fasting", "in_target"], // not hypo; below the 4.4 target floor but reported in target
    [4.3, "fasting", "in_target"],
    [4.4, "fasting", "in_target"],
    [7.0, "fasting", "in_target"],
    [7.1, "fasting", "above_target"],
    [7.1, "before_meal", "in_target"], // non-fasting target is < 10.0
    [3.9, "after_meal_2h", "in_target"],
    [9.9, "after_meal_2h", "in_target"],
    [10.0, "after_meal_2h", "above_target"],
    [10.0, "bedtime", "above_target"],
    [16.7, "random", "above_target"],
    [16.7, "fasting", "above_target"],
    [16.8, "fasting", "very_high"],
    [16.8, "random", "very_high"],
  ])("%d mmol/L %s is %s", (mmol, context, expected) => {
    expect(glucoseCategory(mmol, context)).toBe(expected);
  });

  it("uses a programme's own fasting ceiling", () => {
    const t = { ...DEFAULT_THRESHOLDS.glucose, fastingHigh: 6.1 };
    expect(glucoseCategory(6.5, "fasting", t)).toBe("above_target");
    expect(glucoseCategory(6.5, "fasting")).toBe("in_target");
  });
});

describe("glucoseAlert", () => {
  it.each<[number, AlertKind | null]>([
    [2.9, "glucose_hypo_l2"],
    [3.0, null], // level 1 hypo is not urgent
    [3.5, null],
    [16.7, null],
    [16.8, "glucose_very_high"],
    [33.3, "glucose_very_high"],
  ])("%d mmol/L → %s", (mmol, expected) => {
    expect(glucoseAlert(mmol)).toBe(expected);
  });

  it("raises an alert exactly for hypo_l2 and very_high categories", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 400 }).map((n) => n / 10),
        fc.constantFrom<GlucoseContext>("fasting", "before_meal", "after_meal_2h", "bedtime", "random"),
        (mmol, context) => {
          const c = glucoseCategory(mmol, context);
          expect(glucoseAlert(mmol) !== null).toBe(c === "hypo_l2" || c === "very_high");
        },
      ),
    );
  });
});

describe("timeInRange", () => {
  it("counts 3.9–10.0 inclusive", () => {
    // 3.8 out, 3.9 in, 5.0 in, 10.0 in, 10.1 out → 3/5 = 0.6
    expect(timeInRange([3.8, 3.9, 5.0, 10.0, 10.1].map((v) => reading(v)))).toBe(0.6);
  });

  it("is null without readings", () => {
    expect(timeInRange([])).toBeNull();
  });

  it("lies in [0, 1]", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 5, max: 400 }), { minLength: 1, maxLength: 50 }), (tenths) => {
        const tir = timeInRange(tenths.map((n) => reading(n / 10))) ?? -1;
        expect(tir).toBeGreaterThanOrEqual(0);
        expect(tir).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("glucoseRates", () => {
  it("computes 14-day hypo and hyper shares and flags", () => {
    // 20 readings: 3 below 3.9 (3.5, 3.5, 3.8), 4 above 10.0, 13 in between.
    // hypo 3/20 = 15 % ≥ 10 % → flag; hyper 4/20 = 20 % < 25 % → no flag.
    const values = [3.5, 3.5, 3.8, 11, 12, 10.1, 15, ...Array<number>(13).fill(6.2)];
    const r = glucoseRates(
      values.map((v, i) => reading(v, i * 10)),
      now,
    );
    expect(r).toEqual({
      n: 20,
      hypoCount: 3,
      hypoRate: 0.15,
      hyperRate: 0.2,
      hypoFlag: true,
      hyperFlag: false,
    });
  });

  it("flags exactly at the thresholds (10 % hypo, 25 % hyper)", () => {
    // 1 hypo of 10 = 10 %; 1 hyper of 4 = 25 %.
    const hypo = glucoseRates(
      [3.8, ...Array<number>(9).fill(6)].map((v) => reading(v)),
      now,
    );
    expect([hypo.hypoRate, hypo.hypoFlag]).toEqual([0.1, true]);
    const hyper = glucoseRates(
      [10.1, 6, 6, 6].map((v) => reading(v)),
      now,
    );
    expect([hyper.hyperRate, hyper.hyperFlag]).toEqual([0.25, true]);
    // 10.0 itself is not hyper, 3.9 itself is not hypo.
    const edges = glucoseRates(
      [10.0, 3.9].map((v) => reading(v)),
      now,
    );
    expect([edges.hypoCount, edges.hypoRate, edges.hyperRate]).toEqual([0, 0, 0]);
  });

  it("only counts readings in (now − 14 d, now]", () => {
    const readings = [
      { mmol: 3.0, context: "random" as const, measuredAt: now - 14 * MS_PER_DAY }, // out
      { mmol: 3.0, context: "random" as const, measuredAt: now - 14 * MS_PER_DAY + 1 }, // in
      { mmol: 6.0, context: "random" as const, measuredAt: now }, // in
      { mmol: 3.0, context: "random" as const, measuredAt: now + 1 }, // future: out
    ];
    const r = glucoseRates(readings, now);
    expect([r.n, r.hypoCount, r.hypoRate]).toEqual([2, 1, 0.5]);
  });

  it("without readings: null rates, no flags", () => {
    expect(glucoseRates([reading(3.0, 24 * 20)], now)).toEqual({
      n: 0,
      hypoCount: 0,
      hypoRate: null,
      hyperRate: null,
      hypoFlag: false,
      hyperFlag: false,
    });
  });

  it("honours a programme's window and flag levels", () => {
    // 7-day window: the 3.0 from 10 days ago drops out; 1 hypo of 2 = 50 % ≥ 60 %? no.
    const t = { ...DEFAULT_THRESHOLDS.glucose, flagWindowDays: 7, hypoRateFlag: 0.6 };
    const r = glucoseRates([reading(3.0, 240), reading(3.2, 2), reading(6, 1)], now, t);
    expect([r.n, r.hypoCount, r.hypoFlag]).toEqual([2, 1, false]);
  });
});
