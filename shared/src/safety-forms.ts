// What the apps' safety forms need beyond the API's own request schemas (safety-schemas.ts,
// safety-dates.ts, which the forms validate with): the situations a patient names in plain words.
import type { SpecialSituation } from "./safety-dates";
import type { REPORTER_QUALIFICATIONS } from "./safety-schemas";

export type ReporterQualification = (typeof REPORTER_QUALIFICATIONS)[number];

/** The situations a patient can name in plain words in the mini-program. */
export const PATIENT_SITUATIONS = [
  "pregnancy",
  "breastfeeding",
  "overdose",
  "medication_error",
  "lack_of_efficacy",
  "product_quality_complaint",
] as const satisfies readonly SpecialSituation[];
