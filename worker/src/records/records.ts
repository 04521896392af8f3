// Logging doses and readings: one code path for the single routes and for /me/sync.
// Each write is one atomic batch: the fact, the day's rollup recomputed from the facts, the
// alert (if any) and the patient's last activity. Replays recompute the same rollup, so they
// never double-count.

import {
  type AlertKind,
  type BpBody,
  bpAdvice,
  bpAlert,
  bpCategory,
  type DoseBody,
  type GlucoseBody,
  glucoseAlert,
  glucoseCategory,
  localDateOf,
  type MissedDoseReason,
  toMmol,
} from "@steady/shared";
import { eq } from "drizzle-orm";
import { affected } from "../db/affected";
import { isExtraDose } from "../db/dose-events";
import { bpReadings, doseEvents, glucoseReadings } from "../db/schema";
import { type RawStatement, writeBatch } from "../db/write-batch";
import type { Db, PatientContext } from "../env";
import { type CreateOutcome, canonicalJson, replayOutcome } from "../http/idempotency";
import { ProblemError } from "../http/problem";
import { doseTarget, isVersionSlot } from "../plans/plans";

const iso = (ms: number) => new Date(ms).toISOString();
/** A reading may be logged a little ahead of the server clock (phone clocks drift), not more. */
const MAX_CLOCK_SKEW_MS = 10 * 60_000;

export interface Written<T> {
  outcome: CreateOutcome;
  record: T;
}

function notInFuture(at: number, now: number, path: string) {
  if (at > now + MAX_CLOCK_SKEW_MS) {
    throw new ProblemError(422, "time is in the future", [{ path, message: "must not be in the future" }]);
  }
}

// The write statements are raw SQL, not query builders: building three builders cost more CPU
// than running the statements (ADR 0009). writeBatch runs them atomically on libSQL and D1. They
// are fixed strings with positional arguments (no `sql` template to rebuild per request).
const TOUCH = "UPDATE patients SET last_activity_at = max(coalesce(last_activity_at, 0), ?) WHERE id = ?";
function touch(patientId: string, now: number): RawStatement {
  return { sql: TOUCH, args: [now, patientId] };
}

/**
 * Runs a write whose first statement inserts the fact (ON CONFLICT DO NOTHING). When nothing was
 * inserted the id is already stored (a retry, a replay or a concurrent twin): the answer is that
 * of a replay, from the stored row.
 */
async function writeOnce<Row extends { patientId: string; requestJson: string }, T>(
  db: Db,
  row: Row,
  statements: RawStatement[],
  load: () => Promise<Row | undefined>,
  present: (r: Row) => T,
): Promise<Written<T>> {
  const [inserted] = await writeBatch(db, statements);
  if (affected(inserted) !== 0) return { outcome: "created", record: present(row) };
  const stored = await load();
  return { outcome: replayOutcome(stored, row.patientId, row.requestJson), record: present(stored ?? row) };
}

// --- doses -------------------------------------------------------------------

export interface DoseRecord {
  id: string;
  planId: string;
  scheduledAt: string;
  status: "taken" | "skipped";
  at: string;
  recordedAt: string;
  /** A confirmed extra dose for a slot already taken. */
  extra?: true;
  /** Why a skipped dose was skipped, when the patient said. */
  skipReason?: MissedDoseReason;
}

const doseRecord = (r: typeof doseEvents.$inferSelect): DoseRecord => ({
  id: r.id,
  planId: r.planId,
  scheduledAt: iso(r.scheduledAt),
  status: r.status,
  at: iso(r.at),
  recordedAt: iso(r.recordedAt),
  ...(isExtraDose(r) ? { extra: true } : {}),
  ...(skipReasonOf(r) ? { skipReason: skipReasonOf(r) } : {}),
});

/** Like the extra-dose mark, the skip reason is part of the stored request (the fact itself). */
export function skipReasonOf(r: { status: string; requestJson: string }): MissedDoseReason | undefined {
  if (r.status !== "skipped") return undefined;
  try {
    return (JSON.parse(r.requestJson) as { skipReason?: MissedDoseReason }).skipReason;
  } catch {
    return undefined;
  }
}

// The select yields every patient_days column in table order; only this fact's columns are updated.
// The latest event of each slot decides it (docs/definitions.md: corrections supersede).
const RECOMPUTE_DOSE_DAY = `
    INSERT INTO patient_days
    SELECT ?, ?, coalesce(sum(status = 'taken'), 0), coalesce(sum(status = 'skipped'), 0), 0, 0, 0, 0, 0, 0
    FROM (
      SELECT status, row_number() OVER (PARTITION BY plan_id, scheduled_at ORDER BY recorded_at DESC, rowid DESC) AS rn
      FROM dose_events WHERE patient_id = ? AND local_date = ?
    ) WHERE rn = 1
    ON CONFLICT (patient_id, local_date) DO UPDATE SET taken = excluded.taken, skipped = excluded.skipped`;
function recomputeDoseDay(patientId: string, localDate: string): RawStatement {
  return { sql: RECOMPUTE_DOSE_DAY, args: [patientId, localDate, patientId, localDate] };
}

const INSERT_DOSE = `
    INSERT INTO dose_events (id, patient_id, plan_id, scheduled_at, local_date, status, at, recorded_at, request_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`;
function insertDose(r: typeof doseEvents.$inferInsert): RawStatement {
  return {
    sql: INSERT_DOSE,
    args: [
      r.id,
      r.patientId,
      r.planId,
      r.scheduledAt,
      r.localDate,
      r.status,
      r.at,
      r.recordedAt,
      r.requestJson,
    ],
  };
}

/** A dose written; `supplyCached`: its plan keeps a cached run-out that the dose may move. */
export interface WrittenDose extends Written<DoseRecord> {
  supplyCached: boolean;
}

export async function recordDose(
  db: Db,
  p: PatientContext,
  body: DoseBody,
  now: number,
): Promise<WrittenDose> {
  const requestJson = canonicalJson(body);
  const { versions, supplyCached } = await doseTarget(db, p.patientId, body.planId);
  if (!versions.length) {
    throw new ProblemError(422, "unknown medication plan", [
      { path: "planId", message: "no such plan for this patient" },
    ]);
  }
  if (!isVersionSlot(versions, body.scheduledAt, p.timezone)) {
    throw new ProblemError(422, "not a scheduled dose of this plan", [
      { path: "scheduledAt", message: "does not match a scheduled time of the plan" },
    ]);
  }
  notInFuture(body.scheduledAt - 24 * 3600_000, now, "scheduledAt"); // logging ahead is allowed within a day
  const at = body.at ?? now;
  notInFuture(at, now, "at");
  const row = {
    id: body.id,
    patientId: p.patientId,
    planId: body.planId,
    scheduledAt: body.scheduledAt,
    localDate: localDateOf(body.scheduledAt, p.timezone),
    status: body.status,
    at,
    recordedAt: now,
    requestJson,
  };
  const written = await writeOnce(
    db,
    row,
    [insertDose(row), recomputeDoseDay(p.patientId, row.localDate), touch(p.patientId, now)],
    () => loadDose(db, body.id),
    doseRecord,
  );
  return { ...written, supplyCached };
}

async function loadDose(db: Db, id: string) {
  const [r] = await db.select().from(doseEvents).where(eq(doseEvents.id, id));
  return r;
}

// --- blood pressure ---------------------------------------------------------------

export interface AlertInfo {
  id: string;
  kind: AlertKind;
}

export interface BpRecord {
  id: string;
  systolic: number;
  diastolic: number;
  pulse: number | null;
  measuredAt: string;
  category: string;
  advice: string;
  alert?: AlertInfo;
}

/** A stored BP reading as the API shows it (readings lists and the logged record alike). */
export function bpReadingView(r: typeof bpReadings.$inferSelect) {
  return {
    id: r.id,
    systolic: r.systolic,
    diastolic: r.diastolic,
    pulse: r.pulse,
    measuredAt: iso(r.measuredAt),
    category: r.category,
  };
}

function bpRecord(r: typeof bpReadings.$inferSelect, p: PatientContext): BpRecord {
  const kind = bpAlert(r.systolic, r.diastolic, p.thresholds.bp);
  return {
    ...bpReadingView(r),
    advice: bpAdvice(bpCategory(r.systolic, r.diastolic), kind),
    ...(kind ? { alert: { id: alertId(r.id), kind } } : {}),
  };
}

/** An alert's id derives from its reading, so a replay can never raise it twice. */
const alertId = (readingId: string) => `alert-${readingId}`;

const RECOMPUTE_BP_DAY = `
    INSERT INTO patient_days
    SELECT ?, ?, 0, 0, count(*), coalesce(sum(systolic), 0), coalesce(sum(diastolic), 0), 0, 0, 0
    FROM bp_readings WHERE patient_id = ? AND local_date = ?
    ON CONFLICT (patient_id, local_date) DO UPDATE
      SET bp_n = excluded.bp_n, bp_sys_sum = excluded.bp_sys_sum, bp_dia_sum = excluded.bp_dia_sum`;
function recomputeBpDay(patientId: string, localDate: string): RawStatement {
  return { sql: RECOMPUTE_BP_DAY, args: [patientId, localDate, patientId, localDate] };
}

const INSERT_BP = `
    INSERT INTO bp_readings (id, patient_id, systolic, diastolic, pulse, measured_at, local_date, category, recorded_at, request_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`;
function insertBp(r: typeof bpReadings.$inferInsert): RawStatement {
  return {
    sql: INSERT_BP,
    args: [
      r.id,
      r.patientId,
      r.systolic,
      r.diastolic,
      r.pulse ?? null,
      r.measuredAt,
      r.localDate,
      r.category,
      r.recordedAt,
      r.requestJson,
    ],
  };
}

const INSERT_ALERT = `
    INSERT INTO alerts (id, patient_id, kind, reading_id, raised_at)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`;
function insertAlert(readingId: string, patientId: string, kind: AlertKind, now: number): RawStatement {
  return { sql: INSERT_ALERT, args: [alertId(readingId), patientId, kind, readingId, now] };
}

export async function recordBp(
  db: Db,
  p: PatientContext,
  body: BpBody,
  now: number,
): Promise<Written<BpRecord>> {
  const requestJson = canonicalJson(body);
  notInFuture(body.measuredAt, now, "measuredAt");

  const row = {
    id: body.id,
    patientId: p.patientId,
    systolic: body.systolic,
    diastolic: body.diastolic,
    pulse: body.pulse ?? null,
    measuredAt: body.measuredAt,
    localDate: localDateOf(body.measuredAt, p.timezone),
    category: bpCategory(body.systolic, body.diastolic),
    recordedAt: now,
    requestJson,
  };
  const kind = bpAlert(body.systolic, body.diastolic, p.thresholds.bp);
  return writeOnce(
    db,
    row,
    [
      insertBp(row),
      recomputeBpDay(p.patientId, row.localDate),
      touch(p.patientId, now),
      ...(kind ? [insertAlert(row.id, p.patientId, kind, now)] : []),
    ],
    () => loadBp(db, body.id),
    (r) => bpRecord(r, p),
  );
}

async function loadBp(db: Db, id: string) {
  const [r] = await db.select().from(bpReadings).where(eq(bpReadings.id, id));
  return r;
}

// --- glucose -------------------------------------------------------------------

export interface GlucoseRecord {
  id: string;
  value: number;
  unit: "mmol/L";
  context: string;
  measuredAt: string;
  category: string;
  alert?: AlertInfo;
}

/** A stored glucose reading as the API shows it (readings lists and the logged record alike). */
export function glucoseReadingView(r: typeof glucoseReadings.$inferSelect) {
  return {
    id: r.id,
    value: r.mmol,
    unit: "mmol/L" as const,
    context: r.context,
    measuredAt: iso(r.measuredAt),
    category: r.category,
  };
}

function glucoseRecord(r: typeof glucoseReadings.$inferSelect, p: PatientContext): GlucoseRecord {
  const kind = glucoseAlert(r.mmol, p.thresholds.glucose);
  return {
    ...glucoseReadingView(r),
    ...(kind ? { alert: { id: alertId(r.id), kind } } : {}),
  };
}

const RECOMPUTE_GLUCOSE_DAY = `
    INSERT INTO patient_days
    SELECT ?, ?, 0, 0, 0, 0, 0, count(*), coalesce(sum(mmol < ?), 0), coalesce(sum(mmol > ?), 0)
    FROM glucose_readings WHERE patient_id = ? AND local_date = ?
    ON CONFLICT (patient_id, local_date) DO UPDATE
      SET glu_n = excluded.glu_n, glu_hypo = excluded.glu_hypo, glu_hyper = excluded.glu_hyper`;
function recomputeGlucoseDay(patientId: string, localDate: string, low: number, high: number): RawStatement {
  return { sql: RECOMPUTE_GLUCOSE_DAY, args: [patientId, localDate, low, high, patientId, localDate] };
}

const INSERT_GLUCOSE = `
    INSERT INTO glucose_readings (id, patient_id, mmol, context, measured_at, local_date, category, recorded_at, request_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`;
function insertGlucose(r: typeof glucoseReadings.$inferInsert): RawStatement {
  return {
    sql: INSERT_GLUCOSE,
    args: [
      r.id,
      r.patientId,
      r.mmol,
      r.context,
      r.measuredAt,
      r.localDate,
      r.category,
      r.recordedAt,
      r.requestJson,
    ],
  };
}

export async function recordGlucose(
  db: Db,
  p: PatientContext,
  body: GlucoseBody,
  now: number,
): Promise<Written<GlucoseRecord>> {
  const requestJson = canonicalJson(body);
  notInFuture(body.measuredAt, now, "measuredAt");
  const t = p.thresholds.glucose;
  const mmol = toMmol(body.value, body.unit);
  const row = {
    id: body.id,
    patientId: p.patientId,
    mmol,
    context: body.context,
    measuredAt: body.measuredAt,
    localDate: localDateOf(body.measuredAt, p.timezone),
    category: glucoseCategory(mmol, body.context, t),
    recordedAt: now,
    requestJson,
  };
  const kind = glucoseAlert(mmol, t);
  return writeOnce(
    db,
    row,
    [
      insertGlucose(row),
      recomputeGlucoseDay(p.patientId, row.localDate, t.hypoL1, t.nonFastingHigh),
      touch(p.patientId, now),
      ...(kind ? [insertAlert(row.id, p.patientId, kind, now)] : []),
    ],
    () => loadGlucose(db, body.id),
    (r) => glucoseRecord(r, p),
  );
}

async function loadGlucose(db: Db, id: string) {
  const [r] = await db.select().from(glucoseReadings).where(eq(glucoseReadings.id, id));
  return r;
}
