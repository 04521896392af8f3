// Rebuild the per-day rollups from the facts in one pass (after a bulk load or to repair).
// The per-write path (records.ts) recomputes a single patient-day with the same rules. Raw
// statements go through writeBatch (Drizzle's D1 batch cannot run them with parameters).
import { type SQL, sql } from "drizzle-orm";
import { writeBatch } from "../db/write-batch";
import type { Db } from "../env";

export async function rebuildRollups(db: Db, hypoBelow: number, hyperAbove: number, where: SQL = sql`1`) {
  await writeBatch(db, [
    sql`DELETE FROM patient_days WHERE ${where}`,
    sql`
      INSERT INTO patient_days (patient_id, local_date, taken, skipped)
      SELECT patient_id, local_date, sum(status = 'taken'), sum(status = 'skipped')
      FROM (
        SELECT patient_id, local_date, status,
          row_number() OVER (PARTITION BY plan_id, scheduled_at ORDER BY recorded_at DESC, rowid DESC) AS rn
        FROM dose_events WHERE ${where}
      ) WHERE rn = 1
      GROUP BY patient_id, local_date`,
    sql`
      INSERT INTO patient_days (patient_id, local_date, bp_n, bp_sys_sum, bp_dia_sum)
      SELECT patient_id, local_date, count(*), sum(systolic), sum(diastolic)
      FROM bp_readings WHERE ${where} GROUP BY patient_id, local_date
      ON CONFLICT (patient_id, local_date) DO UPDATE
        SET bp_n = excluded.bp_n, bp_sys_sum = excluded.bp_sys_sum, bp_dia_sum = excluded.bp_dia_sum`,
    sql`
      INSERT INTO patient_days (patient_id, local_date, glu_n, glu_hypo, glu_hyper)
      SELECT patient_id, local_date, count(*), sum(mmol < ${hypoBelow}), sum(mmol > ${hyperAbove})
      FROM glucose_readings WHERE ${where} GROUP BY patient_id, local_date
      ON CONFLICT (patient_id, local_date) DO UPDATE
        SET glu_n = excluded.glu_n, glu_hypo = excluded.glu_hypo, glu_hyper = excluded.glu_hyper`,
  ]);
}
