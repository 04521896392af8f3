// What the triage list and its from-scratch reference read about supply and visits: the soonest
// cached run-out of a patient's active plans and the next visit's date, as SQL for the roster
// query (one sub-select each, on indexed patient ids) and as one read for a list of patients.
import { daysBetween, type LocalDate, localDateOf, type TriageInput } from "@steady/shared";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../env";

/** `[runOutDate, drug]` of the plan that runs out first, or NULL. */
export function soonestRunOutSql(patientId: SQL): SQL {
  // The conditions match the partial index medication_plans_run_out (checked by supply-triage.test).
  return sql`(SELECT json_array(m.run_out_date, m.drug) FROM medication_plans m
    WHERE m.patient_id = ${patientId} AND m.run_out_date IS NOT NULL AND m.stopped_at IS NULL
    ORDER BY m.run_out_date LIMIT 1)`;
}

export function revisitDateSql(patientId: SQL): SQL {
  return sql`(SELECT v.date FROM revisits v WHERE v.patient_id = ${patientId})`;
}

export type SupplyVisitFacts = {
  runOut: [LocalDate, string] | null;
  revisitDate: LocalDate | null;
};

/** The triage inputs from the facts, with "today" in the patient's zone. */
export function supplyVisitInput(
  f: SupplyVisitFacts,
  today: LocalDate,
): Pick<TriageInput, "supply" | "revisit"> {
  return {
    supply: f.runOut
      ? { runOutDate: f.runOut[0], drug: f.runOut[1], daysLeft: daysBetween(today, f.runOut[0]) }
      : null,
    revisit: f.revisitDate ? { date: f.revisitDate, overdueDays: daysBetween(f.revisitDate, today) } : null,
  };
}

/** Memoised "today" per zone: the list formats it once per zone, not once per patient. */
export function todayByZone(now: number): (tz: string) => LocalDate {
  const memo = new Map<string, LocalDate>();
  return (tz) => {
    let d = memo.get(tz);
    if (d === undefined) {
      d = localDateOf(now, tz);
      memo.set(tz, d);
    }
    return d;
  };
}

export async function supplyVisitFacts(db: Db, patientIds: string[]): Promise<Map<string, SupplyVisitFacts>> {
  const out = new Map<string, SupplyVisitFacts>();
  if (!patientIds.length) return out;
  const rows = await db.all<{ id: string; r: string | null; v: string | null }>(sql`
    SELECT p.value AS id, ${soonestRunOutSql(sql`p.value`)} AS r, ${revisitDateSql(sql`p.value`)} AS v
    FROM json_each(${JSON.stringify(patientIds)}) p`);
  for (const row of rows) {
    out.set(row.id, { runOut: row.r ? (JSON.parse(row.r) as [string, string]) : null, revisitDate: row.v });
  }
  return out;
}
