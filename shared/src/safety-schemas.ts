// Request schemas of safety reporting (docs/api.md, Safety reporting). The API validates with them;
// the portal and the mini-program check the same rules in their forms.
import * as z from "zod/mini";
import { SERIOUSNESS_CRITERIA, SPECIAL_SITUATIONS } from "./safety-dates";
import { clientId, localDate, SEXES } from "./schemas";

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(max));
const criteria = z.array(z.enum(SERIOUSNESS_CRITERIA)).check(z.maxLength(SERIOUSNESS_CRITERIA.length));
const situations = z.array(z.enum(SPECIAL_SITUATIONS)).check(z.maxLength(SPECIAL_SITUATIONS.length));

export const CASE_SOURCES = ["patient_app", "clinician", "follow_up_call", "rep", "screening"] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_STATUSES = [
  "new",
  "triaged",
  "awaiting_follow_up",
  "forwarded",
  "acknowledged",
  "not_forwarded",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const EVENT_OUTCOMES = [
  "recovered",
  "recovering",
  "not_recovered",
  "recovered_with_sequelae",
  "fatal",
  "unknown",
] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];
export const CAUSALITY = [
  "related",
  "possibly_related",
  "unlikely_related",
  "not_related",
  "unknown",
] as const;
/** E2B C.2.r.4: 1 physician, 2 pharmacist, 3 other health professional, 4 lawyer, 5 consumer. */
export const REPORTER_QUALIFICATIONS = [1, 2, 3, 4, 5] as const;
export const AGE_GROUPS = ["neonate", "infant", "child", "adolescent", "adult", "elderly"] as const;

/** The patient's own report from the mini-program. */
export const sideEffectBody = z.object({
  id: clientId,
  description: text(2000),
  symptoms: z.optional(z.array(text(40)).check(z.maxLength(20))),
  planIds: z.optional(z.array(z.uuid("expected a plan id")).check(z.maxLength(20))),
  startedOn: z.optional(localDate),
  stillHappening: z.optional(z.boolean()),
  stoppedDrug: z.optional(z.boolean()),
  seriousness: z.optional(criteria),
  specialSituations: z.optional(situations),
  contactConsent: z.boolean(),
});
export type SideEffectBody = z.infer<typeof sideEffectBody>;

export const caseEventInput = z.object({
  verbatim: text(500),
  onsetOn: z.optional(localDate),
  endedOn: z.optional(localDate),
  outcome: z.optional(z.enum(EVENT_OUTCOMES)),
  seriousness: z.optional(criteria),
});
export type CaseEventInput = z.infer<typeof caseEventInput>;

/** A doctor's or assistant's report from the patient page. */
export const adverseEventBody = z
  .object({
    id: clientId,
    description: z.optional(text(4000)),
    events: z.optional(z.array(caseEventInput).check(z.maxLength(20))),
    planIds: z.optional(z.array(z.uuid("expected a plan id")).check(z.maxLength(20))),
    seriousness: z.optional(criteria),
    specialSituations: z.optional(situations),
    causalityAsReported: z.optional(z.enum(CAUSALITY)),
  })
  .check(
    z.refine((b) => Boolean(b.description || b.events?.length || b.specialSituations?.length), {
      message: "describe the event (description or events) or name a special situation",
      path: ["description"],
    }),
  );
export type AdverseEventBody = z.infer<typeof adverseEventBody>;

/** The mandatory safety question of a follow-up call that reached the patient. */
export const callSafety = z
  .object({
    asked: z.literal(true, "the safety question must be asked on every call that reaches the patient"),
    anyEvent: z.boolean(),
    description: z.optional(text(2000)),
    seriousness: z.optional(criteria),
    specialSituations: z.optional(situations),
  })
  .check(
    z.refine((s) => !s.anyEvent || Boolean(s.description), {
      message: "describe what the patient reported",
      path: ["description"],
    }),
  );
export type CallSafety = z.infer<typeof callSafety>;

/** A rep's write-only report. `awareOn` is the day the rep heard of it. */
export const repReportBody = z.object({
  id: clientId,
  reporterQualification: z.union(
    REPORTER_QUALIFICATIONS.map((q) => z.literal(q)) as [
      z.ZodMiniLiteral<1>,
      ...z.ZodMiniLiteral<2 | 3 | 4 | 5>[],
    ],
  ),
  reporterName: z.optional(text(100)),
  reporterContact: z.optional(text(100)),
  patient: z.object({
    initials: z.optional(text(10)),
    sex: z.optional(z.enum(SEXES)),
    ageYears: z.optional(z.number().check(z.int(), z.gte(0), z.lte(130))),
    ageGroup: z.optional(z.enum(AGE_GROUPS)),
  }),
  drug: text(200),
  description: text(4000),
  specialSituations: z.optional(situations),
  awareOn: localDate,
});
export type RepReportBody = z.infer<typeof repReportBody>;

export const caseListQuery = z.object({
  status: z.optional(z.enum(CASE_STATUSES)),
  overdue: z.optional(z.enum(["true", "false"])),
  source: z.optional(z.enum(CASE_SOURCES)),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, "expected a whole number")),
      z.pipe(
        z.transform((s: string) => Number(s)),
        z.number().check(z.gte(1), z.lte(1000)),
      ),
    ),
  ),
});

/** The forward-due reminder's look-ahead, in hours (default 4). */
export const reminderQuery = z.object({
  hours: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, "expected a whole number")),
      z.pipe(
        z.transform((s: string) => Number(s)),
        z.number().check(z.gte(1), z.lte(72)),
      ),
    ),
  ),
});

const drugInput = z.object({
  name: text(200),
  dose: z.optional(z.nullable(z.string().check(z.maxLength(100)))),
  startedOn: z.optional(z.nullable(localDate)),
});

/** Dates (and identity fields) a PATCH may never carry: named so the 422 says which. */
export const IMMUTABLE_CASE_FIELDS = [
  "awareAt",
  "day0",
  "receivedAt",
  "forwardDueAt",
  "regulatoryDueAt",
  "latestInfoAt",
  "forwardedAt",
  "acknowledgedAt",
  "caseNumber",
  "source",
] as const;

/** The officer's triage. Loose so that date fields reach the handler and get their own 422. */
export const casePatchBody = z.looseObject({
  seriousness: z.optional(criteria),
  causalityAssessed: z.optional(z.nullable(z.enum(CAUSALITY))),
  outcome: z.optional(z.nullable(z.enum(EVENT_OUTCOMES))),
  narrative: z.optional(z.nullable(z.string().check(z.maxLength(20000)))),
  status: z.optional(z.enum(["new", "triaged", "awaiting_follow_up", "not_forwarded"])),
  notForwardedReason: z.optional(text(1000)),
  /** Completing the minimum elements from follow-up information (contract addition). */
  suspectDrugs: z.optional(z.array(drugInput).check(z.maxLength(20))),
  events: z.optional(z.array(caseEventInput).check(z.maxLength(20))),
  patient: z.optional(
    z.object({
      initials: z.optional(text(10)),
      sex: z.optional(z.enum(SEXES)),
      ageYears: z.optional(z.number().check(z.int(), z.gte(0), z.lte(130))),
      ageGroup: z.optional(z.enum(AGE_GROUPS)),
    }),
  ),
  reason: z.optional(text(1000)),
});
export type CasePatchBody = z.infer<typeof casePatchBody>;

export const FORWARD_CHANNELS = ["email", "sftp", "gateway", "portal"] as const;
export const forwardBody = z.object({
  channel: z.optional(z.enum(FORWARD_CHANNELS)),
  note: z.optional(text(1000)),
});
export const acknowledgementBody = z.object({ mahCaseId: text(100) });
export const caseQuestionBody = z.object({
  id: clientId,
  to: z.enum(["patient", "clinician"]),
  question: text(1000),
});
export const questionAnswerBody = z.object({ answer: text(2000) });

/**
 * The programme's safety settings: the forwarding rule in working hours (shorter for serious or
 * fatal cases if set) and the Asia/Shanghai work calendar (holidays, adjusted working days).
 */
export const safetySettingsBody = z
  .object({
    forwardRule: z.object({
      hours: z.number().check(z.gt(0), z.lte(72)),
      seriousHours: z.optional(z.number().check(z.gt(0), z.lte(72))),
      fatalHours: z.optional(z.number().check(z.gt(0), z.lte(72))),
    }),
    calendar: z.object({
      holidays: z.array(localDate).check(z.maxLength(400)),
      adjustedWorkingDays: z.array(localDate).check(z.maxLength(100)),
      countAdjustedWorkingDays: z.boolean(),
    }),
  })
  .check(
    z.refine((b) => !b.calendar.holidays.some((d) => b.calendar.adjustedWorkingDays.includes(d)), {
      message: "a day cannot be both a holiday and an adjusted working day",
      path: ["calendar", "adjustedWorkingDays"],
    }),
  );
export type SafetySettingsBody = z.infer<typeof safetySettingsBody>;
