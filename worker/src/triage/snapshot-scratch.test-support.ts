// The triage list computed from scratch: the original implementation (before ADR 0006), kept
// unchanged as the reference the snapshot-based list is checked against (tests, bench). It reads
// the per-day rollups for a fixed 30-day window plus open alerts and escalations, and applies
// the shared `triage` rule to each patient, and sorts as ADR 0012 orders (most urgent open alert
// first within a tier). Not used by the routes.
import {
  type AlertKind,
  type AlertStamp,
  addDays,
  compareTriageUrgency,
  DEFAULT_THRESHOLDS,
  expandSlots,
  formatReason,
  type LocalDate,
  type Locale,
  leadAlert,
  localDateOf,
  type Thresholds,
  triage,
} from "@steady/shared";
import { and, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { alerts, enrolments, followUps, patientDays, patients, programmes, users } from "../db/schema";
import type { Db } from "../env";
import { type PlanVersion, versionsByPatient } from "../plans/plans";
import { supplyVisitFacts, supplyVisitInput } from "../refills/supply-triage";
import { unreachablePatients } from "../reminders/unreachable";
import { seriousSideEffects } from "../safety/triage";
import type { TriageRow } from "./list";

const WINDOW_DAYS = 30;

/** Due slots per local day of one plan version, without expanding every past day's instants. */
function addDueCounts(
  due: Map<LocalDate, number>,
  v: PlanVersion,
  days: LocalDate[],
  tz: string,
  now: number,
) {
  const today = localDateOf(now, tz);
  const fromDay = v.activeFrom != null ? localDateOf(v.activeFrom, tz) : null;
  const stopDay = v.stoppedAt != null ? localDateOf(v.stoppedAt, tz) : null;
  for (const d of days) {
    if (d < v.startDate || (v.endDate && d > v.endDate) || d > today) continue;
    if ((fromDay && d < fromDay) || (stopDay && d > stopDay)) continue;
    let n = v.times.length;
    if (d === today || d === fromDay || d === stopDay) {
      // Boundary day: count the exact instants.
      n = expandSlots(v, d, d, tz).filter(
        (s) => s.scheduledAt <= now && (v.activeFrom == null || s.scheduledAt >= v.activeFrom),
      ).length;
    }
    if (n) due.set(d, (due.get(d) ?? 0) + n);
  }
}

export async function triageListFromScratch(
  db: Db,
  clinicIds: string[],
  now: number,
  locale: Locale,
): Promise<TriageRow[]> {
  if (!clinicIds.length) return [];
  const roster = await db
    .select({
      id: patients.id,
      name: patients.name,
      timezone: patients.timezone,
      lastActivityAt: patients.lastActivityAt,
      bpSys: patients.bpTargetSystolic,
      bpDia: patients.bpTargetDiastolic,
      condition: patients.condition,
      enrolledAt: enrolments.enrolledAt,
      doctorName: users.name,
      thresholds: programmes.thresholds,
    })
    .from(enrolments)
    .innerJoin(patients, eq(patients.id, enrolments.patientId))
    .innerJoin(users, eq(users.id, enrolments.doctorId))
    .innerJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .where(and(inArray(enrolments.clinicId, clinicIds), eq(enrolments.status, "active")));
  if (!roster.length) return [];
  const ids = roster.map((r) => r.id);
  // The earliest "30 days ago" among all zones (UTC−12 is the furthest behind).
  const since = addDays(localDateOf(now - 12 * 3600_000, "UTC"), -WINDOW_DAYS);

  const inClinics = sql`${patientDays.patientId} IN (SELECT patient_id FROM enrolments WHERE clinic_id IN (${sql.join(
    clinicIds.map((id) => sql`${id}`),
    sql`, `,
  )}) AND status = 'active')`;
  const [days, openAlerts, escalations, versions] = await Promise.all([
    db
      .select()
      .from(patientDays)
      .where(and(inClinics, gte(patientDays.localDate, since))),
    db
      .select({ patientId: alerts.patientId, kind: alerts.kind, raisedAt: alerts.raisedAt })
      .from(alerts)
      .where(and(inArray(alerts.patientId, ids), isNull(alerts.acknowledgedAt))),
    db
      .select({ patientId: followUps.patientId })
      .from(followUps)
      .where(
        and(
          inArray(followUps.patientId, ids),
          eq(followUps.outcome, "escalated"),
          isNull(followUps.escalationResolvedAt),
        ),
      ),
    versionsByPatient(db, ids),
  ]);
  const daysBy = new Map<string, (typeof days)[number][]>();
  for (const d of days) daysBy.set(d.patientId, [...(daysBy.get(d.patientId) ?? []), d]);
  const openBy = new Map<string, AlertStamp[]>();
  for (const a of openAlerts) openBy.set(a.patientId, [...(openBy.get(a.patientId) ?? []), a]);
  const alertsBy = new Map([...openBy].map(([id, list]) => [id, list.length]));
  const escalated = new Set(escalations.map((e) => e.patientId));
  const serious = await seriousSideEffects(db, now);

  const unreachable = await unreachablePatients(
    db,
    roster.map((r) => r.id),
  );
  const supplyVisits = await supplyVisitFacts(
    db,
    roster.map((r) => r.id),
  );
  const rows = roster.map((r): TriageRow => {
    const lead = leadAlert(openBy.get(r.id) ?? []);
    const t = (r.thresholds as Thresholds | null) ?? DEFAULT_THRESHOLDS;
    const today = localDateOf(now, r.timezone);
    const window = Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(today, -i));
    const d14 = addDays(today, -(t.triage.adherenceWindowDays - 1));
    const d7 = addDays(today, -6);
    const due = new Map<LocalDate, number>();
    for (const v of versions.get(r.id) ?? []) addDueCounts(due, v, window, r.timezone, now);

    let taken14 = 0;
    let due14 = 0;
    let daysWithDue = 0;
    let covered = 0;
    let bpN = 0;
    let bpSys = 0;
    let bpDia = 0;
    let gluN = 0;
    let hypo = 0;
    let hyper = 0;
    const byDate = new Map((daysBy.get(r.id) ?? []).map((d) => [d.localDate, d]));
    for (const date of window) {
      const rollup = byDate.get(date);
      const dueToday = due.get(date) ?? 0;
      const taken = Math.min(rollup?.taken ?? 0, dueToday);
      if (dueToday) {
        daysWithDue++;
        if (taken >= dueToday) covered++;
      }
      if (date >= d14) {
        due14 += dueToday;
        taken14 += taken;
        gluN += rollup?.gluN ?? 0;
        hypo += rollup?.gluHypo ?? 0;
        hyper += rollup?.gluHyper ?? 0;
      }
      if (date >= d7 && rollup) {
        bpN += rollup.bpN;
        bpSys += rollup.bpSysSum;
        bpDia += rollup.bpDiaSum;
      }
    }
    const bpMean7d = bpN ? { systolic: Math.round(bpSys / bpN), diastolic: Math.round(bpDia / bpN) } : null;
    const bpTarget = {
      systolic: r.bpSys ?? t.bp.homeTargetSystolic,
      diastolic: r.bpDia ?? t.bp.homeTargetDiastolic,
    };
    const result = triage(
      {
        unackedUrgentAlerts: alertsBy.get(r.id) ?? 0,
        dosesTaken14d: taken14,
        dosesDue14d: due14,
        bpMean7d,
        bpTarget,
        glucose: gluN ? { n: gluN, hypoRate: hypo / gluN, hyperRate: hyper / gluN } : null,
        lastActivityAt: r.lastActivityAt,
        enrolledAt: r.enrolledAt,
        now,
        escalated: escalated.has(r.id),
        seriousSideEffect: serious.get(r.id) ?? null,
        unreachable: unreachable.get(r.id) ?? false,
        ...supplyVisitInput(supplyVisits.get(r.id) ?? { runOut: null, revisitDate: null }, today),
      },
      t,
    );
    return {
      patientId: r.id,
      name: r.name ?? "",
      doctorName: r.doctorName,
      condition: r.condition ?? null,
      tier: result.tier,
      reasons: result.reasons.map((x) => formatReason(x, locale)),
      reasonCodes: result.reasons,
      doseAdherence14d: due14 ? taken14 / due14 : null,
      daysCovered30d: daysWithDue ? covered / daysWithDue : null,
      bpMean7d,
      lastActivityAt: r.lastActivityAt == null ? null : new Date(r.lastActivityAt).toISOString(),
      enrolledAt: new Date(r.enrolledAt).toISOString(),
      openAlerts: alertsBy.get(r.id) ?? 0,
      urgentAlert: lead && { kind: lead.kind as AlertKind, raisedAt: new Date(lead.raisedAt).toISOString() },
      unreachable: unreachable.get(r.id) ?? null,
    };
  });
  const standing = (row: TriageRow) => {
    const lead = row.urgentAlert && {
      kind: row.urgentAlert.kind,
      raisedAt: Date.parse(row.urgentAlert.raisedAt),
    };
    return { tier: row.tier, lead, openAlerts: row.openAlerts, doseAdherence14d: row.doseAdherence14d };
  };
  return rows.sort(
    (a, b) => compareTriageUrgency(standing(a), standing(b)) || a.name.localeCompare(b.name, "zh-CN"),
  );
}
