// The one list of tables that hold data about a patient, and what happens to each on export
// (PIPL art. 45: the patient may have all of it) and on erasure (art. 47). Export and erasure
// are both driven from here, and patient-data-registry.test.ts fails when a table that holds
// patient data is missing, so a new feature cannot forget either.
import { eq, getTableName, inArray, or, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { isExtraDose } from "../db/dose-events";
import {
  alerts,
  auditEvents,
  bpReadings,
  doseEvents,
  enrolments,
  familyLinks,
  familyNotices,
  followUps,
  glucoseReadings,
  medicationPlans,
  notes,
  patientDays,
  patientSessions,
  patients,
  planRefills,
  planRevisions,
  programmePatientStats,
  reminderChannels,
  reminderReach,
  reminderSends,
  reminderSettings,
  revisits,
  selfReports,
  smsContacts,
  subscriptionGrants,
  subscriptionQuota,
  triageSnapshots,
} from "../db/schema";
import type { Db } from "../env";
import { pseudonymiseCases } from "../safety/retention";
import { safetyCases } from "../safety/schema";

export interface PatientTable {
  table: SQLiteTable;
  /** The rows about (or, for family tables, also by) this patient. */
  rowsOf: (db: Db, patientId: string) => SQL | undefined;
  /**
   * The key under which the rows appear in the export, or null with `why` for what is not a
   * record of its own (derived rollups, secrets). Keys shaped by a feature are listed in
   * CUSTOM_EXPORTS and filled by that feature's exporter.
   */
  export: string | null;
  /**
   * "delete": gone on erasure. "keep": kept by a legal duty, with `why`; such rows hold ids only
   * or are pseudonymised by the feature that owns them (`pseudonymise`).
   */
  erase: "delete" | "keep";
  why?: string;
  /** Shapes an exported row (before `requestJson` is dropped), e.g. to say a dose was an extra one. */
  exportRow?: (row: Record<string, unknown>) => Record<string, unknown>;
  /** For kept rows that carry identifying details: strips them (run before the deletes). */
  pseudonymise?: (db: Db, patientId: string) => ReturnType<typeof pseudonymiseCases>;
}

const byPatient =
  <T extends { patientId: unknown }>(t: T & SQLiteTable) =>
  (_db: Db, id: string) =>
    eq(t.patientId as never, id);

/** In erasure order: children before the rows they reference; `patients` last. */
export const PATIENT_TABLES: PatientTable[] = [
  {
    table: doseEvents,
    rowsOf: byPatient(doseEvents),
    export: "doses",
    erase: "delete",
    exportRow: (r) => (isExtraDose(r as never) ? { ...r, extra: true } : r),
  },
  { table: bpReadings, rowsOf: byPatient(bpReadings), export: "bloodPressure", erase: "delete" },
  { table: glucoseReadings, rowsOf: byPatient(glucoseReadings), export: "glucose", erase: "delete" },
  { table: alerts, rowsOf: byPatient(alerts), export: "alerts", erase: "delete" },
  { table: notes, rowsOf: byPatient(notes), export: "notes", erase: "delete" },
  { table: followUps, rowsOf: byPatient(followUps), export: "followUpCalls", erase: "delete" },
  {
    table: patientDays,
    rowsOf: byPatient(patientDays),
    export: null,
    why: "daily rollup computed from the doses and readings that are exported",
    erase: "delete",
  },
  {
    table: triageSnapshots,
    rowsOf: byPatient(triageSnapshots),
    export: null,
    why: "cache of the triage row, computed from exported records",
    erase: "delete",
  },
  {
    table: programmePatientStats,
    rowsOf: byPatient(programmePatientStats),
    export: null,
    why: "per-patient input to anonymous programme counts, computed from exported records",
    erase: "delete",
  },
  {
    table: planRevisions,
    rowsOf: (db, id) =>
      inArray(
        planRevisions.planId,
        db.select({ id: medicationPlans.id }).from(medicationPlans).where(eq(medicationPlans.patientId, id)),
      ),
    export: "plans",
    erase: "delete",
  },
  { table: planRefills, rowsOf: byPatient(planRefills), export: "refills", erase: "delete" },
  { table: revisits, rowsOf: byPatient(revisits), export: "revisit", erase: "delete" },
  { table: medicationPlans, rowsOf: byPatient(medicationPlans), export: "plans", erase: "delete" },
  { table: reminderSends, rowsOf: byPatient(reminderSends), export: "reminders", erase: "delete" },
  {
    table: subscriptionQuota,
    rowsOf: byPatient(subscriptionQuota),
    export: "reminderQuota",
    erase: "delete",
  },
  {
    table: subscriptionGrants,
    rowsOf: byPatient(subscriptionGrants),
    export: "reminderSubscriptions",
    erase: "delete",
  },
  {
    table: reminderSettings,
    rowsOf: byPatient(reminderSettings),
    export: "reminderSettings",
    erase: "delete",
  },
  {
    table: reminderChannels,
    rowsOf: byPatient(reminderChannels),
    export: "reminderChannels",
    erase: "delete",
  },
  { table: reminderReach, rowsOf: byPatient(reminderReach), export: "reminderReach", erase: "delete" },
  { table: smsContacts, rowsOf: byPatient(smsContacts), export: "sms", erase: "delete" },
  {
    table: familyNotices,
    rowsOf: (_db, id) => or(eq(familyNotices.patientId, id), eq(familyNotices.followerId, id)),
    export: "familyNotices",
    erase: "delete",
  },
  {
    table: familyLinks,
    rowsOf: (_db, id) => or(eq(familyLinks.patientId, id), eq(familyLinks.followerId, id)),
    export: "familyLinks",
    erase: "delete",
  },
  { table: selfReports, rowsOf: byPatient(selfReports), export: "selfReports", erase: "delete" },
  { table: enrolments, rowsOf: byPatient(enrolments), export: "enrolments", erase: "delete" },
  {
    table: patientSessions,
    rowsOf: byPatient(patientSessions),
    export: null,
    why: "session token hashes: secrets, not data about the patient",
    erase: "delete",
  },
  {
    table: safetyCases,
    rowsOf: byPatient(safetyCases),
    export: "safetyReports",
    erase: "keep",
    why: "adverse-event cases are kept by law (GVP 2021 art. 113); erasure strips name and phone and restricts them",
    pseudonymise: pseudonymiseCases,
  },
  {
    table: auditEvents,
    rowsOf: (_db, id) => eq(auditEvents.patientId, id),
    export: "accessLog",
    erase: "keep",
    why: "who read or changed the record, kept for accountability; it holds ids and actions, no content",
  },
  { table: patients, rowsOf: (_db, id) => eq(patients.id, id), export: "profile", erase: "delete" },
];

/** Export keys filled by a feature's own exporter (shapes the patient can read). */
export const CUSTOM_EXPORTS = new Set(["plans", "profile", "accessLog", "familyLinks", "familyNotices"]);

export const tableNameOf = (e: PatientTable) => getTableName(e.table);
