// Blood glucose: unit conversion, per-reading category and alert, time in range and the
// population hypo/hyper flags (docs/definitions.md, Glucose). Canonical unit is mmol/L, one decimal.
import { MG_DL_PER_MMOL } from "./schemas";
import { DEFAULT_THRESHOLDS, type Thresholds } from "./thresholds";
import { MS_PER_DAY } from "./time";
import type {
  AlertKind,
  GlucoseCategory,
  GlucoseContext,
  GlucoseReadingValue,
  GlucoseUnit,
  Instant,
} from "./types";

/** Round to one decimal, halves up (x × 10 lands exactly on the half for x.x5 inputs). */
function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A reading in canonical mmol/L, one decimal: mg/dL ÷ 18.0156, mmol/L as given. */
export function toMmol(value: number, unit: GlucoseUnit): number {
  return round1(unit === "mg/dL" ? value / MG_DL_PER_MMOL : value);
}

/** mmol/L to whole mg/dL, for patients and devices that think in mg/dL. */
export function toMgDl(mmol: number): number {
  return Math.round(mmol * MG_DL_PER_MMOL);
}

/**
 * The category of one reading in mmol/L. Hypoglycaemia and "very high" apply whatever
 * the context: level 2 < 3.0, level 1 < 3.9, very high > 16.7. Otherwise:
 * - fasting: in target up to 7.0 inclusive, above target over it. The target's lower
 *   end is 4.4, but 3.9–4.4 is reported as "in_target": it is not hypoglycaemia, and the
 *   categories (shared with the API and UI) have no "low but not hypo" value;
 * - before/after meals, bedtime, random: in target below 10.0, above target from 10.0.
 */
export function glucoseCategory(
  mmol: number,
  context: GlucoseContext,
  t: Thresholds["glucose"] = DEFAULT_THRESHOLDS.glucose,
): GlucoseCategory {
  if (mmol < t.hypoL2) return "hypo_l2";
  if (mmol < t.hypoL1) return "hypo_l1";
  if (mmol > t.veryHigh) return "very_high";
  if (context === "fasting") return mmol <= t.fastingHigh ? "in_target" : "above_target";
  return mmol < t.nonFastingHigh ? "in_target" : "above_target";
}

/** The urgent alert one reading raises: level-2 hypoglycaemia (< 3.0) or very high (> 16.7). */
export function glucoseAlert(
  mmol: number,
  t: Thresholds["glucose"] = DEFAULT_THRESHOLDS.glucose,
): AlertKind | null {
  if (mmol < t.hypoL2) return "glucose_hypo_l2";
  if (mmol > t.veryHigh) return "glucose_very_high";
  return null;
}

/**
 * Share of readings within 3.9–10.0 mmol/L inclusive, over whatever readings are given
 * (the caller picks the window); null without readings.
 */
export function timeInRange(
  readings: GlucoseReadingValue[],
  t: Thresholds["glucose"] = DEFAULT_THRESHOLDS.glucose,
): number | null {
  if (readings.length === 0) return null;
  const inRange = readings.filter((r) => r.mmol >= t.rangeLow && r.mmol <= t.rangeHigh).length;
  return inRange / readings.length;
}

export interface GlucoseRates {
  /** Readings in the window. */
  n: number;
  hypoCount: number;
  /** Share of readings < 3.9; null without readings. */
  hypoRate: number | null;
  /** Share of readings > 10.0; null without readings. */
  hyperRate: number | null;
  /** hypoRate ≥ 10 %. */
  hypoFlag: boolean;
  /** hyperRate ≥ 25 %. */
  hyperFlag: boolean;
}

/**
 * Population hypo/hyper rates over the `flagWindowDays` × 24 h up to `now`, i.e.
 * readings with measuredAt in (now − 14 d, now], and whether they cross the flags.
 */
export function glucoseRates(
  readings: GlucoseReadingValue[],
  now: Instant,
  t: Thresholds["glucose"] = DEFAULT_THRESHOLDS.glucose,
): GlucoseRates {
  const since = now - t.flagWindowDays * MS_PER_DAY;
  const recent = readings.filter((r) => r.measuredAt > since && r.measuredAt <= now);
  const n = recent.length;
  const hypoCount = recent.filter((r) => r.mmol < t.hypoL1).length;
  const hyperCount = recent.filter((r) => r.mmol > t.rangeHigh).length;
  const hypoRate = n === 0 ? null : hypoCount / n;
  const hyperRate = n === 0 ? null : hyperCount / n;
  return {
    n,
    hypoCount,
    hypoRate,
    hyperRate,
    hypoFlag: hypoRate !== null && hypoRate >= t.hypoRateFlag,
    hyperFlag: hyperRate !== null && hyperRate >= t.hyperRateFlag,
  };
}
