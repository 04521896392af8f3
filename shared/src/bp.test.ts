import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bpAdvice, bpAlert, bpCategory, bpSeverity, homeBpControl } from "./bp";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { MS_PER_DAY, MS_PER_HOUR } from "./time";
import type { AlertKind, BpCategory } from "./types";

describe("bpCategory", () => {
  it.each<[number, number, BpCategory]>([
    [119, 79, "normal"],
    [120, 79, "high_normal"], // systolic crosses first
    [119, 80, "high_normal"], // diastolic crosses first
    [120, 80, "high_normal"],
    [139, 89, "high_normal"],
    [140, 89, "grade1"],
    [139, 90, "grade1"],
    [140, 90, "grade1"],
    [159, 99, "grade1"],
    [160, 99, "grade2"],
    [159, 100, "grade2"],
    [179, 109, "grade2"],
    [180, 109, "grade3"],
    [179, 110, "grade3"],
    [180, 110, "grade3"],
    [181, 121, "grade3"],
  ])("%i/%i is %s", (s, d, expected) => {
    expect(bpCategory(s, d)).toBe(expected);
  });

  it("the higher component decides: isolated diastolic or systolic hypertension", () => {
    expect(bpCategory(118, 95)).toBe("grade1"); // systolic normal, diastolic grade 1
    expect(bpCategory(115, 112)).toBe("grade3"); // isolated diastolic grade 3
    expect(bpCategory(165, 70)).toBe("grade2"); // isolated systolic grade 2
    expect(bpCategory(145, 105)).toBe("grade2"); // grade 1 / grade 2 → grade 2
  });

  it("treats non-integer values against the same lower bounds", () => {
    expect(bpCategory(139.6, 70)).toBe("high_normal");
    expect(bpCategory(110, 79.9)).toBe("normal");
  });
});

describe("bpAlert", () => {
  it.each<[number, number, AlertKind | null]>([
    [179, 109, null],
    [180, 109, "bp_urgent"], // grade 3 by systolic
    [179, 110, "bp_urgent"], // grade 3 by diastolic
    [180, 120, "bp_urgent"], // at, not above, the crisis line
    [181, 100, "bp_crisis"],
    [170, 121, "bp_crisis"],
    [181, 121, "bp_crisis"],
    [120, 80, null],
  ])("%i/%i → %s", (s, d, expected) => {
    expect(bpAlert(s, d)).toBe(expected);
  });

  it("uses a programme's own thresholds", () => {
    const t = { ...DEFAULT_THRESHOLDS.bp, urgentSystolic: 170, crisisSystolic: 200 };
    expect(bpAlert(172, 90, t)).toBe("bp_urgent");
    expect(bpAlert(190, 90, t)).toBe("bp_urgent");
    expect(bpAlert(201, 90, t)).toBe("bp_crisis");
  });
});

describe("homeBpControl", () => {
  const now = Date.UTC(2026, 2, 10, 12, 0);
  const at = (hoursAgo: number) => now - hoursAgo * MS_PER_HOUR;

  it("averages the last 7 days and compares with < 135/85", () => {
    // (150 + 140 + 145) / 3 = 145; (90 + 88 + 95) / 3 = 91 → 145/91, not below 135/85.
    const r = homeBpControl(
      [
        { systolic: 150, diastolic: 90, measuredAt: at(1) },
        { systolic: 140, diastolic: 88, measuredAt: at(50) },
        { systolic: 145, diastolic: 95, measuredAt: at(150) },
      ],
      now,
    );
    expect(r).toEqual({ mean7d: { systolic: 145, diastolic: 91, n: 3 }, controlled: false });
  });

  it("is controlled only when both components are below target", () => {
    // (128 + 132) / 2 = 130; (78 + 80) / 2 = 79 → 130/79 < 135/85.
    const ok = [
      { systolic: 128, diastolic: 78, measuredAt: at(2) },
      { systolic: 132, diastolic: 80, measuredAt: at(3) },
    ];
    expect(homeBpControl(ok, now).controlled).toBe(true);
    // Same readings against a doctor's stricter target < 130/80: 130 is not below 130.
    expect(homeBpControl(ok, now, { systolic: 130, diastolic: 80 }).controlled).toBe(false);
    // Systolic fine, diastolic at target (125/85) → not controlled.
    expect(homeBpControl([{ systolic: 125, diastolic: 85, measuredAt: at(1) }], now).controlled).toBe(false);
  });

  it("judges the rounded mean that is shown", () => {
    // (134 + 135) / 2 = 134.5 → shown as 135 → not below 135.
    const r = homeBpControl(
      [
        { systolic: 134, diastolic: 80, measuredAt: at(1) },
        { systolic: 135, diastolic: 80, measuredAt: at(2) },
      ],
      now,
    );
    expect(r.mean7d?.systolic).toBe(135);
    expect(r.controlled).toBe(false);
  });

  it("window is (now − 7 d, now]", () => {
    const readings = [
      { systolic: 200, diastolic: 100, measuredAt: now - 7 * MS_PER_DAY }, // exactly 7 d ago: out
      { systolic: 120, diastolic: 70, measuredAt: now - 7 * MS_PER_DAY + 1 }, // just inside
      { systolic: 130, diastolic: 80, measuredAt: now }, // now: in
      { systolic: 200, diastolic: 100, measuredAt: now + 1 }, // future: out
    ];
    // (120 + 130) / 2 = 125; (70 + 80) / 2 = 75.
    expect(homeBpControl(readings, now).mean7d).toEqual({ systolic: 125, diastolic: 75, n: 2 });
  });

  it("no readings in the window → null", () => {
    expect(homeBpControl([], now)).toEqual({ mean7d: null, controlled: null });
    expect(homeBpControl([{ systolic: 120, diastolic: 70, measuredAt: at(24 * 8) }], now)).toEqual({
      mean7d: null,
      controlled: null,
    });
  });
});

describe("bpAdvice", () => {
  it.each<[BpCategory, AlertKind | null, string]>([
    ["normal", null, "ok"],
    ["high_normal", null, "watch"],
    ["grade1", null, "watch"],
    ["grade2", null, "see_doctor"],
    ["grade3", null, "call_doctor_now"],
    ["grade3", "bp_urgent", "call_doctor_now"],
    ["grade3", "bp_crisis", "seek_care_now"],
    // An alert from stricter programme thresholds outranks the grade…
    ["grade2", "bp_urgent", "call_doctor_now"],
    // …and glucose alerts say nothing about blood pressure.
    ["normal", "glucose_hypo_l2", "ok"],
  ])("%s with %s → %s", (category, alert, expected) => {
    expect(bpAdvice(category, alert)).toBe(expected);
  });

  it("for real readings: above 180 → seek care now, at 180 → call the doctor now", () => {
    const advise = (s: number, d: number) => bpAdvice(bpCategory(s, d), bpAlert(s, d));
    expect(advise(185, 125)).toBe("seek_care_now");
    expect(advise(182, 100)).toBe("seek_care_now"); // systolic > 180 alone is the crisis range
    expect(advise(180, 100)).toBe("call_doctor_now");
    expect(advise(150, 115)).toBe("call_doctor_now"); // diastolic grade 3, not > 120
    expect(advise(165, 95)).toBe("see_doctor");
    expect(advise(118, 76)).toBe("ok");
  });
});

describe("bp properties", () => {
  const mmHg = fc.integer({ min: 40, max: 300 });

  it("bpCategory is monotone in each component", () => {
    fc.assert(
      fc.property(mmHg, mmHg, mmHg, (a, b, other) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(bpSeverity(bpCategory(lo, other))).toBeLessThanOrEqual(bpSeverity(bpCategory(hi, other)));
        expect(bpSeverity(bpCategory(other, lo))).toBeLessThanOrEqual(bpSeverity(bpCategory(other, hi)));
      }),
    );
  });

  it("bpCategory is the worse of each component graded alone", () => {
    fc.assert(
      fc.property(mmHg, mmHg, (s, d) => {
        const alone = Math.max(bpSeverity(bpCategory(s, 0)), bpSeverity(bpCategory(0, d)));
        expect(bpSeverity(bpCategory(s, d))).toBe(alone);
      }),
    );
  });

  it("every grade-3 reading raises an alert with the default thresholds, and nothing below does", () => {
    fc.assert(
      fc.property(mmHg, mmHg, (s, d) => {
        expect(bpAlert(s, d) !== null).toBe(bpCategory(s, d) === "grade3");
      }),
    );
  });
});
