// The patient's next visit (复诊): one row per patient, set by the patient or a clinician of
// their clinic; a PUT replaces it (so it is idempotent by nature). "Overdue" — the date passed
// and no newer visit was set — is read by the triage list and the call worklist.
import type { RevisitBody } from "@steady/shared";
import { localDateOf } from "@steady/shared";
import { eq } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { patients, revisits } from "../db/schema";
import type { Db } from "../env";
import { ProblemError } from "../http/problem";

export interface RevisitView {
  date: string;
  hospital: string | null;
  department: string | null;
  /** "patient" or "clinician": who set it last. */
  setBy: "patient" | "clinician";
  setAt: string;
  /** The date passed (in the patient's zone) and no newer visit was set. */
  overdue: boolean;
}

export async function getRevisit(db: Db, patientId: PatientRef, now: number): Promise<RevisitView | null> {
  const [row] = await db
    .select({ r: revisits, tz: patients.timezone })
    .from(revisits)
    .innerJoin(patients, eq(patients.id, revisits.patientId))
    .where(eq(revisits.patientId, patientId));
  if (!row) return null;
  return {
    date: row.r.date,
    hospital: row.r.hospital,
    department: row.r.department,
    setBy: row.r.setBy === "patient" ? "patient" : "clinician",
    setAt: new Date(row.r.setAt).toISOString(),
    overdue: row.r.date < localDateOf(now, row.tz),
  };
}

/**
 * Sets the next visit. A date before today (the patient's zone) is refused: a past visit is
 * not a "next" one, and accepting it would make the patient overdue at once.
 */
export async function putRevisit(
  db: Db,
  patientId: PatientRef,
  body: RevisitBody,
  now: number,
  setBy: string,
): Promise<RevisitView> {
  const [p] = await db.select({ tz: patients.timezone }).from(patients).where(eq(patients.id, patientId));
  if (!p) throw new ProblemError(404, "patient not found");
  if (body.date < localDateOf(now, p.tz)) {
    throw new ProblemError(422, "invalid request body", [
      { path: "date", message: "must not be before today" },
    ]);
  }
  const row = {
    patientId,
    date: body.date,
    hospital: body.hospital ?? null,
    department: body.department ?? null,
    setBy,
    setAt: now,
  };
  await db
    .insert(revisits)
    .values(row)
    .onConflictDoUpdate({
      target: revisits.patientId,
      set: { date: row.date, hospital: row.hospital, department: row.department, setBy, setAt: now },
    });
  return (await getRevisit(db, patientId, now)) as RevisitView;
}
