// Monthly self-reported medication taking (Hill-Bone medication-taking subscale, shared/self-report.ts).
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { patients } from "../db/schema";

export const selfReports = sqliteTable(
  "self_reports",
  {
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    /** YYYY-MM in the patient's zone: one answer set per month. */
    month: text("month").notNull(),
    /** The nine answers (1–4 or null), in HILL_BONE_ITEMS order. */
    answers: text("answers", { mode: "json" }).$type<(number | null)[]>().notNull(),
    /** Scored on write (prorated; null when too few answered), so lists need no recomputation. */
    score: real("score"),
    /** Canonical request body, for idempotent replays. */
    requestJson: text("request_json").notNull(),
    submittedAt: integer("submitted_at").notNull(),
  },
  (t) => [
    uniqueIndex("self_reports_patient_month").on(t.patientId, t.month),
    index("self_reports_patient").on(t.patientId),
  ],
);
