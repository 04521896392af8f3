// Clinician care records besides calls: notes on a patient, the clinic's alert inbox, the clinic's
// staff (names for "who changed this"), a doctor's per-patient BP target and the patient's condition.
import { compareAlertUrgency, type NoteBody, type PatientCondition } from "@steady/shared";
import { and, desc, eq, gte, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { affected } from "../db/affected";
import {
  alerts,
  bpReadings,
  clinicMembers,
  enrolments,
  glucoseReadings,
  notes,
  patients,
  users,
} from "../db/schema";
import type { Db } from "../env";
import { staleError } from "../http/concurrency";
import { ProblemError } from "../http/problem";
import type { CreateOutcome } from "../records/idempotency";

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export interface NoteView {
  id: string;
  body: string;
  createdAt: string;
  author: { id: string; name: string };
}

export async function listNotes(db: Db, patientId: PatientRef): Promise<NoteView[]> {
  const rows = await db
    .select({ n: notes, author: users.name })
    .from(notes)
    .leftJoin(users, eq(users.id, notes.authorId))
    .where(eq(notes.patientId, patientId))
    .orderBy(desc(notes.createdAt));
  return rows.map(({ n, author }) => ({
    id: n.id,
    body: n.body,
    createdAt: iso(n.createdAt) as string,
    author: { id: n.authorId, name: author ?? "" },
  }));
}

/** Idempotent on the client's id: same note again → duplicate; the id reused otherwise → conflict. */
export async function addNote(
  db: Db,
  patientId: PatientRef,
  authorId: string,
  body: NoteBody,
  now: number,
): Promise<{ outcome: CreateOutcome; note: NoteView | null }> {
  const inserted = await db
    .insert(notes)
    .values({ id: body.id, patientId, authorId, body: body.body, createdAt: now })
    .onConflictDoNothing();
  const [stored] = await db.select().from(notes).where(eq(notes.id, body.id));
  if (
    !stored ||
    stored.patientId !== patientId ||
    stored.authorId !== authorId ||
    stored.body !== body.body
  ) {
    return { outcome: "conflict", note: null };
  }
  const note = (await listNotes(db, patientId)).find((n) => n.id === body.id) ?? null;
  return { outcome: affected(inserted) ? "created" : "duplicate", note };
}

export interface InboxAlert {
  id: string;
  kind: string;
  raisedAt: string;
  patient: { id: string; name: string };
  reading:
    | { kind: "bp"; systolic: number; diastolic: number; pulse: number | null }
    | { kind: "glucose"; value: number; context: string }
    | null;
  acknowledged: { by: { id: string; name: string }; at: string } | null;
}

/** How far back acknowledged alerts stay in the inbox (so "who acknowledged" can be checked). */
export const ACKED_VISIBLE_DAYS = 14;

/**
 * The clinic's alerts, open ones first — most urgent first (ADR 0012: critical before serious,
 * then newest, so a fresh crisis is at the top) — then those acknowledged in the last
 * ACKED_VISIBLE_DAYS, most recently acknowledged first.
 */
export async function alertInbox(
  db: Db,
  clinicIds: string[],
  status: "open" | "all",
  now: number,
): Promise<InboxAlert[]> {
  if (!clinicIds.length) return [];
  const ackedBy = sql<string | null>`(SELECT name FROM users WHERE users.id = ${alerts.acknowledgedBy})`;
  const rows = await db
    .select({
      a: alerts,
      name: patients.name,
      ackedByName: ackedBy,
      bpSys: bpReadings.systolic,
      bpDia: bpReadings.diastolic,
      pulse: bpReadings.pulse,
      mmol: glucoseReadings.mmol,
      context: glucoseReadings.context,
    })
    .from(alerts)
    .innerJoin(patients, eq(patients.id, alerts.patientId))
    .leftJoin(bpReadings, eq(bpReadings.id, alerts.readingId))
    .leftJoin(glucoseReadings, eq(glucoseReadings.id, alerts.readingId))
    .where(
      and(
        inArray(
          alerts.patientId,
          db
            .select({ id: enrolments.patientId })
            .from(enrolments)
            .where(inArray(enrolments.clinicId, clinicIds)),
        ),
        status === "open"
          ? isNull(alerts.acknowledgedAt)
          : or(
              isNull(alerts.acknowledgedAt),
              and(
                isNotNull(alerts.acknowledgedAt),
                gte(alerts.acknowledgedAt, now - ACKED_VISIBLE_DAYS * 86_400_000),
              ),
            ),
      ),
    )
    // Open alerts are never cut off by the limit.
    .orderBy(sql`${alerts.acknowledgedAt} IS NOT NULL`, desc(alerts.acknowledgedAt))
    .limit(500);
  const raisedAt = new Map(rows.map((r) => [r.a.id, r.a.raisedAt]));
  const views = rows.map(
    (r): InboxAlert => ({
      id: r.a.id,
      kind: r.a.kind,
      raisedAt: iso(r.a.raisedAt) as string,
      patient: { id: r.a.patientId, name: r.name ?? "" },
      reading:
        r.bpSys != null && r.bpDia != null
          ? { kind: "bp", systolic: r.bpSys, diastolic: r.bpDia, pulse: r.pulse }
          : r.mmol != null
            ? { kind: "glucose", value: r.mmol, context: r.context ?? "" }
            : null,
      acknowledged:
        r.a.acknowledgedAt != null && r.a.acknowledgedBy != null
          ? {
              by: { id: r.a.acknowledgedBy, name: r.ackedByName ?? "" },
              at: iso(r.a.acknowledgedAt) as string,
            }
          : null,
    }),
  );
  const stamp = (v: InboxAlert) => ({ kind: v.kind, raisedAt: raisedAt.get(v.id) as number });
  const open = views
    .filter((v) => !v.acknowledged)
    .sort((a, b) => compareAlertUrgency(stamp(a), stamp(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const done = views
    .filter((v) => v.acknowledged)
    .sort((a, b) => (b.acknowledged?.at ?? "").localeCompare(a.acknowledged?.at ?? ""));
  return [...open, ...done];
}

export async function clinicStaff(db: Db, clinicIds: string[]) {
  if (!clinicIds.length) return [];
  const rows = await db
    .selectDistinct({ id: users.id, name: users.name, role: clinicMembers.role })
    .from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(inArray(clinicMembers.clinicId, clinicIds));
  return rows.sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/** Sets (or with null clears) the patient's home-BP target; the programme default applies when clear. */
export interface TargetsView {
  /** The doctor's home-BP target; null → the programme default applies. */
  bp: { systolic: number; diastolic: number } | null;
  usesProgrammeDefault: boolean;
  version: number;
}

export interface ConditionView {
  condition: PatientCondition | null;
  version: number;
}

async function careFields(db: Db, patientId: string) {
  const [p] = await db
    .select({
      systolic: patients.bpTargetSystolic,
      diastolic: patients.bpTargetDiastolic,
      targetVersion: patients.bpTargetVersion,
      condition: patients.condition,
      conditionVersion: patients.conditionVersion,
    })
    .from(patients)
    .where(eq(patients.id, patientId));
  if (!p) throw new ProblemError(404, "patient not found");
  return p;
}

export async function targetsOf(db: Db, patientId: string): Promise<TargetsView> {
  const p = await careFields(db, patientId);
  const bp =
    p.systolic != null && p.diastolic != null ? { systolic: p.systolic, diastolic: p.diastolic } : null;
  return { bp, usesProgrammeDefault: bp === null, version: p.targetVersion };
}

export async function conditionOf(db: Db, patientId: string): Promise<ConditionView> {
  const p = await careFields(db, patientId);
  return { condition: p.condition ?? null, version: p.conditionVersion };
}

/** Sets (or with null clears) the patient's BP target if it is still at `expectedVersion` (ADR 0011). */
export async function setBpTarget(
  db: Db,
  patientId: PatientRef,
  bp: { systolic: number; diastolic: number } | null,
  expectedVersion: number,
): Promise<TargetsView> {
  const result = await db
    .update(patients)
    .set({
      bpTargetSystolic: bp?.systolic ?? null,
      bpTargetDiastolic: bp?.diastolic ?? null,
      bpTargetVersion: sql`${patients.bpTargetVersion} + 1`,
    })
    .where(and(eq(patients.id, patientId), eq(patients.bpTargetVersion, expectedVersion)));
  const now = await targetsOf(db, patientId);
  if (affected(result) !== 1) throw staleError("target", { ...now });
  return now;
}

/**
 * Sets, corrects or (with null) clears what the patient is treated for (ADR 0008), if it is still
 * at `expectedVersion` (ADR 0011).
 */
export async function setCondition(
  db: Db,
  patientId: PatientRef,
  condition: PatientCondition | null,
  expectedVersion: number,
): Promise<ConditionView> {
  const result = await db
    .update(patients)
    .set({ condition, conditionVersion: sql`${patients.conditionVersion} + 1` })
    .where(and(eq(patients.id, patientId), eq(patients.conditionVersion, expectedVersion)));
  const now = await conditionOf(db, patientId);
  if (affected(result) !== 1) throw staleError("condition", { ...now });
  return now;
}

/** What a patient's enrolment says about the call cycle and their clock. */
export async function enrolmentOf(db: Db, patientId: PatientRef) {
  const [row] = await db
    .select({ enrolledAt: enrolments.enrolledAt, timezone: patients.timezone })
    .from(enrolments)
    .innerJoin(patients, eq(patients.id, enrolments.patientId))
    .where(eq(enrolments.patientId, patientId))
    .limit(1);
  return row ?? null;
}
