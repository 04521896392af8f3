// Tables of safety reporting (ADR 0010). A case is never deleted: there is no foreign key to
// `patients` (erasing a patient must leave the case in place, pseudonymised and restricted), and
// no route deletes a row of these tables.
import type {
  CAUSALITY,
  CaseSource,
  CaseStatus,
  EventOutcome,
  SeriousnessCriterion,
  SpecialSituation,
} from "@steady/shared";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

type Causality = (typeof CAUSALITY)[number];

const ms = (name: string) => integer(name);
const flag = (name: string) => integer(name, { mode: "boolean" });

export interface DrugSnapshot {
  name: string;
  dose: string | null;
  startedOn: string | null;
  planId?: string;
}
export interface CaseEvent {
  verbatim: string;
  onsetOn?: string;
  endedOn?: string;
  outcome?: EventOutcome;
  seriousness?: SeriousnessCriterion[];
}

export const safetyCases = sqliteTable(
  "safety_cases",
  {
    id: text("id").primaryKey(),
    /** Monotonic number behind the human-readable case number (taken in the insert itself). */
    seq: integer("seq").notNull(),
    caseNumber: text("case_number").notNull(),
    programmeId: text("programme_id"),
    source: text("source").$type<CaseSource>().notNull(),
    /** The capture that opened the case: a note, call or report id. */
    sourceRef: text("source_ref"),
    /** Who captured it: "patient" or a portal user id (a rep's receipts are read by this). */
    createdBy: text("created_by").notNull(),
    createdByRole: text("created_by_role").notNull(),
    reporterQualification: integer("reporter_qualification"),
    reporterName: text("reporter_name"),
    reporterContact: text("reporter_contact"),
    awareAt: ms("aware_at").notNull(),
    day0: ms("day0"),
    receivedAt: ms("received_at").notNull(),
    forwardDueAt: ms("forward_due_at").notNull(),
    regulatoryDueAt: ms("regulatory_due_at"),
    latestInfoAt: ms("latest_info_at"),
    forwardedAt: ms("forwarded_at"),
    acknowledgedAt: ms("acknowledged_at"),
    seriousnessReported: text("seriousness_reported", { mode: "json" })
      .$type<SeriousnessCriterion[]>()
      .notNull(),
    seriousness: text("seriousness", { mode: "json" }).$type<SeriousnessCriterion[]>().notNull(),
    specialSituations: text("special_situations", { mode: "json" }).$type<SpecialSituation[]>().notNull(),
    /** A patient of the programme (pseudonymous once erased); null for a rep's report. */
    patientId: text("patient_id"),
    patientName: text("patient_name"),
    patientPhone: text("patient_phone"),
    patientInitials: text("patient_initials"),
    patientSex: text("patient_sex"),
    patientAgeYears: integer("patient_age_years"),
    patientAgeGroup: text("patient_age_group"),
    suspectDrugs: text("suspect_drugs", { mode: "json" }).$type<DrugSnapshot[]>().notNull(),
    concomitantDrugs: text("concomitant_drugs", { mode: "json" }).$type<DrugSnapshot[]>().notNull(),
    events: text("events", { mode: "json" }).$type<CaseEvent[]>().notNull(),
    description: text("description"),
    /** The patient app's structured extras (symptoms chips, still happening, stopped drug). */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    causalityReported: text("causality_reported").$type<Causality>(),
    causalityAssessed: text("causality_assessed").$type<Causality>(),
    outcome: text("outcome").$type<EventOutcome>(),
    narrative: text("narrative"),
    status: text("status").$type<CaseStatus>().notNull(),
    notForwardedReason: text("not_forwarded_reason"),
    version: integer("version").notNull().default(1),
    mahCaseId: text("mah_case_id"),
    contactConsent: flag("contact_consent").notNull().default(false),
    /** Erased patient: storage and forwarding only (GVP art. 113 retention, PIPL erasure). */
    restricted: flag("restricted").notNull().default(false),
    possibleDuplicateOf: text("possible_duplicate_of"),
    /** The create request as received, for idempotent replays. */
    requestJson: text("request_json"),
  },
  (t) => [
    uniqueIndex("safety_cases_seq").on(t.seq),
    // The inbox's orders: by deadline (then number), overall and within a status.
    index("safety_cases_due").on(t.status, t.forwardDueAt, t.seq),
    index("safety_cases_forward_due").on(t.forwardDueAt, t.seq),
    index("safety_cases_patient").on(t.patientId, t.awareAt),
    index("safety_cases_aware").on(t.awareAt),
    index("safety_cases_creator").on(t.createdBy, t.source),
  ],
);

/** The case's audit trail: who, when, what changed (old → new) and why. Append-only. */
export const safetyCaseAudit = sqliteTable(
  "safety_case_audit",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: text("case_id").notNull(),
    at: ms("at").notNull(),
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role").notNull(),
    action: text("action").notNull(),
    field: text("field"),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    reason: text("reason"),
  },
  (t) => [index("safety_case_audit_case").on(t.caseId, t.at)],
);

/** Follow-up questions from the safety officer to the patient or the clinician, and answers. */
export const safetyQuestions = sqliteTable(
  "safety_questions",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id").notNull(),
    to: text("to_whom").$type<"patient" | "clinician">().notNull(),
    question: text("question").notNull(),
    askedBy: text("asked_by").notNull(),
    askedAt: ms("asked_at").notNull(),
    answer: text("answer"),
    answeredBy: text("answered_by"),
    answeredAt: ms("answered_at"),
    requestJson: text("request_json").notNull(),
  },
  (t) => [index("safety_questions_case").on(t.caseId)],
);

/** Every transmission to the MAH: initial and follow-up, with the payload's hash. */
export const safetyForwards = sqliteTable(
  "safety_forwards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: text("case_id").notNull(),
    at: ms("at").notNull(),
    by: text("by").notNull(),
    kind: text("kind").notNull(), // initial | follow_up
    channel: text("channel").notNull(),
    payloadSha256: text("payload_sha256").notNull(),
    note: text("note"),
  },
  (t) => [index("safety_forwards_case").on(t.caseId, t.at)],
);

/**
 * The programme's safety settings (absent → defaults): the forwarding rule (working hours, shorter
 * for serious or fatal cases) and the work calendar (holidays, adjusted working days).
 */
export const safetySettings = sqliteTable("safety_settings", {
  programmeId: text("programme_id").primaryKey(),
  forwardRule: text("forward_rule", { mode: "json" }).$type<{
    hours: number;
    seriousHours?: number;
    fatalHours?: number;
  }>(),
  calendar: text("calendar", { mode: "json" }).$type<{
    holidays: string[];
    adjustedWorkingDays: string[];
    countAdjustedWorkingDays: boolean;
  }>(),
  updatedAt: ms("updated_at").notNull(),
});
