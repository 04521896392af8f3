// Request bodies of safety reporting (API.md "Safety reporting"), as the two apps' forms check
// them before sending. The API's own validation may live beside these (the lead merges the two);
// field names and vocabularies follow the contract word for word.
import * as z from "zod/mini";
import { clientId, localDate } from "./schemas";

/** ICH E2B seriousness criteria. A reporter's criterion is never removed later. */
export const SERIOUSNESS_CRITERIA = [
  "death",
  "life_threatening",
  "hospitalisation",
  "disability",
  "congenital_anomaly",
  "medically_important",
] as const;
export type SeriousnessCriterion = (typeof SERIOUSNESS_CRITERIA)[number];

/** Special situations: a case even with no adverse event. */
export const SPECIAL_SITUATIONS = [
  "pregnancy",
  "breastfeeding",
  "overdose",
  "abuse",
  "misuse",
  "medication_error",
  "off_label",
  "occupational_exposure",
  "lack_of_efficacy",
  "interaction",
  "product_quality_complaint",
  "falsified_product",
] as const;
export type SpecialSituation = (typeof SPECIAL_SITUATIONS)[number];

/** The situations a patient can name in plain words in the mini-program. */
export const PATIENT_SITUATIONS = [
  "pregnancy",
  "breastfeeding",
  "overdose",
  "medication_error",
  "lack_of_efficacy",
  "product_quality_complaint",
] as const satisfies readonly SpecialSituation[];

/** Why a dose was missed: asked on Skip in the app and on a follow-up call. */
export const MISSED_DOSE_REASONS = ["forgot", "side_effect", "ran_out", "felt_better", "other"] as const;
export type MissedDoseReason = (typeof MISSED_DOSE_REASONS)[number];

/** E2B C.2.r.4: physician, pharmacist, other health professional, lawyer, consumer. */
export const REPORTER_QUALIFICATIONS = [1, 2, 3, 4, 5] as const;
export type ReporterQualification = (typeof REPORTER_QUALIFICATIONS)[number];

export const EVENT_OUTCOMES = [
  "recovered",
  "recovering",
  "not_recovered",
  "recovered_with_sequelae",
  "fatal",
  "unknown",
] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

export const CASE_STATUSES = [
  "new",
  "triaged",
  "awaiting_follow_up",
  "forwarded",
  "acknowledged",
  "not_forwarded",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_SOURCES = ["patient_app", "clinician", "follow_up_call", "rep", "screening"] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(max));
const optText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));
const criteria = z.optional(z.array(z.enum(SERIOUSNESS_CRITERIA)).check(z.maxLength(6)));
const situations = z.optional(z.array(z.enum(SPECIAL_SITUATIONS)).check(z.maxLength(12)));

/**
 * A patient's report from the mini-program. Something must be said: words, a complaint chip or
 * a special situation (a pregnancy alone is a case).
 */
export const sideEffectBody = z
  .object({
    id: clientId,
    description: z.string().check(z.trim(), z.maxLength(2000)),
    symptoms: z.optional(z.array(text(40)).check(z.maxLength(20))),
    planIds: z.optional(z.array(z.uuid()).check(z.maxLength(20))),
    startedOn: z.optional(localDate),
    stillHappening: z.optional(z.boolean()),
    stoppedDrug: z.optional(z.boolean()),
    seriousness: criteria,
    specialSituations: situations,
    contactConsent: z.boolean(),
  })
  .check(
    z.refine(
      (b) =>
        Boolean(b.description.trim()) || Boolean(b.symptoms?.length) || Boolean(b.specialSituations?.length),
      { message: "say what happened", path: ["description"] },
    ),
  );
export type SideEffectBody = z.infer<typeof sideEffectBody>;

export const adverseEventItem = z.object({
  verbatim: text(500),
  onsetOn: z.optional(localDate),
  endedOn: z.optional(localDate),
  outcome: z.optional(z.enum(EVENT_OUTCOMES)),
  seriousness: criteria,
});

/** A clinician's report from the patient page: several events per case. */
export const adverseEventBody = z
  .object({
    id: clientId,
    description: optText(4000),
    events: z.optional(z.array(adverseEventItem).check(z.maxLength(20))),
    planIds: z.optional(z.array(z.uuid()).check(z.maxLength(20))),
    seriousness: criteria,
    specialSituations: situations,
    causalityAsReported: optText(500),
  })
  .check(
    z.refine(
      (b) =>
        Boolean(b.events?.length) || Boolean(b.description?.trim()) || Boolean(b.specialSituations?.length),
      { message: "describe at least one event or special situation", path: ["events"] },
    ),
  );
export type AdverseEventBody = z.infer<typeof adverseEventBody>;

/** The mandatory safety question of a reached follow-up call. */
export const callSafety = z
  .object({
    asked: z.literal(true),
    anyEvent: z.boolean(),
    description: optText(2000),
    seriousness: criteria,
    specialSituations: situations,
  })
  .check(
    z.refine((s) => !s.anyEvent || Boolean(s.description?.trim()), {
      message: "describe what the patient reported",
      path: ["description"],
    }),
  );
export type CallSafety = z.infer<typeof callSafety>;

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

export const acknowledgementBody = z.object({ mahCaseId: text(100) });

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
