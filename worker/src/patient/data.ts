// A single patient's view of their data (and a clinician's view of one patient): today's doses,
// the adherence/BP/glucose summary, readings. Small per-patient data, computed from the facts
// with the shared metric functions, so the mini-program, the portal and the API agree.
import {
  addDays,
  computeAdherence,
  type DoseEvent,
  glucoseRates,
  homeBpControl,
  type LocalDate,
  localDateOf,
  slotStatuses,
  type Thresholds,
  timeInRange,
} from "@steady/shared";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { isExtraDose } from "../db/dose-events";
import { bpReadings, doseEvents, glucoseReadings, medicationPlans } from "../db/schema";
import type { Db } from "../env";
import { expandVersions, versionsByPatient } from "../plans/plans";
import { bpReadingView, glucoseReadingView, skipReasonOf } from "../records/records";

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 24 * 3600_000;

export interface PatientScope {
  patientId: PatientRef;
  timezone: string;
  thresholds: Thresholds;
  bpTarget: { systolic: number; diastolic: number };
}

async function doseEventsBetween(db: Db, patientId: string, from: LocalDate, to: LocalDate) {
  return db
    .select()
    .from(doseEvents)
    .where(
      and(
        eq(doseEvents.patientId, patientId),
        gte(doseEvents.localDate, from),
        lte(doseEvents.localDate, to),
      ),
    )
    .orderBy(asc(doseEvents.recordedAt));
}

const asEvent = (r: typeof doseEvents.$inferSelect): DoseEvent => ({
  planId: r.planId,
  scheduledAt: r.scheduledAt,
  status: r.status,
  at: r.at,
  recordedAt: r.recordedAt,
});

export async function today(db: Db, p: PatientScope, date: LocalDate, now: number) {
  const versions = (await versionsByPatient(db, [p.patientId])).get(p.patientId) ?? [];
  const slots = expandVersions(versions, date, date, p.timezone);
  const events = await doseEventsBetween(db, p.patientId, date, date);
  const byId = new Map(versions.map((v) => [v.id, v]));
  const eventIds = new Map(events.map((e) => [`${e.planId}@${e.scheduledAt}@${e.recordedAt}`, e.id]));
  const statuses = slotStatuses(slots, events.map(asEvent), now);
  // Confirmed extra doses per slot, by id (a phone merges them with its own unsent ones):
  // shown beside the slot, never changing its status.
  const extras = new Map<string, string[]>();
  for (const e of events) {
    if (!isExtraDose(e)) continue;
    const key = `${e.planId}@${e.scheduledAt}`;
    extras.set(key, [...(extras.get(key) ?? []), e.id]);
  }
  return {
    date,
    timezone: p.timezone,
    slots: statuses.map((s) => {
      const plan = byId.get(s.planId);
      const doseId = s.event ? eventIds.get(`${s.planId}@${s.scheduledAt}@${s.event.recordedAt}`) : undefined;
      return {
        planId: s.planId,
        drug: plan?.drug ?? "",
        dose: plan?.dose ?? "",
        scheduledAt: iso(s.scheduledAt),
        time: s.time,
        status: s.status,
        ...(doseId ? { doseId } : {}),
        ...(s.event ? { at: iso(s.event.at) } : {}),
        ...(extras.has(`${s.planId}@${s.scheduledAt}`)
          ? { extraDoseIds: extras.get(`${s.planId}@${s.scheduledAt}`) }
          : {}),
      };
    }),
  };
}

/**
 * The patient's adherence over the local dates from..to (with the plan versions it counted): the
 * summary and the diary's month use this one computation so they agree.
 */
export async function adherenceBetween(db: Db, p: PatientScope, from: LocalDate, to: LocalDate, now: number) {
  const versions = (await versionsByPatient(db, [p.patientId])).get(p.patientId) ?? [];
  const events = await doseEventsBetween(db, p.patientId, from, to);
  const adherence = computeAdherence({
    plans: versions,
    events: events.map(asEvent),
    tz: p.timezone,
    from,
    to,
    now,
    graceMs: p.thresholds.onTimeGraceMs,
    adherentAt: p.thresholds.adherentDaysCovered,
  });
  return { versions, adherence };
}

export async function summary(db: Db, p: PatientScope, days: number, now: number) {
  const to = localDateOf(now, p.timezone);
  const from = addDays(to, -(days - 1));
  const { versions, adherence } = await adherenceBetween(db, p, from, to, now);
  // Version windows (activeFrom) are honoured by recounting due slots from the versioned expansion.
  const dueSlots = expandVersions(versions, from, to, p.timezone).filter((s) => s.scheduledAt <= now).length;
  const sinceWindow = Math.min(now - (days - 1) * DAY, now - 14 * DAY);
  const [bp, glucose] = await Promise.all([
    db
      .select({
        systolic: bpReadings.systolic,
        diastolic: bpReadings.diastolic,
        measuredAt: bpReadings.measuredAt,
      })
      .from(bpReadings)
      .where(and(eq(bpReadings.patientId, p.patientId), gte(bpReadings.measuredAt, sinceWindow - DAY))),
    db
      .select({
        mmol: glucoseReadings.mmol,
        context: glucoseReadings.context,
        measuredAt: glucoseReadings.measuredAt,
      })
      .from(glucoseReadings)
      .where(
        and(eq(glucoseReadings.patientId, p.patientId), gte(glucoseReadings.measuredAt, sinceWindow - DAY)),
      ),
  ]);
  const gluInWindow = glucose
    .filter((g) => localDateOf(g.measuredAt, p.timezone) >= from)
    .map((g) => ({ ...g, context: g.context as never }));
  const control = homeBpControl(bp, now, p.bpTarget);
  const rates = glucoseRates(
    glucose.map((g) => ({ ...g, context: g.context as never })),
    now,
    p.thresholds.glucose,
  );
  return {
    from,
    to,
    days,
    doseAdherence: adherence.doseAdherence,
    onTime: adherence.takenSlots ? adherence.onTimeSlots / adherence.takenSlots : null,
    dosesTaken: adherence.takenSlots,
    dosesDue: Math.max(dueSlots, adherence.dueSlots),
    daysCovered: adherence.daysCoveredRatio,
    adherent: adherence.adherent,
    calendar: adherence.days,
    bp: {
      mean7d: control.mean7d,
      controlled: control.controlled,
      target: p.bpTarget,
      readings: bp.filter((b) => localDateOf(b.measuredAt, p.timezone) >= from).length,
    },
    glucose: {
      timeInRange: timeInRange(gluInWindow, p.thresholds.glucose),
      hypoCount: gluInWindow.filter((g) => g.mmol < p.thresholds.glucose.hypoL1).length,
      readings: gluInWindow.length,
      hypoRate14d: rates.hypoRate,
      hyperRate14d: rates.hyperRate,
    },
  };
}

export async function readings(
  db: Db,
  patientId: PatientRef,
  kind: "bp" | "glucose",
  now: number,
  from?: number,
  to?: number,
) {
  const lo = from ?? now - 90 * DAY;
  const hi = to ?? Number.MAX_SAFE_INTEGER;
  if (kind === "bp") {
    const rows = await db
      .select()
      .from(bpReadings)
      .where(
        and(
          eq(bpReadings.patientId, patientId),
          gte(bpReadings.measuredAt, lo),
          lte(bpReadings.measuredAt, hi),
        ),
      )
      .orderBy(asc(bpReadings.measuredAt));
    return rows.map(bpReadingView);
  }
  const rows = await db
    .select()
    .from(glucoseReadings)
    .where(
      and(
        eq(glucoseReadings.patientId, patientId),
        gte(glucoseReadings.measuredAt, lo),
        lte(glucoseReadings.measuredAt, hi),
      ),
    )
    .orderBy(asc(glucoseReadings.measuredAt));
  return rows.map(glucoseReadingView);
}

export async function doses(db: Db, patientId: PatientRef, now: number, from?: number, to?: number) {
  const rows = await db
    .select({ e: doseEvents, drug: medicationPlans.drug, dose: medicationPlans.dose })
    .from(doseEvents)
    .innerJoin(medicationPlans, eq(medicationPlans.id, doseEvents.planId))
    .where(
      and(
        eq(doseEvents.patientId, patientId),
        gte(doseEvents.scheduledAt, from ?? now - 90 * DAY),
        lte(doseEvents.scheduledAt, to ?? Number.MAX_SAFE_INTEGER),
      ),
    )
    .orderBy(asc(doseEvents.scheduledAt), asc(doseEvents.recordedAt));
  return rows.map(({ e, drug, dose }) => ({
    id: e.id,
    planId: e.planId,
    drug,
    dose,
    scheduledAt: iso(e.scheduledAt),
    status: e.status,
    at: iso(e.at),
    recordedAt: iso(e.recordedAt),
    // Why the patient skipped, when they said (the clinician sees "副作用" skips at a glance).
    ...(skipReasonOf(e) ? { skipReason: skipReasonOf(e) } : {}),
  }));
}
