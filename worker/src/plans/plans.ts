// Medication plans keep every revision, so a change of times never rewrites which doses were
// due in the past. Each revision is turned into a MedicationPlan for the shared slot functions.
import {
  type DoseSlot,
  entryFloor,
  expandSlots,
  isPlanSlot,
  type LocalDate,
  type MedicationPlan,
  type PlanCreateBody,
  type PlanPatchBody,
} from "@steady/shared";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { affected } from "../db/affected";
import { rawRows } from "../db/driver";
import { medicationPlans, patients, planRevisions } from "../db/schema";
import { writeBatch } from "../db/write-batch";
import type { Db } from "../env";
import { preconditionRequired, staleError } from "../http/concurrency";
import { type CreateOutcome, canonicalJson, replayOutcome } from "../http/idempotency";
import { ProblemError } from "../http/problem";
import { refreshRunOut, type SupplyView, supplyViews } from "./supply";

/** A revision of a plan, in force for slots in [activeFrom, stoppedAt). */
export interface PlanVersion extends MedicationPlan {
  activeFrom: number | null;
}

export interface PlanView {
  id: string;
  drug: string;
  dose: string;
  times: string[];
  startDate: string;
  endDate: string | null;
  stoppedAt: string | null;
  prescribedBy: string | null;
  /** Optimistic concurrency (ADR 0011): send it back as `If-Match: "<version>"` to edit or stop. */
  version: number;
  /** Tablets on hand and the forecast (issue 13); null when the plan does not track its supply. */
  supply: SupplyView | null;
  history: { validFrom: string; drug: string; dose: string; times: string[]; changedBy: string }[];
}

type RevisionRow = typeof planRevisions.$inferSelect & {
  patientId: string;
  stoppedAt: number | null;
  timezone: string;
};

/** What turning revisions into versions needs of each revision. */
export type RevisionFacts = Pick<
  RevisionRow,
  "planId" | "validFrom" | "drug" | "dose" | "times" | "startDate" | "endDate" | "stoppedAt"
>;

/**
 * One plan's revisions (in validFrom order) as versions: each is in force from its `validFrom`
 * (the first from the start — or, for a plan started on the day it was entered, from shortly
 * before its entry: `entryFloor`, which needs the patient's zone `tz`) until the next one or
 * the stop.
 */
export function toVersions(rows: RevisionFacts[], tz?: string): PlanVersion[] {
  return rows.map((r, i) => {
    const next = rows[i + 1];
    const ends = [next?.validFrom, r.stoppedAt].filter((x): x is number => x != null);
    return {
      id: r.planId,
      drug: r.drug,
      dose: r.dose,
      times: r.times,
      startDate: r.startDate,
      endDate: r.endDate,
      stoppedAt: ends.length ? Math.min(...ends) : null,
      activeFrom: i > 0 ? r.validFrom : tz ? entryFloor(r.startDate, r.validFrom, tz) : null,
    };
  });
}

const revisionColumns = {
  planId: planRevisions.planId,
  validFrom: planRevisions.validFrom,
  drug: planRevisions.drug,
  dose: planRevisions.dose,
  times: planRevisions.times,
  startDate: planRevisions.startDate,
  endDate: planRevisions.endDate,
  changedBy: planRevisions.changedBy,
  patientId: medicationPlans.patientId,
  stoppedAt: medicationPlans.stoppedAt,
  timezone: patients.timezone,
};

/** Under D1's limit of 100 bound parameters per statement, with room for a few more. */
export const MAX_IDS_PER_QUERY = 90;

/**
 * The revisions of one plan of a patient, oldest first, with its zone and whether
 * `refreshRunOut` could change anything on the plan (`supply_cached`): it tracks a supply and is
 * not stopped (a dose moves its forecast), or a cached run-out or supply event is still stored
 * (the refresh clears them). Otherwise the refresh reads the plan and writes nothing (ADR 0009,
 * fourth pass): a dose on a plan without a supply skips it. `planVersions` and `doseTarget`
 * share it. Raw SQL with a fixed text, not a Drizzle query: it runs on every dose, and Drizzle's
 * mapping of its rows cost more than running it (ADR 0009, fifth pass).
 */
const PLAN_REVISIONS = `
  SELECT r.plan_id, r.valid_from, r.drug, r.dose, r.times, r.start_date, r.end_date,
    m.stopped_at, pt.timezone,
    (m.supply_on_hand IS NOT NULL AND m.supply_per_dose IS NOT NULL
      AND m.supply_counted_at IS NOT NULL AND m.stopped_at IS NULL)
      OR m.run_out_date IS NOT NULL OR m.supply_event_at IS NOT NULL
  FROM plan_revisions r
  JOIN medication_plans m ON m.id = r.plan_id
  JOIN patients pt ON pt.id = m.patient_id
  WHERE r.plan_id = ? AND m.patient_id = ?
  ORDER BY r.valid_from`;

interface PlanRevisionRow extends RevisionFacts {
  timezone: string;
  supplyCached: boolean;
}

async function planRevisionRows(db: Db, patientId: string, planId: string): Promise<PlanRevisionRow[]> {
  const rows = await rawRows(db, PLAN_REVISIONS, [planId, patientId]);
  return Array.from(rows, (r) => ({
    planId: r[0] as string,
    validFrom: r[1] as number,
    drug: r[2] as string,
    dose: r[3] as string,
    times: JSON.parse(r[4] as string) as string[],
    startDate: r[5] as string,
    endDate: r[6] as string | null,
    stoppedAt: r[7] as number | null,
    timezone: r[8] as string,
    supplyCached: r[9] === 1,
  }));
}

/** All versions of one plan of a patient (empty when the plan is not theirs). */
export async function planVersions(db: Db, patientId: string, planId: string): Promise<PlanVersion[]> {
  const rows = await planRevisionRows(db, patientId, planId);
  return toVersions(rows, rows[0]?.timezone);
}

/**
 * A dose's plan in one read: its versions (as `planVersions`) and whether a dose logged on it
 * moves the cached run-out (see SUPPLY_CACHED).
 */
export async function doseTarget(
  db: Db,
  patientId: string,
  planId: string,
): Promise<{ versions: PlanVersion[]; supplyCached: boolean }> {
  const rows = await planRevisionRows(db, patientId, planId);
  return { versions: toVersions(rows, rows[0]?.timezone), supplyCached: rows.some((r) => r.supplyCached) };
}

/** Every plan version of the given patients, grouped by patient. */
export async function versionsByPatient(db: Db, patientIds: string[]): Promise<Map<string, PlanVersion[]>> {
  const out = new Map<string, PlanVersion[]>();
  if (!patientIds.length) return out;
  const rows: RevisionRow[] = [];
  // D1 allows 100 bound parameters per statement: chunk large clinics.
  for (let i = 0; i < patientIds.length; i += MAX_IDS_PER_QUERY) {
    const chunk = patientIds.slice(i, i + MAX_IDS_PER_QUERY);
    rows.push(
      ...(await db
        .select(revisionColumns)
        .from(planRevisions)
        .innerJoin(medicationPlans, eq(medicationPlans.id, planRevisions.planId))
        .innerJoin(patients, eq(patients.id, medicationPlans.patientId))
        .where(inArray(medicationPlans.patientId, chunk))
        .orderBy(asc(planRevisions.planId), asc(planRevisions.validFrom))),
    );
  }
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i]?.planId !== rows[start]?.planId) {
      const group = rows.slice(start, i);
      const pid = group[0]?.patientId as string;
      out.set(pid, [...(out.get(pid) ?? []), ...toVersions(group, group[0]?.timezone)]);
      start = i;
    }
  }
  return out;
}

export function expandVersions(
  versions: PlanVersion[],
  from: LocalDate,
  to: LocalDate,
  tz: string,
): DoseSlot[] {
  return versions
    .flatMap((v) =>
      expandSlots(v, from, to, tz).filter((s) => v.activeFrom == null || s.scheduledAt >= v.activeFrom),
    )
    .sort((a, b) => a.scheduledAt - b.scheduledAt);
}

export function isVersionSlot(versions: PlanVersion[], scheduledAt: number, tz: string): boolean {
  return versions.some(
    (v) => (v.activeFrom == null || scheduledAt >= v.activeFrom) && isPlanSlot(v, scheduledAt, tz),
  );
}

// --- reads and writes for the routes ------------------------------------------------

export async function listPlans(db: Db, patientId: PatientRef, now = Date.now()): Promise<PlanView[]> {
  const plans = await db
    .select()
    .from(medicationPlans)
    .where(eq(medicationPlans.patientId, patientId))
    .orderBy(asc(medicationPlans.createdAt));
  if (!plans.length) return [];
  const revs = await db
    .select()
    .from(planRevisions)
    .where(
      inArray(
        planRevisions.planId,
        plans.map((p) => p.id),
      ),
    )
    .orderBy(asc(planRevisions.validFrom));
  const supplies = plans.some((p) => p.supplyOnHand != null)
    ? await supplyViews(db, patientId, now)
    : new Map();
  return plans.map((p) =>
    planView(
      p,
      revs.filter((r) => r.planId === p.id),
      supplies.get(p.id) ?? null,
    ),
  );
}

function planView(
  p: typeof medicationPlans.$inferSelect,
  revs: (typeof planRevisions.$inferSelect)[],
  supply: SupplyView | null = null,
): PlanView {
  return {
    id: p.id,
    drug: p.drug,
    dose: p.dose,
    times: p.times,
    startDate: p.startDate,
    endDate: p.endDate,
    stoppedAt: p.stoppedAt == null ? null : new Date(p.stoppedAt).toISOString(),
    prescribedBy: p.prescribedBy,
    version: p.version,
    supply,
    history: revs.map((r) => ({
      validFrom: new Date(r.validFrom).toISOString(),
      drug: r.drug,
      dose: r.dose,
      times: r.times,
      changedBy: r.changedBy,
    })),
  };
}

async function getPlan(db: Db, patientId: string, planId: string) {
  const [p] = await db
    .select()
    .from(medicationPlans)
    .where(and(eq(medicationPlans.id, planId), eq(medicationPlans.patientId, patientId)));
  if (!p) throw new ProblemError(404, "plan not found");
  return p;
}

export async function createPlan(
  db: Db,
  patientId: PatientRef,
  body: PlanCreateBody,
  now: number,
  changedBy: string,
): Promise<{ outcome: CreateOutcome; plan: PlanView }> {
  const requestJson = canonicalJson(body);
  const row = {
    id: body.id,
    patientId,
    drug: body.drug,
    dose: body.dose,
    times: [...body.times].sort(),
    startDate: body.startDate,
    endDate: body.endDate ?? null,
    prescribedBy: changedBy === "patient" ? null : changedBy,
    supplyOnHand: body.supply?.onHand ?? null,
    supplyPerDose: body.supply?.perDose ?? null,
    supplyPackSize: body.supply?.packSize ?? null,
    supplyCountedAt: body.supply ? now : null,
    requestJson,
    createdAt: now,
    updatedAt: now,
  };
  // The first revision is copied from the stored plan, so a replay adds no spurious revision.
  const [inserted] = await db.batch([
    db.insert(medicationPlans).values(row).onConflictDoNothing(),
    db
      .insert(planRevisions)
      .select(
        db
          .select({
            planId: medicationPlans.id,
            validFrom: medicationPlans.createdAt,
            drug: medicationPlans.drug,
            dose: medicationPlans.dose,
            times: medicationPlans.times,
            startDate: medicationPlans.startDate,
            endDate: medicationPlans.endDate,
            changedBy: sql<string>`${changedBy}`.as("changed_by"),
          })
          .from(medicationPlans)
          .where(eq(medicationPlans.id, body.id)),
      )
      .onConflictDoNothing(),
  ]);
  const [stored] = await db.select().from(medicationPlans).where(eq(medicationPlans.id, body.id));
  if (!stored) throw new ProblemError(409, "plan could not be stored");
  const outcome: CreateOutcome = affected(inserted)
    ? "created"
    : replayOutcome(stored, patientId, requestJson);
  if (outcome === "conflict") return { outcome, plan: planView(stored, []) };
  if (outcome === "created" && body.supply) await refreshRunOut(db, patientId, now, [body.id]);
  return { outcome, plan: await planNow(db, patientId, body.id, now) };
}

// Conditional writes (ADR 0011): every statement is guarded by the version the editor saw, and
// the version is bumped by the last one, so inside the batch's transaction either all of them
// apply or none does — two racing edits based on one version cannot both succeed.
const REVISE_PLAN = `INSERT INTO plan_revisions (plan_id, valid_from, drug, dose, times, start_date, end_date, changed_by)
SELECT id, ?, ?, ?, ?, start_date, ?, ? FROM medication_plans
WHERE id = ? AND patient_id = ? AND version = ? AND stopped_at IS NULL
ON CONFLICT (plan_id, valid_from) DO UPDATE SET drug = excluded.drug, dose = excluded.dose,
  times = excluded.times, end_date = excluded.end_date, changed_by = excluded.changed_by`;
const UPDATE_PLAN = `UPDATE medication_plans SET drug = ?, dose = ?, times = ?, end_date = ?, updated_at = ?,
  version = version + 1 WHERE id = ? AND patient_id = ? AND version = ? AND stopped_at IS NULL`;
// A new count replaces the old one (and its refills stop counting: they came before the count).
const SET_SUPPLY = `UPDATE medication_plans SET supply_on_hand = ?, supply_per_dose = ?, supply_pack_size = ?,
  supply_counted_at = ? WHERE id = ? AND patient_id = ? AND version = ? AND stopped_at IS NULL`;
const STOP_PLAN = `UPDATE medication_plans SET stopped_at = ?, updated_at = ?, version = version + 1
WHERE id = ? AND patient_id = ? AND version = ? AND stopped_at IS NULL`;

async function planNow(db: Db, patientId: PatientRef, planId: string, now?: number): Promise<PlanView> {
  const plan = (await listPlans(db, patientId, now)).find((p) => p.id === planId);
  if (!plan) throw new ProblemError(404, "plan not found");
  return plan;
}

const stalePlan = async (db: Db, patientId: PatientRef, planId: string) =>
  staleError("plan", { ...(await planNow(db, patientId, planId)) });

/**
 * Edits a plan if it is still at `expectedVersion` (the editor's If-Match); otherwise 412 with the
 * plan as it is now, and nothing written. Null (no If-Match) → 428, once the plan is known to be
 * the caller's (someone else's plan stays 404).
 */
export async function updatePlan(
  db: Db,
  patientId: PatientRef,
  planId: string,
  patch: PlanPatchBody,
  now: number,
  changedBy: string,
  expectedVersion: number | null,
): Promise<PlanView> {
  const current = await getPlan(db, patientId, planId);
  if (expectedVersion == null) throw preconditionRequired();
  if (current.version !== expectedVersion) throw await stalePlan(db, patientId, planId);
  if (current.stoppedAt != null) throw new ProblemError(409, "plan is stopped; create a new one");
  const next = {
    drug: patch.drug ?? current.drug,
    dose: patch.dose ?? current.dose,
    times: patch.times ? [...patch.times].sort() : current.times,
    endDate: patch.endDate === undefined ? current.endDate : patch.endDate,
  };
  if (next.endDate && next.endDate < current.startDate) {
    throw new ProblemError(422, "invalid plan", [
      { path: "endDate", message: "endDate must not be before startDate" },
    ]);
  }
  const times = JSON.stringify(next.times);
  const supply =
    patch.supply === undefined
      ? []
      : [
          {
            sql: SET_SUPPLY,
            args: [
              patch.supply?.onHand ?? null,
              patch.supply?.perDose ?? null,
              patch.supply?.packSize ?? null,
              patch.supply ? now : null,
              planId,
              patientId,
              expectedVersion,
            ],
          },
        ];
  const results = await writeBatch(db, [
    {
      sql: REVISE_PLAN,
      args: [now, next.drug, next.dose, times, next.endDate, changedBy, planId, patientId, expectedVersion],
    },
    ...supply,
    {
      sql: UPDATE_PLAN,
      args: [next.drug, next.dose, times, next.endDate, now, planId, patientId, expectedVersion],
    },
  ]);
  // Someone else's edit or stop landed between the read above and this batch.
  if (affected(results.at(-1)) !== 1) throw await stalePlan(db, patientId, planId);
  await refreshRunOut(db, patientId, now, [planId]);
  return planNow(db, patientId, planId, now);
}

/** Stops a plan if it is still at `expectedVersion`; otherwise 412 (a stopped plan stays stopped). */
export async function stopPlan(
  db: Db,
  patientId: PatientRef,
  planId: string,
  now: number,
  expectedVersion: number | null,
): Promise<PlanView> {
  const current = await getPlan(db, patientId, planId);
  if (expectedVersion == null) throw preconditionRequired();
  if (current.version !== expectedVersion) throw await stalePlan(db, patientId, planId);
  if (current.stoppedAt == null) {
    const [result] = await writeBatch(db, [
      { sql: STOP_PLAN, args: [now, now, planId, patientId, expectedVersion] },
    ]);
    if (affected(result) !== 1) throw await stalePlan(db, patientId, planId);
    await refreshRunOut(db, patientId, now, [planId]);
  }
  return planNow(db, patientId, planId, now);
}
