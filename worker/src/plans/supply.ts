// A plan's supply of tablets (issue 13): the count, "取了药" refills, and the forecast of the
// shared `forecastSupply`, cached on the plan (run_out_date) so the triage list and the refill
// reminder read one column instead of replaying doses. Every write that changes the forecast's
// inputs (the count, a refill, an edit of the plan, a dose logged directly or through /me/sync)
// rewrites the cache; the reminder still recomputes before it sends.
import { forecastSupply, type RefillBody, type SupplyForecast, type SupplyGap } from "@steady/shared";
import { and, asc, eq, gte, inArray, isNotNull } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { affected } from "../db/affected";
import { isExtraDose } from "../db/dose-events";
import { doseEvents, medicationPlans, patients, planRefills } from "../db/schema";
import type { Db } from "../env";
import { type CreateOutcome, canonicalJson, replayOutcome } from "../http/idempotency";
import { ProblemError } from "../http/problem";
import { planVersions } from "./plans";

export interface SupplyView {
  onHand: number;
  perDose: number;
  packSize: number | null;
  countedAt: string;
  /** Tablets believed left now. */
  stock: number;
  runOutDate: string | null;
  daysLeft: number | null;
  gaps: SupplyGap[];
  refills: { id: string; tablets: number; at: string }[];
}

export interface RefillView {
  id: string;
  planId: string;
  tablets: number;
  at: string;
  supply: SupplyView | null;
}

type PlanRow = typeof medicationPlans.$inferSelect;

/** The forecast of one plan with a supply (null without one), from its current versions. */
export async function planForecast(
  db: Db,
  plan: PlanRow,
  tz: string,
  now: number,
): Promise<{ forecast: SupplyForecast; refills: (typeof planRefills.$inferSelect)[] } | null> {
  if (plan.supplyOnHand == null || plan.supplyPerDose == null || plan.supplyCountedAt == null) return null;
  const countedAt = plan.supplyCountedAt;
  const [versions, refills, doses] = await Promise.all([
    planVersions(db, plan.patientId, plan.id),
    db.select().from(planRefills).where(eq(planRefills.planId, plan.id)).orderBy(asc(planRefills.at)),
    db
      .select({
        scheduledAt: doseEvents.scheduledAt,
        status: doseEvents.status,
        requestJson: doseEvents.requestJson,
      })
      .from(doseEvents)
      .where(
        and(
          eq(doseEvents.planId, plan.id),
          eq(doseEvents.status, "taken"),
          gte(doseEvents.scheduledAt, countedAt),
        ),
      ),
  ]);
  // One "taken" per slot (a retried tap is not a second tablet), plus each confirmed extra dose.
  const slots = new Set<number>();
  const takenAt: number[] = [];
  for (const d of doses) {
    if (isExtraDose(d)) takenAt.push(d.scheduledAt);
    else if (!slots.has(d.scheduledAt)) {
      slots.add(d.scheduledAt);
      takenAt.push(d.scheduledAt);
    }
  }
  // The supply runs on the times in force: the latest version (earlier versions only shaped the past).
  const current = versions.at(-1);
  const shape = {
    id: plan.id,
    drug: plan.drug,
    dose: plan.dose,
    times: current?.times ?? plan.times,
    startDate: plan.startDate,
    endDate: plan.endDate,
    stoppedAt: plan.stoppedAt,
    activeFrom: versions[0]?.activeFrom ?? null,
  };
  const forecast = forecastSupply(
    shape,
    { onHand: plan.supplyOnHand, perDose: plan.supplyPerDose, packSize: plan.supplyPackSize, countedAt },
    refills.map((r) => ({ tablets: r.tablets, at: r.at })),
    takenAt,
    now,
    tz,
  );
  return { forecast, refills };
}

export function supplyView(
  plan: PlanRow,
  f: { forecast: SupplyForecast; refills: (typeof planRefills.$inferSelect)[] } | null,
): SupplyView | null {
  if (!f || plan.supplyOnHand == null || plan.supplyPerDose == null || plan.supplyCountedAt == null)
    return null;
  return {
    onHand: plan.supplyOnHand,
    perDose: plan.supplyPerDose,
    packSize: plan.supplyPackSize,
    countedAt: new Date(plan.supplyCountedAt).toISOString(),
    stock: f.forecast.stock,
    runOutDate: f.forecast.runOutDate,
    daysLeft: f.forecast.daysLeft,
    gaps: f.forecast.gaps,
    refills: f.refills.map((r) => ({ id: r.id, tablets: r.tablets, at: new Date(r.at).toISOString() })),
  };
}

async function zoneOf(db: Db, patientId: string): Promise<string> {
  const [p] = await db.select({ tz: patients.timezone }).from(patients).where(eq(patients.id, patientId));
  return p?.tz ?? "Asia/Shanghai";
}

/** Supply views of a patient's plans (only plans with a supply appear). */
export async function supplyViews(db: Db, patientId: string, now: number): Promise<Map<string, SupplyView>> {
  const out = new Map<string, SupplyView>();
  const plans = await db
    .select()
    .from(medicationPlans)
    .where(and(eq(medicationPlans.patientId, patientId), isNotNull(medicationPlans.supplyOnHand)));
  if (!plans.length) return out;
  const tz = await zoneOf(db, patientId);
  for (const p of plans) {
    const f = await planForecast(db, p, tz, now);
    const v = supplyView(p, f);
    if (v) out.set(p.id, v);
    // Doses logged since the cache was written (fewer taken than scheduled → tablets last longer)
    // move the run-out: the patient opening their plans keeps the triage list's cache honest.
    const runOut = p.stoppedAt == null ? (f?.forecast.runOutDate ?? null) : null;
    if (f && runOut !== p.runOutDate) {
      await db.update(medicationPlans).set({ runOutDate: runOut }).where(eq(medicationPlans.id, p.id));
    }
  }
  return out;
}

/** Rewrites the cached run-out of the given plans (all of the patient's when omitted). */
export async function refreshRunOut(
  db: Db,
  patientId: string,
  now: number,
  planIds?: string[],
): Promise<void> {
  const plans = await db
    .select()
    .from(medicationPlans)
    .where(
      and(
        eq(medicationPlans.patientId, patientId),
        planIds ? inArray(medicationPlans.id, planIds) : undefined,
      ),
    );
  if (!plans.length) return;
  const tz = await zoneOf(db, patientId);
  for (const p of plans) {
    const f = p.stoppedAt == null ? await planForecast(db, p, tz, now) : null;
    const runOutDate = f?.forecast.runOutDate ?? null;
    const lastRefill = f?.refills.at(-1)?.at ?? null;
    const eventAt = f ? Math.max(p.supplyCountedAt ?? 0, lastRefill ?? 0) : null;
    if (runOutDate === p.runOutDate && eventAt === p.supplyEventAt) continue;
    await db
      .update(medicationPlans)
      .set({ runOutDate, supplyEventAt: eventAt })
      .where(eq(medicationPlans.id, p.id));
  }
}

/** A refill may be back-dated (the pharmacy visit was yesterday) but not in the future. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** "取了药": adds tablets to the plan's supply, idempotent on the refill id. */
export async function addRefill(
  db: Db,
  patientId: PatientRef,
  planId: string,
  body: RefillBody,
  now: number,
): Promise<{ outcome: CreateOutcome; refill: RefillView }> {
  const [plan] = await db
    .select()
    .from(medicationPlans)
    .where(and(eq(medicationPlans.id, planId), eq(medicationPlans.patientId, patientId)));
  if (!plan) throw new ProblemError(404, "plan not found");
  const at = body.at ?? now;
  if (at > now + FUTURE_SLACK_MS) {
    throw new ProblemError(422, "invalid refill", [{ path: "at", message: "must not be in the future" }]);
  }
  if (plan.supplyOnHand == null) {
    throw new ProblemError(409, "this plan has no supply to add to; set the tablets on hand first", [
      { path: "planId", message: "plan has no supply" },
    ]);
  }
  // The stored request (with the plan and the instant resolved) decides replays: a retry of the
  // same tap without `at` is the same refill, whenever it arrives.
  const requestJson = canonicalJson({ planId, id: body.id, tablets: body.tablets, at: body.at ?? null });
  const inserted = await db
    .insert(planRefills)
    .values({ id: body.id, patientId, planId, tablets: body.tablets, at, requestJson, createdAt: now })
    .onConflictDoNothing();
  const [stored] = await db.select().from(planRefills).where(eq(planRefills.id, body.id));
  const outcome: CreateOutcome = affected(inserted)
    ? "created"
    : replayOutcome(stored, patientId, requestJson);
  if (outcome === "created") await refreshRunOut(db, patientId, now, [planId]);
  const [fresh] = await db.select().from(medicationPlans).where(eq(medicationPlans.id, planId));
  const tz = await zoneOf(db, patientId);
  const supply = fresh ? supplyView(fresh, await planForecast(db, fresh, tz, now)) : null;
  const r = stored ?? { id: body.id, planId, tablets: body.tablets, at };
  return {
    outcome,
    refill: { id: r.id, planId: r.planId, tablets: r.tablets, at: new Date(r.at).toISOString(), supply },
  };
}
