// The condition(s) a patient is treated for in the programme, and the triage list's condition
// filter. The API (list route, CSV export) and the portal filter with the same rule.
import type { ProgrammeCondition } from "./programme-schemas";
import type { Locale } from "./types";
import { CONDITION_WORDS } from "./vocabulary";

/** One of the programme's conditions, or both of them (PROGRAMME_CONDITIONS plus "both"). */
export const PATIENT_CONDITIONS = ["hypertension", "diabetes", "both"] as const satisfies readonly (
  | ProgrammeCondition
  | "both"
)[];
export type PatientCondition = (typeof PATIENT_CONDITIONS)[number];

/** The filter's values: a condition, or "unset" for patients whose condition nobody has recorded. */
export const CONDITION_FILTERS = [...PATIENT_CONDITIONS, "unset"] as const;
export type ConditionFilter = (typeof CONDITION_FILTERS)[number];

/** The programme conditions a patient's condition covers ("both" → hypertension and diabetes). */
export function conditionsOf(condition: PatientCondition | null): ProgrammeCondition[] {
  if (condition === null) return [];
  return condition === "both" ? ["hypertension", "diabetes"] : [condition];
}

/**
 * Whether a patient passes the condition filter. A single condition selects everyone treated for
 * it, comorbid patients included (a doctor asking for "diabetic patients" means all of them);
 * "both" selects the comorbid only, "unset" those with no condition recorded.
 */
export function matchesCondition(condition: PatientCondition | null, filter: ConditionFilter): boolean {
  if (filter === "unset") return condition === null;
  if (filter === "both") return condition === "both";
  return conditionsOf(condition).includes(filter);
}

/** The condition in words (exports, reports); "" when nobody has recorded it. */
export function formatCondition(condition: PatientCondition | null, locale: Locale): string {
  return condition ? CONDITION_WORDS[locale][condition].full : "";
}
