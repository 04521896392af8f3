// The programme figures of one patient (ADR 0007), computed from their plan versions and daily
// rollups as of their local yesterday, and the refresher that keeps the per-patient rows current.
// Dashboards never read patients: they read the running counts these rows feed (aggregates-release).
//
// Definitions (docs/definitions.md): a day is covered when at least one dose was due and every due dose
// was taken; a patient is adherent over a period when covered days / days with a due dose ≥ the
// programme's `adherentDaysCovered` (0.8). The 3-month KPI looks at the first 90 local days from
// enrolment and counts a patient once all 90 are past; a patient without any due day in them is
// not adherent. Monthly figures use the days of the calendar month up to yesterday. The supply
// KPIs (PDC ≥ 80 %, refills due / on time) read the plans' counts and refills over the last 90
// days (docs/definitions.md#supply-based-kpis, shared/src/supply-kpi.ts).
import {
  addDays,
  DEFAULT_THRESHOLDS,
  type LocalDate,
  localDateOf,
  patientSupplyKpi,
  SUPPLY_KPI_DAYS,
  type SupplyHistory,
  type Thresholds,
  zonedInstant,
} from "@steady/shared";
import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import {
  enrolments,
  medicationPlans,
  patientDays,
  patients,
  planRefills,
  programmePatientStats,
  programmes,
} from "../db/schema";
import type { Db } from "../env";
import { expandVersions, MAX_IDS_PER_QUERY, type PlanVersion, versionsByPatient } from "../plans/plans";

export const KPI_DAYS = 90;
export const ACTIVE_DAYS = 7;
/** Month bits kept per patient (the count triggers expand bits 0…52). */
export const MONTH_BITS = 53;

/** Months as one integer: year · 12 + month − 1. */
export const monthIndex = (d: LocalDate) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
export const monthLabel = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;

export interface DayRollup {
  taken: number;
  skipped: number;
  bpN: number;
  bpSysSum: number;
  bpDiaSum: number;
  gluN: number;
}

export interface StatsInput {
  now: number;
  tz: string;
  enrolledAt: number;
  versions: PlanVersion[];
  days: Map<LocalDate, DayRollup>;
  adherentAt: number;
  bpTarget: { systolic: number; diastolic: number };
  /** The tracked supplies of the patient's plans (docs/definitions.md#supply-based-kpis). */
  supplies?: SupplyHistory[];
}

export interface PatientStats {
  enrolMonth: number;
  enrolDay: LocalDate;
  through: LocalDate;
  refreshAfter: number;
  first90Done: 0 | 1;
  first90WithDue: number;
  first90Covered: number;
  first90Adherent: 0 | 1;
  active7: 0 | 1;
  bpAssessed: 0 | 1;
  bpControlled: 0 | 1;
  dueMask: number;
  adhMask: number;
  actMask: number;
  /** Last 90 days (not before enrolment): a day judged on the supply, PDC ≥ 80 %, refills. */
  supplyAssessed: 0 | 1;
  supplyAdherent: 0 | 1;
  refillDue: number;
  refillOnTime: number;
}

const bit = (j: number) => 2 ** j; // masks go beyond 32 bits: no bitwise operators

export function computePatientStats(input: StatsInput): PatientStats {
  const { now, tz, versions, days, adherentAt } = input;
  const today = localDateOf(now, tz);
  const through = addDays(today, -1);
  const enrolDay = localDateOf(input.enrolledAt, tz);
  const enrolMonth = monthIndex(enrolDay);
  const out: PatientStats = {
    enrolMonth,
    enrolDay,
    through,
    refreshAfter: zonedInstant(addDays(today, 1), "00:00", tz),
    first90Done: 0,
    first90WithDue: 0,
    first90Covered: 0,
    first90Adherent: 0,
    active7: 0,
    bpAssessed: 0,
    bpControlled: 0,
    dueMask: 0,
    adhMask: 0,
    actMask: 0,
    supplyAssessed: 0,
    supplyAdherent: 0,
    refillDue: 0,
    refillOnTime: 0,
  };
  if (through < enrolDay) return out; // enrolled today: nothing complete yet

  if (input.supplies?.length) {
    const from90 = addDays(through, -(SUPPLY_KPI_DAYS - 1));
    // biome-ignore lint/complexity/useMathMinMax: LocalDate strings ("2026-12-07") compare in order; Math.min/max would make them NaN
    const k = patientSupplyKpi(input.supplies, from90 > enrolDay ? from90 : enrolDay, through, tz);
    out.supplyAssessed = k.days > 0 ? 1 : 0;
    out.supplyAdherent = k.adherent ? 1 : 0;
    out.refillDue = k.refillsDue;
    out.refillOnTime = k.refillsOnTime;
  }

  // Due doses per day since enrolment (all of them are in the past: days up to yesterday).
  const due = new Map<LocalDate, number>();
  for (const s of expandVersions(versions, enrolDay, through, tz)) {
    if (s.scheduledAt < input.enrolledAt) continue; // before enrolment: not the programme's
    due.set(s.localDate, (due.get(s.localDate) ?? 0) + 1);
  }
  const lastKpiDay = addDays(enrolDay, KPI_DAYS - 1);
  const since7 = addDays(through, -(ACTIVE_DAYS - 1));
  const monthDue = new Map<number, number>();
  const monthCovered = new Map<number, number>();
  const activeMonths = new Set<number>();
  let bpN = 0;
  let bpSys = 0;
  let bpDia = 0;
  for (let d = enrolDay; d <= through; d = addDays(d, 1)) {
    const j = monthIndex(d) - enrolMonth;
    const r = days.get(d);
    const dueToday = due.get(d) ?? 0;
    const covered = dueToday > 0 && Math.min(r?.taken ?? 0, dueToday) >= dueToday;
    if (dueToday > 0 && j < MONTH_BITS) {
      monthDue.set(j, (monthDue.get(j) ?? 0) + 1);
      if (covered) monthCovered.set(j, (monthCovered.get(j) ?? 0) + 1);
    }
    if (d <= lastKpiDay && dueToday > 0) {
      out.first90WithDue++;
      if (covered) out.first90Covered++;
    }
    const logged = r ? r.taken + r.skipped + r.bpN + r.gluN > 0 : false;
    if (logged && j < MONTH_BITS) activeMonths.add(j);
    if (d >= since7 && r) {
      if (logged) out.active7 = 1;
      bpN += r.bpN;
      bpSys += r.bpSysSum;
      bpDia += r.bpDiaSum;
    }
  }
  for (const j of activeMonths) out.actMask += bit(j);
  for (const [j, n] of monthDue) {
    out.dueMask += bit(j);
    if ((monthCovered.get(j) ?? 0) / n >= adherentAt) out.adhMask += bit(j);
  }
  if (through >= lastKpiDay) {
    out.first90Done = 1;
    out.first90Adherent =
      out.first90WithDue > 0 && out.first90Covered / out.first90WithDue >= adherentAt ? 1 : 0;
  }
  if (bpN > 0) {
    out.bpAssessed = 1;
    // As the patient's own summary judges it: the rounded mean strictly below the target.
    const sys = Math.round(bpSys / bpN);
    const dia = Math.round(bpDia / bpN);
    out.bpControlled = sys < input.bpTarget.systolic && dia < input.bpTarget.diastolic ? 1 : 0;
  }
  return out;
}

/** Per-patient rows that are due for a refresh (at most `limit`), computed and stored. */
export async function refreshProgrammeStats(
  db: Db,
  now: number,
  opts: { limit: number; programmeId?: string },
): Promise<{ refreshed: number; pending: number }> {
  const where = opts.programmeId
    ? and(
        lte(programmePatientStats.refreshAfter, now),
        eq(programmePatientStats.programmeId, opts.programmeId),
      )
    : lte(programmePatientStats.refreshAfter, now);
  const stale = await db
    .select({ patientId: programmePatientStats.patientId })
    .from(programmePatientStats)
    .where(where)
    .orderBy(asc(programmePatientStats.refreshAfter))
    .limit(opts.limit);
  let refreshed = 0;
  for (let i = 0; i < stale.length; i += MAX_IDS_PER_QUERY) {
    refreshed += await refreshPatients(
      db,
      now,
      stale.slice(i, i + MAX_IDS_PER_QUERY).map((r) => r.patientId),
    );
  }
  const [left] = await db.select({ n: sql<number>`count(*)` }).from(programmePatientStats).where(where);
  return { refreshed, pending: Number(left?.n ?? 0) };
}

async function refreshPatients(db: Db, now: number, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const people = await db
    .select({
      patientId: patients.id,
      tz: patients.timezone,
      bpSys: patients.bpTargetSystolic,
      bpDia: patients.bpTargetDiastolic,
      enrolledAt: enrolments.enrolledAt,
      thresholds: programmes.thresholds,
    })
    .from(enrolments)
    .innerJoin(patients, eq(patients.id, enrolments.patientId))
    .innerJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .where(and(inArray(enrolments.patientId, ids), eq(enrolments.status, "active")));
  const versions = await versionsByPatient(db, ids);
  const rollups = await db
    .select({
      patientId: patientDays.patientId,
      localDate: patientDays.localDate,
      taken: patientDays.taken,
      skipped: patientDays.skipped,
      bpN: patientDays.bpN,
      bpSysSum: patientDays.bpSysSum,
      bpDiaSum: patientDays.bpDiaSum,
      gluN: patientDays.gluN,
    })
    .from(patientDays)
    .where(inArray(patientDays.patientId, ids));
  const supplies = await supplyHistories(db, ids, versions, new Map(people.map((p) => [p.patientId, p.tz])));
  const daysOf = new Map<string, Map<LocalDate, DayRollup>>();
  for (const r of rollups) {
    let m = daysOf.get(r.patientId);
    if (!m) {
      m = new Map();
      daysOf.set(r.patientId, m);
    }
    m.set(r.localDate, r);
  }
  const updates = people.map((p) => {
    const t = (p.thresholds as Thresholds | null) ?? DEFAULT_THRESHOLDS;
    const s = computePatientStats({
      now,
      tz: p.tz,
      enrolledAt: p.enrolledAt,
      versions: versions.get(p.patientId) ?? [],
      days: daysOf.get(p.patientId) ?? new Map(),
      adherentAt: t.adherentDaysCovered,
      bpTarget: {
        systolic: p.bpSys ?? t.bp.homeTargetSystolic,
        diastolic: p.bpDia ?? t.bp.homeTargetDiastolic,
      },
      supplies: supplies.get(p.patientId) ?? [],
    });
    return db
      .update(programmePatientStats)
      .set({ ...s, computedAt: now })
      .where(eq(programmePatientStats.patientId, p.patientId));
  });
  // Rows whose enrolment is gone or inactive are removed by the enrolment triggers; anything
  // left without one (should not happen) is parked for a day rather than retried forever.
  const seen = new Set(people.map((p) => p.patientId));
  const orphans = ids.filter((id) => !seen.has(id));
  const statements = [
    ...updates,
    ...(orphans.length
      ? [
          db
            .update(programmePatientStats)
            .set({ refreshAfter: now + 24 * 3600_000 })
            .where(inArray(programmePatientStats.patientId, orphans)),
        ]
      : []),
  ];
  if (statements.length) await db.batch(statements as unknown as Parameters<Db["batch"]>[0]);
  return people.length;
}

/** The count and refills of each plan that tracks its supply, as the shared KPI functions take them. */
async function supplyHistories(
  db: Db,
  ids: string[],
  versions: Map<string, PlanVersion[]>,
  zones: Map<string, string>,
): Promise<Map<string, SupplyHistory[]>> {
  const out = new Map<string, SupplyHistory[]>();
  const plans = await db
    .select()
    .from(medicationPlans)
    .where(and(inArray(medicationPlans.patientId, ids), isNotNull(medicationPlans.supplyCountedAt)));
  if (!plans.length) return out;
  const refills = await db
    .select({ planId: planRefills.planId, tablets: planRefills.tablets, at: planRefills.at })
    .from(planRefills)
    .where(inArray(planRefills.patientId, ids));
  for (const p of plans) {
    if (p.supplyOnHand == null || p.supplyPerDose == null || p.supplyCountedAt == null) continue;
    const countedAt = p.supplyCountedAt;
    const tz = zones.get(p.patientId) ?? "Asia/Shanghai";
    // Times in force now (as the forecast uses them); the plan's last day is its end or its stop.
    const current = (versions.get(p.patientId) ?? []).filter((v) => v.id === p.id).at(-1);
    const times = current?.times ?? p.times;
    const stopped = p.stoppedAt == null ? null : localDateOf(p.stoppedAt, tz);
    const end = [p.endDate, stopped].filter((d): d is string => d != null).sort()[0] ?? null;
    const history: SupplyHistory = {
      perDose: p.supplyPerDose,
      dosesPerDay: new Set(times).size,
      start: p.startDate,
      end,
      dispenses: [
        { at: countedAt, tablets: p.supplyOnHand },
        // Refills before the current count are part of what was counted.
        ...refills.filter((r) => r.planId === p.id && r.at > countedAt),
      ],
    };
    const list = out.get(p.patientId);
    if (list) list.push(history);
    else out.set(p.patientId, [history]);
  }
  return out;
}
