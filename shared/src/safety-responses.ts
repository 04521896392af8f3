// Response schemas of safety reporting (ADR 0010): the patient's and clinicians' receipts and
// questions, the officer's cases, audit trail and reminders, the manager's counts. Same rules as
// response-schemas.ts; no patient name or phone outside `contact` (given only with consent).
import * as z from "zod/mini";
import { date, disclosed, iso, isoOrNull } from "./response-parts";
import type { Known } from "./response-schemas";
import { CASE_SOURCES, CASE_STATUSES, CAUSALITY, EVENT_OUTCOMES } from "./safety-schemas";

/** The receipt of a new report: its case number is what the reporter can quote. */
export const caseReceiptResponse = z.looseObject({
  id: z.string(),
  caseNumber: z.string(),
  awareAt: iso,
});
export type CaseReceiptResponse = Known<z.output<typeof caseReceiptResponse>>;

/** What the patient reads after sending a report (zh-CN first). */
export const sideEffectReceiptResponse = z.extend(caseReceiptResponse, {
  advice: z.looseObject({
    urgent: z.boolean(),
    items: z.array(z.looseObject({ key: z.string(), "zh-CN": z.string(), en: z.string() })),
  }),
});
export type SideEffectReceiptResponse = Known<z.output<typeof sideEffectReceiptResponse>>;

/** A rep's write-only report: the receipt alone. */
export const repReportReceiptResponse = z.looseObject({ caseNumber: z.string(), awareAt: iso });
export type RepReportReceiptResponse = Known<z.output<typeof repReportReceiptResponse>>;

export const repReportsResponse = z.array(repReportReceiptResponse);
export type RepReportsResponse = Known<z.output<typeof repReportsResponse>>;

/** A follow-up question of the officer, to the patient or a clinician, and its answer. */
export const safetyQuestionResponse = z.looseObject({
  id: z.string(),
  to: z.enum(["patient", "clinician"]),
  question: z.string(),
  askedAt: iso,
  answer: z.nullable(z.string()),
  answeredAt: isoOrNull,
});
export type SafetyQuestionResponse = Known<z.output<typeof safetyQuestionResponse>>;

export const mySideEffectsResponse = z.looseObject({
  reports: z.array(
    z.looseObject({
      id: z.string(),
      caseNumber: z.string(),
      awareAt: iso,
      description: z.nullable(z.string()),
      symptoms: z.array(z.string()),
      seriousness: z.array(z.string()),
      specialSituations: z.array(z.string()),
      contactConsent: z.boolean(),
      question: z.nullable(safetyQuestionResponse),
      questions: z.array(safetyQuestionResponse),
    }),
  ),
});
export type MySideEffectsResponse = Known<z.output<typeof mySideEffectsResponse>>;

export const clinicianSafetyQuestionsResponse = z.looseObject({
  questions: z.array(z.extend(safetyQuestionResponse, { caseNumber: z.string() })),
});
export type ClinicianSafetyQuestionsResponse = Known<z.output<typeof clinicianSafetyQuestionsResponse>>;

const drug = z.looseObject({ name: z.string(), dose: z.nullable(z.string()), startedOn: z.nullable(date) });

/** A case as the officer sees it in the inbox. `patient.ref` is a pseudonym, never a name. */
export const caseResponse = z.looseObject({
  id: z.string(),
  caseNumber: z.string(),
  source: z.enum(CASE_SOURCES),
  awareAt: iso,
  day0: isoOrNull,
  receivedAt: iso,
  forwardDueAt: iso,
  regulatoryDueAt: isoOrNull,
  latestInfoAt: isoOrNull,
  forwardedAt: isoOrNull,
  acknowledgedAt: isoOrNull,
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  serious: z.boolean(),
  seriousness: z.array(z.string()),
  seriousnessReported: z.array(z.string()),
  specialSituations: z.array(z.string()),
  status: z.enum(CASE_STATUSES),
  valid: z.boolean(),
  missing: z.array(z.string()),
  reporterQualification: z.nullable(z.number()),
  reporter: z.looseObject({
    role: z.string(),
    name: z.nullable(z.string()),
    contact: z.nullable(z.string()),
  }),
  patient: z.looseObject({
    ref: z.nullable(z.string()),
    initials: z.nullable(z.string()),
    sex: z.nullable(z.string()),
  }),
  suspectDrugs: z.array(drug),
  concomitantDrugs: z.array(drug),
  events: z.array(z.looseObject({ verbatim: z.string() })),
  description: z.nullable(z.string()),
  /** What the reporter said beyond the form (the patient's symptoms, still happening, …). */
  details: z.nullable(z.record(z.string(), z.unknown())),
  causalityReported: z.nullable(z.enum(CAUSALITY)),
  causalityAssessed: z.nullable(z.enum(CAUSALITY)),
  outcome: z.nullable(z.enum(EVENT_OUTCOMES)),
  narrative: z.nullable(z.string()),
  notForwardedReason: z.nullable(z.string()),
  mahCaseId: z.nullable(z.string()),
  contactConsent: z.boolean(),
  restricted: z.boolean(),
  possibleDuplicateOf: z.nullable(z.string()),
  version: z.number(),
});
export type CaseResponse = Known<z.output<typeof caseResponse>>;

export const caseListResponse = z.array(caseResponse);
export type CaseListResponse = Known<z.output<typeof caseListResponse>>;

/** One case in full: the contact (with consent only), questions, forwards and likely duplicates. */
export const caseDetailResponse = z.extend(caseResponse, {
  contact: z.nullable(z.looseObject({ name: z.nullable(z.string()), phone: z.nullable(z.string()) })),
  followUps: z.array(safetyQuestionResponse),
  forwards: z.array(
    z.looseObject({
      at: iso,
      by: z.string(),
      kind: z.string(),
      channel: z.string(),
      payloadSha256: z.string(),
      note: z.nullable(z.string()),
    }),
  ),
  duplicates: z.array(z.looseObject({ id: z.string(), caseNumber: z.string() })),
});
export type CaseDetailResponse = Known<z.output<typeof caseDetailResponse>>;

export const caseAuditResponse = z.looseObject({
  caseNumber: z.string(),
  entries: z.array(
    z.looseObject({
      at: iso,
      who: z.looseObject({ id: z.nullable(z.string()), role: z.string(), name: z.nullable(z.string()) }),
      action: z.string(),
      field: z.nullable(z.string()),
    }),
  ),
});
export type CaseAuditResponse = Known<z.output<typeof caseAuditResponse>>;

/** Cases whose forwarding deadline has passed (`overdue`) or falls within `hours`. */
export const forwardRemindersResponse = z.looseObject({
  generatedAt: iso,
  hours: z.number(),
  overdue: z.number(),
  dueSoon: z.array(
    z.looseObject({
      id: z.string(),
      caseNumber: z.string(),
      forwardDueAt: iso,
      minutesLeft: z.number(),
      serious: z.boolean(),
    }),
  ),
});
export type ForwardRemindersResponse = Known<z.output<typeof forwardRemindersResponse>>;

const breakdown = z.record(z.string(), disclosed);

/** The manager's counts, under disclosure control like every aggregate (ADR 0013). */
export const safetyReportResponse = z.looseObject({
  generatedAt: iso,
  total: disclosed,
  byMonth: breakdown,
  bySource: breakdown,
  bySeriousness: breakdown,
  timeliness: z.looseObject({
    due: disclosed,
    forwardedOnTime: disclosed,
    shareForwardedOnTime: z.nullable(z.number()),
    medianHoursToForward: z.nullable(z.number()),
  }),
});
export type SafetyReportResponse = Known<z.output<typeof safetyReportResponse>>;
