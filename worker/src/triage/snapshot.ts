// The triage inputs of one patient, precomputed from their rollups, plan versions, open alerts
// and escalations (ADR 0006), and evaluated at any instant of the day they were computed for.
//
// The only things that change with the clock alone are "today" (the windows slide at local
// midnight) and which of today's slots have come due. So a snapshot stores, for a target day T,
// sums over T's past days (which no longer depend on the clock) plus T's slot instants and T's
// taken count; `evaluate` finishes the sums for any `now` on T. Each snapshot holds two target
// days, D (the day it was computed) and D + 1, so local midnight never invalidates a clinic at
// once: the background refresher rolls snapshots forward during D + 1.
//
// The arithmetic mirrors the original list (snapshot-scratch.test-support.ts) line for line; the
// tests check the two agree.
import { addDays, expandSlots, type LocalDate, localDateOf, startOfLocalDay } from "@steady/shared";
import type { PlanVersion } from "../plans/plans";

/** Days of rollups the list looks at (days-covered window). */
export const WINDOW_DAYS = 30;

/** Counts and sums of BP and glucose readings over some days (one day's rollup, or a window). */
export interface ReadingSums {
  bpN: number;
  bpSysSum: number;
  bpDiaSum: number;
  gluN: number;
  gluHypo: number;
  gluHyper: number;
}

/** One patient-day of rollups, as the snapshot needs it. */
export interface RollupDay extends ReadingSums {
  taken: number;
}

/**
 * The inputs for one target day T, as a compact tuple (it is stored as JSON per patient):
 * due and taken over T's adherence window before T, days with a dose due and days fully
 * covered over the 30-day window before T, T's taken count and slot instants, whether T lies
 * in the adherence window (it does unless the window is < 1 day), and the BP (7 d) and
 * glucose (adherence window) sums including T.
 */
export type DaySet = [
  pastDue: number,
  pastTaken: number,
  pastDaysWithDue: number,
  pastCovered: number,
  takenOnDay: number,
  slots: number[],
  dayInWindow: 0 | 1,
  bpN: number,
  bpSysSum: number,
  bpDiaSum: number,
  gluN: number,
  gluHypo: number,
  gluHyper: number,
];

/** The patient's triage inputs that do not depend on the day (stored as JSON). */
export type PatientHead = [
  /** Unacknowledged alerts. */
  openAlerts: number,
  /** An assistant's escalation not yet resolved by a doctor. */
  escalated: 0 | 1,
  /** Kind and raised instant of the most urgent open alert (shared `leadAlert`, ADR 0012), or null. */
  leadKind: string | null,
  leadAt: number | null,
];

/** Entries of a current head; a stored head of another length predates ADR 0012 and is recomputed. */
export const HEAD_LENGTH = 4;

export interface Snapshot {
  /** The adherence window (days) it was computed with: programme thresholds are data. */
  w: number;
  head: PatientHead;
  /** Inputs for the patient's local day D (the day it was computed on) and for D + 1. */
  today: DaySet;
  tomorrow: DaySet;
  /** Start of D: `today` serves [validFrom, switchAt), `tomorrow` [switchAt, validUntil). */
  validFrom: number;
  switchAt: number;
  validUntil: number;
}

/** What `evaluate` yields: the aggregate inputs of `triage()` and the list's columns. */
export interface TriageAggregates extends ReadingSums {
  taken14: number;
  due14: number;
  daysWithDue: number;
  covered: number;
}

/** Due slots of one plan version on a day before the target day (no clock needed: all have passed). */
function dueOnPastDay(
  v: PlanVersion,
  d: LocalDate,
  tz: string,
  fromDay: string | null,
  stopDay: string | null,
) {
  if (d < v.startDate || (v.endDate && d > v.endDate)) return 0;
  if ((fromDay && d < fromDay) || (stopDay && d > stopDay)) return 0;
  if (d === fromDay || d === stopDay) {
    // Boundary day: count the exact instants (every one of them is before the target day).
    return expandSlots(v, d, d, tz).filter((s) => v.activeFrom == null || s.scheduledAt >= v.activeFrom)
      .length;
  }
  return v.times.length;
}

/** Slot instants of one plan version on the target day; `evaluate` counts those that have passed. */
function slotsOnDay(
  v: PlanVersion,
  d: LocalDate,
  tz: string,
  fromDay: string | null,
  stopDay: string | null,
) {
  if (d < v.startDate || (v.endDate && d > v.endDate)) return [];
  if ((fromDay && d < fromDay) || (stopDay && d > stopDay)) return [];
  return expandSlots(v, d, d, tz)
    .filter((s) => v.activeFrom == null || s.scheduledAt >= v.activeFrom)
    .map((s) => s.scheduledAt);
}

// The 30 window dates ending on a target day, newest first: the same for every patient whose
// today it is, so they are built once per day instead of ~60 date calculations per patient.
const windowCache = new Map<LocalDate, LocalDate[]>();
function windowDates(target: LocalDate): LocalDate[] {
  let dates = windowCache.get(target);
  if (!dates) {
    dates = Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(target, -i));
    if (windowCache.size >= 64) windowCache.clear();
    windowCache.set(target, dates);
  }
  return dates;
}

function daySet(
  target: LocalDate,
  w: number,
  tz: string,
  versions: PlanVersion[],
  rollups: Map<LocalDate, RollupDay>,
): DaySet {
  const bounds = versions.map((v) => ({
    v,
    fromDay: v.activeFrom != null ? localDateOf(v.activeFrom, tz) : null,
    stopDay: v.stoppedAt != null ? localDateOf(v.stoppedAt, tz) : null,
  }));
  const dates = windowDates(target);
  const d14 = w >= 1 && w <= WINDOW_DAYS ? (dates[w - 1] as LocalDate) : addDays(target, -(w - 1));
  const d7 = dates[6] as LocalDate;
  let pastDue = 0;
  let pastTaken = 0;
  let pastDaysWithDue = 0;
  let pastCovered = 0;
  let bpN = 0;
  let bpSysSum = 0;
  let bpDiaSum = 0;
  let gluN = 0;
  let gluHypo = 0;
  let gluHyper = 0;
  for (let i = 0; i < WINDOW_DAYS; i++) {
    const date = dates[i] as LocalDate;
    const rollup = rollups.get(date);
    if (date >= d14) {
      gluN += rollup?.gluN ?? 0;
      gluHypo += rollup?.gluHypo ?? 0;
      gluHyper += rollup?.gluHyper ?? 0;
    }
    if (date >= d7 && rollup) {
      bpN += rollup.bpN;
      bpSysSum += rollup.bpSysSum;
      bpDiaSum += rollup.bpDiaSum;
    }
    if (i === 0) continue; // the target day's doses are finished by `evaluate`
    let due = 0;
    for (const b of bounds) due += dueOnPastDay(b.v, date, tz, b.fromDay, b.stopDay);
    const taken = Math.min(rollup?.taken ?? 0, due);
    if (due) {
      pastDaysWithDue++;
      if (taken >= due) pastCovered++;
    }
    if (date >= d14) {
      pastDue += due;
      pastTaken += taken;
    }
  }
  const slots = bounds
    .flatMap((b) => slotsOnDay(b.v, target, tz, b.fromDay, b.stopDay))
    .sort((x, y) => x - y);
  return [
    pastDue,
    pastTaken,
    pastDaysWithDue,
    pastCovered,
    rollups.get(target)?.taken ?? 0,
    slots,
    target >= d14 ? 1 : 0,
    bpN,
    bpSysSum,
    bpDiaSum,
    gluN,
    gluHypo,
    gluHyper,
  ];
}

/**
 * Computes a patient's snapshot at `now`. `rollups` must hold their rollups for the 30 days up
 * to today and for tomorrow (missing days count as empty).
 */
export function buildSnapshot(
  now: number,
  tz: string,
  w: number,
  head: PatientHead,
  versions: PlanVersion[],
  rollups: Map<LocalDate, RollupDay>,
): Snapshot {
  const day = localDateOf(now, tz);
  const next = addDays(day, 1);
  return {
    w,
    head,
    today: daySet(day, w, tz, versions, rollups),
    tomorrow: daySet(next, w, tz, versions, rollups),
    validFrom: startOfLocalDay(day, tz),
    switchAt: startOfLocalDay(next, tz),
    validUntil: startOfLocalDay(addDays(day, 2), tz),
  };
}

/** The day set that serves `now`, or null when the snapshot does not cover it. */
export function daySetAt(s: Snapshot, now: number): DaySet | null {
  if (now < s.validFrom || now >= s.validUntil) return null;
  return now < s.switchAt ? s.today : s.tomorrow;
}

/** Finishes a day set's sums at `now` (an instant on its target day). */
export function evaluate(s: DaySet, now: number): TriageAggregates {
  const [pastDue, pastTaken, pastDaysWithDue, pastCovered, takenOnDay, slots, dayInWindow] = s;
  let due = 0;
  for (const at of slots) if (at <= now) due++;
  const taken = Math.min(takenOnDay, due);
  return {
    due14: pastDue + (dayInWindow ? due : 0),
    taken14: pastTaken + (dayInWindow ? taken : 0),
    daysWithDue: pastDaysWithDue + (due ? 1 : 0),
    covered: pastCovered + (due && taken >= due ? 1 : 0),
    bpN: s[7],
    bpSysSum: s[8],
    bpDiaSum: s[9],
    gluN: s[10],
    gluHypo: s[11],
    gluHyper: s[12],
  };
}
