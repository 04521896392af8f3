// What the two apps' safety forms need beyond the API's own request schemas (safety-schemas.ts,
// safety-dates.ts): plain-word situations, missed-dose reasons, the rep and officer form bodies.
import * as z from "zod/mini";
import {
  SERIOUSNESS_CRITERIA,
  type SeriousnessCriterion,
  SPECIAL_SITUATIONS,
  type SpecialSituation,
} from "./safety-dates";
import { CASE_STATUSES, EVENT_OUTCOMES, type REPORTER_QUALIFICATIONS } from "./safety-schemas";
import { clientId, localDate } from "./schemas";

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

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(max));
const optText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));
const criteria = z.optional(z.array(z.enum(SERIOUSNESS_CRITERIA)).check(z.maxLength(6)));
const situations = z.optional(z.array(z.enum(SPECIAL_SITUATIONS)).check(z.maxLength(12)));

export const adverseEventItem = z.object({
  verbatim: text(500),
  onsetOn: z.optional(localDate),
  endedOn: z.optional(localDate),
  outcome: z.optional(z.enum(EVENT_OUTCOMES)),
  seriousness: criteria,
});

/** A rep's write-only report. */
export const repSafetyReportBody = z.object({
  id: clientId,
  reporterQualification: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  reporterName: optText(100),
  reporterContact: optText(100),
  patient: z.object({
    initials: z.optional(z.string().check(z.trim(), z.maxLength(10))),
    sex: z.optional(z.enum(["female", "male", "unknown"])),
    ageYears: z.optional(z.number().check(z.int("whole years"), z.gte(0), z.lte(120))),
    ageGroup: optText(40),
  }),
  drug: text(200),
  description: text(4000),
  specialSituations: situations,
  awareOn: localDate,
});
export type RepSafetyReportBody = z.infer<typeof repSafetyReportBody>;

/** Triage fields the safety officer may set (dates are never accepted). */
export const caseTriageBody = z.object({
  seriousness: criteria,
  causalityAssessed: optText(500),
  outcome: z.optional(z.enum(EVENT_OUTCOMES)),
  narrative: optText(8000),
  status: z.optional(z.enum(CASE_STATUSES)),
  reason: optText(500),
});
export type CaseTriageBody = z.infer<typeof caseTriageBody>;

export const caseFollowUpBody = z.object({
  id: clientId,
  to: z.enum(["patient", "clinician"]),
  question: text(1000),
});
export type CaseFollowUpBody = z.infer<typeof caseFollowUpBody>;

/** A patient's answer to a question from the safety team (route: see the report of this branch). */
export const followUpAnswerBody = z.object({ id: clientId, answer: text(2000) });

/** Criteria a reporter gave stay: a triage may add criteria, never drop one. */
export function keepsReportedSeriousness(
  reported: readonly SeriousnessCriterion[],
  triaged: readonly SeriousnessCriterion[],
): boolean {
  return reported.every((c) => triaged.includes(c));
}
