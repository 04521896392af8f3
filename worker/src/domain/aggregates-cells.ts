// What a release is made of: counts ("cells") and the relations between them ("equations").
// Shared by the suppressor and the attacker that checks it (ADR 0007).
export const SMALL_CELL = 5;

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
  /** A headline figure (enrolment): withheld only when no other cell can protect the small one. */
  keep?: boolean;
}

/** Σ plus + constant = Σ minus, over cell ids (the constant stands for cells left out). */
export interface Equation {
  plus: string[];
  minus: string[];
  constant?: number;
}

export type Mark = "shown" | "small" | "hidden";

export interface SuppressionResult {
  marks: Map<string, Mark>;
  /** Cells whose value is public anyway (bounds, harmless zeros): sums may use them. */
  known: Set<string>;
  /** Cells withheld to protect others (for tests and the ADR's figures). */
  complementary: number;
}
