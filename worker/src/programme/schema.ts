// Tables of the rep and programme side (issue 6, ADR 0007): onboarding (clinic details, signed
// agreements, invites), code changes, admin-edited programme settings, and the precomputed
// per-patient programme figures with their running counts, which are all that the rep and
// programme dashboards read.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { clinics, programmes, users } from "../db/schema";

const ms = (name: string) => integer(name);

/** What the rep records about a clinic beyond `clinics` (name, city, level). */
export const clinicProfiles = sqliteTable("clinic_profiles", {
  clinicId: text("clinic_id")
    .primaryKey()
    .references(() => clinics.id),
  hospital: text("hospital"),
  department: text("department"),
  /** One of shared REGIONS; dashboards group clinics by it. */
  region: text("region").notNull(),
});

/** The clinic's signed agreement to join (a clinic may sign again, e.g. an amendment). */
export const clinicAgreements = sqliteTable(
  "clinic_agreements",
  {
    id: text("id").primaryKey(),
    clinicId: text("clinic_id")
      .notNull()
      .references(() => clinics.id),
    signedOn: text("signed_on").notNull(),
    documentRef: text("document_ref").notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: ms("recorded_at").notNull(),
  },
  (t) => [index("clinic_agreements_clinic").on(t.clinicId)],
);

/**
 * An invitation to join a clinic as doctor or assistant. Only the SHA-256 of the link's token is
 * stored; the token works once (`accepted_at`) and until `expires_at`.
 */
export const clinicInvites = sqliteTable(
  "clinic_invites",
  {
    id: text("id").primaryKey(),
    clinicId: text("clinic_id")
      .notNull()
      .references(() => clinics.id),
    email: text("email").notNull(),
    name: text("name"),
    role: text("role", { enum: ["doctor", "assistant"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by")
      .notNull()
      .references(() => users.id),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    acceptedAt: ms("accepted_at"),
    acceptedUserId: text("accepted_user_id"),
    /** Set when a newer invite for the same person and clinic replaces it. */
    revokedAt: ms("revoked_at"),
    /**
     * A rep's invite waits for a platform admin or a doctor of the clinic: until then it has no
     * usable token (the stored hash is of a discarded random value) and nothing is sent.
     */
    approvedAt: ms("approved_at"),
    approvedBy: text("approved_by"),
    /** When the link went out to the invitee (mail/SMS adapter). */
    sentAt: ms("sent_at"),
  },
  (t) => [index("clinic_invites_clinic").on(t.clinicId)],
);

/** Why an enrolment code was revoked, by whom, and which code replaced it. */
export const codeChanges = sqliteTable("code_changes", {
  code: text("code").primaryKey(),
  reason: text("reason").notNull(),
  changedBy: text("changed_by").notNull(),
  changedAt: ms("changed_at").notNull(),
  replacedBy: text("replaced_by"),
});

/** Programme settings an admin edits besides `programmes` (name, condition, targets, consent version). */
export const programmeSettings = sqliteTable("programme_settings", {
  programmeId: text("programme_id")
    .primaryKey()
    .references(() => programmes.id),
  /** EducationItem[] (shared programme-schemas). */
  education: text("education", { mode: "json" }).notNull(),
  /** The consent text shown to patients for `programmes.consent_version`. */
  consentText: text("consent_text"),
  updatedBy: text("updated_by"),
  updatedAt: ms("updated_at").notNull(),
});

/**
 * One row per enrolled patient: the programme figures of that patient as of `through` (their
 * local yesterday), recomputed daily and after changes (`refresh_after`). Month bits are
 * relative to `enrol_month` (bit j = month enrol_month + j, months as year·12 + month − 1).
 * Enrolment triggers create, move and delete rows; triggers on this table keep
 * `programme_counts` equal to the sums over it. Holds no identifying data and is never served.
 */
export const programmePatientStats = sqliteTable(
  "programme_patient_stats",
  {
    patientId: text("patient_id").primaryKey(),
    programmeId: text("programme_id").notNull(),
    clinicId: text("clinic_id").notNull(),
    enrolMonth: integer("enrol_month").notNull(),
    enrolDay: text("enrol_day"),
    /** Last local day included; null until first computed. */
    through: text("through"),
    computedAt: ms("computed_at"),
    /** Recompute at or after this instant (0: as soon as possible). */
    refreshAfter: ms("refresh_after").notNull().default(0),
    first90Done: integer("first90_done").notNull().default(0),
    first90WithDue: integer("first90_with_due").notNull().default(0),
    first90Covered: integer("first90_covered").notNull().default(0),
    first90Adherent: integer("first90_adherent").notNull().default(0),
    active7: integer("active7").notNull().default(0),
    bpAssessed: integer("bp_assessed").notNull().default(0),
    bpControlled: integer("bp_controlled").notNull().default(0),
    dueMask: integer("due_mask").notNull().default(0),
    adhMask: integer("adh_mask").notNull().default(0),
    actMask: integer("act_mask").notNull().default(0),
  },
  (t) => [index("programme_patient_stats_refresh").on(t.refreshAfter)],
);

/**
 * Running counts over `programme_patient_stats`, maintained by its triggers:
 * - measures n, act7, elig, adh90, bpa, bpc: per clinic and enrolment month (month 0);
 * - due, adh (patients with a due day / adherent in a calendar month): per clinic and month
 *   (enrol_month 0);
 * - act (patients who logged anything in a month): per enrolment month and month, programme-wide
 *   (clinic '').
 */
export const programmeCounts = sqliteTable(
  "programme_counts",
  {
    programmeId: text("programme_id").notNull(),
    clinicId: text("clinic_id").notNull(),
    enrolMonth: integer("enrol_month").notNull(),
    measure: text("measure").notNull(),
    month: integer("month").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.clinicId, t.enrolMonth, t.measure, t.month] })],
);

/** 0…52: lets the count triggers expand month bits (SQLite triggers cannot use CTEs). */
export const programmeBits = sqliteTable("programme_bits", {
  j: integer("j").primaryKey(),
});
