// Export (PIPL art. 45) and erasure (art. 47) of everything the registry lists about a patient.
import { sql } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { driverOf } from "../db/driver";
import type { patients } from "../db/schema";
import type { Db } from "../env";
import { CUSTOM_EXPORTS, PATIENT_TABLES } from "./data-registry";

type Row = Record<string, unknown>;
const strip = (rows: Row[]) => rows.map(({ requestJson: _r, patientId: _p, ...rest }) => rest);

/** Every registered table's rows about the patient, under its export key (custom keys excluded). */
export async function registeredRecords(db: Db, patient: PatientRef): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const e of PATIENT_TABLES) {
    if (!e.export || CUSTOM_EXPORTS.has(e.export)) continue;
    const table = e.table as typeof patients; // any registered table, selected whole
    const rows = (await db.select().from(table).where(e.rowsOf(db, patient))) as Row[];
    out[e.export] = strip(e.exportRow ? rows.map(e.exportRow) : rows);
  }
  return out;
}

export interface AccessLogEntry {
  at: string;
  role: string;
  name: string | null;
  action: string;
}

/**
 * Who read or changed the patient's record, and when: every audit row about them (alone, or among
 * the patients a list or CSV showed) written by someone other than the patient.
 */
export async function accessLog(db: Db, patient: PatientRef, limit = 1000): Promise<AccessLogEntry[]> {
  const rows = await db.all<{ at: number; role: string; action: string; name: string | null }>(sql`
    SELECT a.at AS at, a.role AS role, a.action AS action,
           coalesce(u.name, (SELECT fl.label FROM family_links fl
                             WHERE fl.follower_id = a.actor_id AND fl.patient_id = ${patient} LIMIT 1)) AS name
    FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
    WHERE a.actor_id <> ${patient}
      AND (a.patient_id = ${patient}
           OR (a.patient_ids IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(a.patient_ids) WHERE value = ${patient})))
    ORDER BY a.at DESC, a.id DESC
    LIMIT ${limit}`);
  return rows.map((r) => ({
    at: new Date(Number(r.at)).toISOString(),
    role: r.role,
    name: r.name ?? null,
    action: r.action,
  }));
}

/**
 * Erases the patient in one atomic batch: kept rows are pseudonymised, every other registered
 * row is deleted. On a local libSQL file the freed pages are overwritten
 * (secure_delete, set at open) and the WAL is checkpointed and truncated, so the erased text is
 * gone from the files, not only from query results (patient-erasure.test.ts greps the files).
 */
export async function erasePatient(db: Db, patient: PatientRef): Promise<void> {
  const pseudonymise = PATIENT_TABLES.flatMap((e) =>
    e.erase === "keep" && e.pseudonymise ? [e.pseudonymise(db, patient)] : [],
  );
  const deletes = PATIENT_TABLES.filter((e) => e.erase === "delete").map((e) =>
    db.delete(e.table as typeof patients).where(e.rowsOf(db, patient)),
  );
  await db.batch([...pseudonymise, ...deletes] as never);
  await flushErasedPages(db);
}

async function flushErasedPages(db: Db) {
  const d = driverOf(db);
  if (d.kind !== "libsql") return; // D1 manages its own storage
  // A reader may hold the WAL open for a moment; TRUNCATE then reports busy, so try a few times.
  for (let i = 0; i < 5; i++) {
    try {
      const r = await d.client.execute({ sql: "PRAGMA wal_checkpoint(TRUNCATE)", args: [] });
      const busy = Number((r.rows[0] as unknown as ArrayLike<unknown> | undefined)?.[0] ?? 0);
      if (!busy) return;
    } catch {
      return; // not a WAL database (a remote libSQL server checkpoints itself)
    }
    await new Promise((r) => setTimeout(r, 20 * (i + 1)));
  }
}
