// Blood pressure: guideline grade of one reading, urgent/crisis alerts, home control
// (docs/definitions.md, Blood pressure). All values in mmHg.
import { DEFAULT_THRESHOLDS, type Thresholds } from "./thresholds";
import { MS_PER_DAY } from "./time";
import type { AlertKind, BpCategory, BpReadingValue, Instant } from "./types";

/** Lower bounds (inclusive) of each grade, highest first: Chinese hypertension guideline. */
const SYSTOLIC_GRADES: ReadonlyArray<[number, BpCategory]> = [
  [180, "grade3"],
  [160, "grade2"],
  [140, "grade1"],
  [120, "high_normal"],
];
const DIASTOLIC_GRADES: ReadonlyArray<[number, BpCategory]> = [
  [110, "grade3"],
  [100, "grade2"],
  [90, "grade1"],
  [80, "high_normal"],
];

const SEVERITY: Record<BpCategory, number> = { normal: 0, high_normal: 1, grade1: 2, grade2: 3, grade3: 4 };

function grade(value: number, bounds: ReadonlyArray<[number, BpCategory]>): BpCategory {
  for (const [lower, category] of bounds) if (value >= lower) return category;
  return "normal";
}

/**
 * The guideline grade of one reading: normal < 120/80, high-normal 120–139/80–89,
 * grade 1 140–159/90–99, grade 2 160–179/100–109, grade 3 ≥ 180/110. When the two
 * components fall in different grades the higher one decides (so 118/95 is grade 1).
 */
export function bpCategory(systolic: number, diastolic: number): BpCategory {
  const s = grade(systolic, SYSTOLIC_GRADES);
  const d = grade(diastolic, DIASTOLIC_GRADES);
  return SEVERITY[s] >= SEVERITY[d] ? s : d;
}

/** Severity rank of a category (normal 0 … grade3 4), for sorting and comparing. */
export function bpSeverity(category: BpCategory): number {
  return SEVERITY[category];
}

/**
 * The alert one reading raises: "bp_crisis" strictly above 180 systolic or 120 diastolic
 * (seek care now), else "bp_urgent" at grade 3 (≥ 180 or ≥ 110), else none.
 */
export function bpAlert(
  systolic: number,
  diastolic: number,
  t: Thresholds["bp"] = DEFAULT_THRESHOLDS.bp,
): AlertKind | null {
  if (systolic > t.crisisSystolic || diastolic > t.crisisDiastolic) return "bp_crisis";
  if (systolic >= t.urgentSystolic || diastolic >= t.urgentDiastolic) return "bp_urgent";
  return null;
}

export interface HomeBpControl {
  /** Mean of the last 7 days' readings, each component rounded to whole mmHg. */
  mean7d: { systolic: number; diastolic: number; n: number } | null;
  /** Rounded mean strictly below the target on both components; null without readings. */
  controlled: boolean | null;
}

/**
 * Home BP control over the 7 × 24 h up to `now`: readings with measuredAt in
 * (now − 7 d, now]. Control is judged on the rounded mean — the number the patient and
 * doctor see — so a shown "135/80" is never called controlled against "< 135/85".
 */
export function homeBpControl(
  readings: BpReadingValue[],
  now: Instant,
  target: { systolic: number; diastolic: number } = {
    systolic: DEFAULT_THRESHOLDS.bp.homeTargetSystolic,
    diastolic: DEFAULT_THRESHOLDS.bp.homeTargetDiastolic,
  },
): HomeBpControl {
  const since = now - 7 * MS_PER_DAY;
  const recent = readings.filter((r) => r.measuredAt > since && r.measuredAt <= now);
  if (recent.length === 0) return { mean7d: null, controlled: null };
  const n = recent.length;
  const systolic = Math.round(recent.reduce((sum, r) => sum + r.systolic, 0) / n);
  const diastolic = Math.round(recent.reduce((sum, r) => sum + r.diastolic, 0) / n);
  return {
    mean7d: { systolic, diastolic, n },
    controlled: systolic < target.systolic && diastolic < target.diastolic,
  };
}

export type BpAdvice = "ok" | "watch" | "see_doctor" | "call_doctor_now" | "seek_care_now";

const ADVICE_BY_CATEGORY: Record<BpCategory, BpAdvice> = {
  normal: "ok",
  high_normal: "watch",
  // One grade-1 reading is not a reason for a visit: home control is judged on the 7-day
  // mean, which the doctor sees. Keep measuring and taking the medicine.
  grade1: "watch",
  grade2: "see_doctor",
  grade3: "call_doctor_now",
};
const ADVICE_RANK: Record<BpAdvice, number> = {
  ok: 0,
  watch: 1,
  see_doctor: 2,
  call_doctor_now: 3,
  seek_care_now: 4,
};

/**
 * What the patient is told after one reading: the stronger of what its grade and its
 * alert call for. A crisis alert means "seek care now", an urgent one "call your doctor
 * now"; other alert kinds (glucose) do not change BP advice.
 */
export function bpAdvice(category: BpCategory, alert: AlertKind | null): BpAdvice {
  const byCategory = ADVICE_BY_CATEGORY[category];
  const byAlert: BpAdvice =
    alert === "bp_crisis" ? "seek_care_now" : alert === "bp_urgent" ? "call_doctor_now" : "ok";
  return ADVICE_RANK[byAlert] > ADVICE_RANK[byCategory] ? byAlert : byCategory;
}
