// Drizzle schema (SQLite dialect: libSQL locally and on Turso, D1 on Workers).
// Instants are epoch ms integers (UTC); local dates are `YYYY-MM-DD` text in the patient's zone.
import type { MissedDoseReason } from "@steady/shared";
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const ms = (name: string) => integer(name);

export const programmes = sqliteTable("programmes", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  condition: text("condition").notNull(), // hypertension | diabetes | both
  consentVersion: text("consent_version").notNull(),
  /** Thresholds (shared Thresholds shape) as JSON: data, not code. */
  thresholds: text("thresholds", { mode: "json" }).notNull(),
  /** Programme targets: baseline/target adherence, enrolment target. */
  targets: text("targets", { mode: "json" }).notNull(),
  createdAt: ms("created_at").notNull(),
  /** Optimistic concurrency of the programme settings (ADR 0011): bumped by every PUT /programme/settings. */
  version: integer("version").notNull().default(1),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ["doctor", "assistant", "rep", "manager", "admin", "safety"] }).notNull(),
  passwordHash: text("password_hash").notNull(),
  failedLogins: integer("failed_logins").notNull().default(0),
  lockedUntil: ms("locked_until"),
  createdAt: ms("created_at").notNull(),
});

export const clinics = sqliteTable("clinics", {
  id: text("id").primaryKey(),
  programmeId: text("programme_id")
    .notNull()
    .references(() => programmes.id),
  name: text("name").notNull(),
  city: text("city").notNull(),
  level: text("level").notNull(),
  onboardedBy: text("onboarded_by").references(() => users.id),
  createdAt: ms("created_at").notNull(),
});

export const clinicMembers = sqliteTable(
  "clinic_members",
  {
    clinicId: text("clinic_id")
      .notNull()
      .references(() => clinics.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: ["doctor", "assistant"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.userId] }), index("clinic_members_user").on(t.userId)],
);

export const portalSessions = sqliteTable("portal_sessions", {
  /** SHA-256 of the session token; the token itself is only in the cookie. */
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id),
  expiresAt: ms("expires_at").notNull(),
  createdAt: ms("created_at").notNull(),
});

export const enrolmentCodes = sqliteTable(
  "enrolment_codes",
  {
    code: text("code").primaryKey(),
    clinicId: text("clinic_id")
      .notNull()
      .references(() => clinics.id),
    doctorId: text("doctor_id")
      .notNull()
      .references(() => users.id),
    createdAt: ms("created_at").notNull(),
    revokedAt: ms("revoked_at"),
  },
  (t) => [index("enrolment_codes_doctor").on(t.doctorId)],
);

export const patients = sqliteTable("patients", {
  id: text("id").primaryKey(),
  openid: text("openid").unique(),
  name: text("name"),
  birthYear: integer("birth_year"),
  sex: text("sex"),
  phone: text("phone"),
  timezone: text("timezone").notNull(),
  /** Per-patient home-BP target set by the doctor; null → programme default. */
  bpTargetSystolic: integer("bp_target_systolic"),
  bpTargetDiastolic: integer("bp_target_diastolic"),
  /**
   * The programme condition(s) the patient is treated for (shared PATIENT_CONDITIONS); null →
   * nobody has said yet (ADR 0008). Self-reported at enrolment, set or corrected by the doctor.
   */
  condition: text("condition", { enum: ["hypertension", "diabetes", "both"] }),
  /** Optimistic concurrency (ADR 0011): the BP target and the condition are edited separately. */
  bpTargetVersion: integer("bp_target_version").notNull().default(1),
  conditionVersion: integer("condition_version").notNull().default(1),
  lastActivityAt: ms("last_activity_at"),
  createdAt: ms("created_at").notNull(),
});

export const patientSessions = sqliteTable(
  "patient_sessions",
  {
    id: text("id").primaryKey(), // SHA-256 of the bearer token
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("patient_sessions_patient").on(t.patientId)],
);

export const enrolments = sqliteTable(
  "enrolments",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    clinicId: text("clinic_id")
      .notNull()
      .references(() => clinics.id),
    programmeId: text("programme_id")
      .notNull()
      .references(() => programmes.id),
    doctorId: text("doctor_id")
      .notNull()
      .references(() => users.id),
    code: text("code").notNull(),
    consentVersion: text("consent_version").notNull(),
    consentedAt: ms("consented_at").notNull(),
    enrolledAt: ms("enrolled_at").notNull(),
    status: text("status", { enum: ["active", "withdrawn"] }).notNull(),
  },
  (t) => [
    uniqueIndex("enrolments_patient_programme").on(t.patientId, t.programmeId),
    index("enrolments_clinic").on(t.clinicId, t.status),
  ],
);

export const medicationPlans = sqliteTable(
  "medication_plans",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    drug: text("drug").notNull(),
    dose: text("dose").notNull(),
    times: text("times", { mode: "json" }).$type<string[]>().notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date"),
    stoppedAt: ms("stopped_at"),
    prescribedBy: text("prescribed_by"),
    /** The create request as received, to answer replays (same body → 200, else 409). */
    requestJson: text("request_json").notNull(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    /** Optimistic concurrency (ADR 0011): bumped by every edit and the stop. */
    version: integer("version").notNull().default(1),
    /** Supply (issue 13): tablets counted at `supplyCountedAt`, used per dose, per pack; null: not tracked. */
    supplyOnHand: real("supply_on_hand"),
    supplyPerDose: real("supply_per_dose"),
    supplyPackSize: integer("supply_pack_size"),
    supplyCountedAt: ms("supply_counted_at"),
    /**
     * Cached forecast (shared `forecastSupply`), rewritten by every write to the supply, the
     * refills or the plan: the local day the tablets run out, and the last supply event (the
     * count or the latest refill), which keys the one refill reminder of each supply period.
     */
    runOutDate: text("run_out_date"),
    supplyEventAt: ms("supply_event_at"),
  },
  (t) => [
    index("medication_plans_patient").on(t.patientId),
    // The triage roster asks each patient's soonest run-out: most patients track no supply, and
    // this partial index answers "none" without touching their plans.
    index("medication_plans_run_out")
      .on(t.patientId, t.runOutDate)
      .where(sql`${t.runOutDate} IS NOT NULL AND ${t.stoppedAt} IS NULL`),
  ],
);

/** "取了药": tablets added to a plan's supply (idempotent on the client's id). */
export const planRefills = sqliteTable(
  "plan_refills",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    planId: text("plan_id")
      .notNull()
      .references(() => medicationPlans.id, { onDelete: "cascade" }),
    tablets: real("tablets").notNull(),
    at: ms("at").notNull(),
    requestJson: text("request_json").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("plan_refills_plan").on(t.planId, t.at), index("plan_refills_patient").on(t.patientId)],
);

/** The patient's next visit (复诊), one per patient: set by the patient or their doctor; a PUT replaces it. */
export const revisits = sqliteTable("revisits", {
  patientId: text("patient_id")
    .primaryKey()
    .references(() => patients.id, { onDelete: "cascade" }),
  date: text("date").notNull(),
  hospital: text("hospital"),
  department: text("department"),
  /** "patient" or the portal user's id. */
  setBy: text("set_by").notNull(),
  setAt: ms("set_at").notNull(),
});

/** Every version of a plan, so history keeps the times that were in force (portal: "changes over time"). */
export const planRevisions = sqliteTable(
  "plan_revisions",
  {
    planId: text("plan_id")
      .notNull()
      .references(() => medicationPlans.id, { onDelete: "cascade" }),
    validFrom: ms("valid_from").notNull(),
    drug: text("drug").notNull(),
    dose: text("dose").notNull(),
    times: text("times", { mode: "json" }).$type<string[]>().notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date"),
    changedBy: text("changed_by").notNull(), // "patient" or a portal user id
  },
  (t) => [primaryKey({ columns: [t.planId, t.validFrom] })],
);

export const doseEvents = sqliteTable(
  "dose_events",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    planId: text("plan_id").notNull(),
    scheduledAt: ms("scheduled_at").notNull(),
    /** The slot's local day in the patient's zone (rollup key). */
    localDate: text("local_date").notNull(),
    status: text("status", { enum: ["taken", "skipped"] }).notNull(),
    at: ms("at").notNull(),
    recordedAt: ms("recorded_at").notNull(),
    requestJson: text("request_json").notNull(),
  },
  (t) => [
    index("dose_events_slot").on(t.planId, t.scheduledAt),
    index("dose_events_patient_day").on(t.patientId, t.localDate),
  ],
);

export const bpReadings = sqliteTable(
  "bp_readings",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    systolic: integer("systolic").notNull(),
    diastolic: integer("diastolic").notNull(),
    pulse: integer("pulse"),
    measuredAt: ms("measured_at").notNull(),
    localDate: text("local_date").notNull(),
    category: text("category").notNull(),
    recordedAt: ms("recorded_at").notNull(),
    requestJson: text("request_json").notNull(),
  },
  (t) => [index("bp_readings_patient_time").on(t.patientId, t.measuredAt)],
);

export const glucoseReadings = sqliteTable(
  "glucose_readings",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    mmol: real("mmol").notNull(),
    context: text("context").notNull(),
    measuredAt: ms("measured_at").notNull(),
    localDate: text("local_date").notNull(),
    category: text("category").notNull(),
    recordedAt: ms("recorded_at").notNull(),
    requestJson: text("request_json").notNull(),
  },
  (t) => [index("glucose_readings_patient_time").on(t.patientId, t.measuredAt)],
);

export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    readingId: text("reading_id").notNull().unique(),
    raisedAt: ms("raised_at").notNull(),
    acknowledgedBy: text("acknowledged_by"),
    acknowledgedAt: ms("acknowledged_at"),
  },
  (t) => [index("alerts_patient_open").on(t.patientId, t.acknowledgedAt)],
);

/**
 * One row per patient and local day, kept current on every write (recomputed from the facts
 * of that day, so replays are harmless). Dashboards read these, not raw events, so their cost
 * depends on the window, not on how much history exists.
 */
export const patientDays = sqliteTable(
  "patient_days",
  {
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    localDate: text("local_date").notNull(),
    taken: integer("taken").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    bpN: integer("bp_n").notNull().default(0),
    bpSysSum: integer("bp_sys_sum").notNull().default(0),
    bpDiaSum: integer("bp_dia_sum").notNull().default(0),
    gluN: integer("glu_n").notNull().default(0),
    gluHypo: integer("glu_hypo").notNull().default(0),
    gluHyper: integer("glu_hyper").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.localDate] })],
);

export const notes = sqliteTable(
  "notes",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    authorId: text("author_id").notNull(),
    body: text("body").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("notes_patient").on(t.patientId)],
);

export const followUps = sqliteTable(
  "follow_ups",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    dueDate: text("due_date").notNull(),
    doneAt: ms("done_at"),
    doneBy: text("done_by"),
    outcome: text("outcome"), // reached | not_reached | escalated
    note: text("note"),
    /** Why doses were missed, as the patient said on the call (MISSED_DOSE_REASONS). */
    missedDoseReasons: text("missed_dose_reasons", { mode: "json" }).$type<MissedDoseReason[]>(),
    escalationResolvedAt: ms("escalation_resolved_at"),
  },
  (t) => [index("follow_ups_patient").on(t.patientId, t.dueDate)],
);

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: text("actor_id").notNull(),
    role: text("role").notNull(),
    action: text("action").notNull(),
    patientId: text("patient_id"),
    /** JSON array of the patient ids a list or CSV read showed (access/audit.ts). */
    patientIds: text("patient_ids"),
    at: ms("at").notNull(),
  },
  (t) => [index("audit_patient").on(t.patientId, t.at), index("audit_at").on(t.at)],
);

export * from "../auth/schema";
export * from "../diary/schema-self-report";
export * from "../family/schema";
export * from "../programme/schema";
export * from "../reminders/schema";
export * from "../safety/schema";
export * from "../triage/schema";
