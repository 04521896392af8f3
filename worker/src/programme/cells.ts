// What a release is made of: counts ("cells") and the relations between them ("equations").
// Shared by the disclosure control and the attacker that checks it (ADRs 0007, 0013).
import { ROUNDING_BASE } from "@steady/shared";
export const SMALL_CELL = 5;

/** Published counts of 5 or more are rounded to a multiple of this (ADR 0013). */
export { ROUNDING_BASE };

/**
 * A count as published: 0 stays 0 (only where a zero says nothing about anyone), 1–4 (and such
 * zeros) are not published ("<5"), and 5 or more go to the nearest multiple of 5 (halves up; 5–7 → 5).
 */
export function roundedCount(v: number): number {
  return Math.max(SMALL_CELL, Math.floor((v + ROUNDING_BASE / 2) / ROUNDING_BASE) * ROUNDING_BASE);
}

export interface CellInput {
  id: string;
  /** The true count. */
  value: number;
  /** What a reader knows without the release (e.g. a stage that says "has patients"). */
  lo?: number;
  hi?: number;
  /** Implied by other cells and not displayed: withholding it costs nothing on screen. */
  implicit?: boolean;
  /**
   * A zero here says nothing about anyone (no enrolments in a month), so a zero is treated as
   * public: still shown as "<5", but it needs no protection. Where a zero would tell something
   * about everyone else in the group ("none of the 12 is adherent"), leave this unset.
   */
  zeroSafe?: boolean;
  /** A figure the dashboards are for (a clinic's or region's outcomes): withheld only as a last resort. */
  keep?: boolean;
  /** The programme's own figures (total enrolled, 3-month adherence …): withheld only if nothing else helps. */
  headline?: boolean;
}

/** Σ plus + constant = Σ minus, over cell ids (the constant stands for cells left out). */
export interface Equation {
  plus: string[];
  minus: string[];
  constant?: number;
}

/**
 * How a cell is published. "shown": exactly (only harmless zeros); "small": "<5" (a reader knows
 * 1–4 where a zero would have been shown, else 0–4); "rounded": to the nearest 5 (a reader knows
 * the true value within ±2, and at least 5); "hidden": not published at all (implied cells, and
 * what the fallback withholds).
 */
export type Mark = "shown" | "small" | "rounded" | "hidden";

export interface SuppressionResult {
  marks: Map<string, Mark>;
  /** Cells whose value is public anyway (bounds, harmless zeros): sums may use them. */
  known: Set<string>;
  /** Displayed cells withheld to protect others (the fallback of ADR 0013; for tests and figures). */
  complementary: number;
}
