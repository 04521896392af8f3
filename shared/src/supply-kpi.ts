// Programme KPIs from the supply (issue 13): supply-based adherence (PDC, proportion of days
// covered by what was dispensed) and the refill-on-time rate. Unlike dose adherence they do not
// depend on the patient tapping ✓ for each dose: they read only the count and the refills, the
// way pharmacy-claims studies measure adherence. Definitions: docs/definitions.md#supply-based-kpis.
import { addDays, localDateOf } from "./time";
import type { Instant, LocalDate } from "./types";

/** A patient is supply-adherent over a window when PDC ≥ this (the usual claims threshold). */
export const PDC_ADHERENT = 0.8;
/** A refill recorded up to this many days after the predicted run-out still counts as on time. */
export const REFILL_GRACE_DAYS = 3;
/** Window of both KPIs: the last 90 local days up to yesterday (like the 3-month adherence). */
export const SUPPLY_KPI_DAYS = 90;

/** One plan's supply history: the count, then each refill, in tablets. */
export interface SupplyHistory {
  perDose: number;
  /** Scheduled doses a day (the plan's times). */
  dosesPerDay: number;
  /** The plan's first local day. Days before the first count are not judged (nothing was known). */
  start: LocalDate;
  /** The plan's last local day (end date, or the day it was stopped); null while it runs. */
  end: LocalDate | null;
  /** The count first, then the refills (any order: sorted here by instant). */
  dispenses: readonly { at: Instant; tablets: number }[];
}

export interface PdcResult {
  /** Days of the window in the plan's judged period. */
  days: number;
  covered: number;
  /** covered ÷ days (≤ 1 by construction); null when no day was judged. */
  pdc: number | null;
}

/** Tolerance for quarter tablets: 0.75 + 0.25 must make one full day. */
const EPS = 1e-9;

/**
 * Walks the days from the first judged day to `until`: each dispense adds tablets ÷ (per dose ×
 * doses a day) days of supply on its local day; a day is covered when a whole day's supply is in
 * hand, and then uses it. Supply left over (an early refill, an overlap) is carried forward, never
 * lost. `visit` returns false to stop early. Only the first `upto` dispenses are used.
 */
function walk(
  h: SupplyHistory,
  tz: string,
  until: LocalDate,
  visit: (day: LocalDate, covered: boolean) => boolean | undefined,
  upto = Number.POSITIVE_INFINITY,
): void {
  const daily = h.perDose * h.dosesPerDay;
  if (!(daily > 0)) return;
  const fills = [...h.dispenses]
    .sort((a, b) => a.at - b.at)
    .slice(0, upto)
    .map((f) => ({ day: localDateOf(f.at, tz), days: f.tablets / daily }));
  const first = fills[0];
  if (!first) return;
  const start = judgedStart(h, tz);
  let bank = 0;
  let i = 0;
  // biome-ignore lint/complexity/useMathMinMax: LocalDate strings ("2026-12-07") compare in order; Math.min/max would make them NaN
  for (let d = first.day < start ? first.day : start; d <= until; d = addDays(d, 1)) {
    while (i < fills.length && (fills[i] as { day: LocalDate }).day <= d)
      bank += (fills[i++] as { days: number }).days;
    if (d < start) continue;
    if (h.end && d > h.end) return;
    const covered = bank >= 1 - EPS;
    if (covered) bank -= 1;
    if (visit(d, covered) === false) return;
  }
}

/** The first day judged: the plan's start, or the day of the first count when that is later. */
export function judgedStart(h: SupplyHistory, tz: string): LocalDate {
  const first = [...h.dispenses].sort((a, b) => a.at - b.at)[0];
  const counted = first ? localDateOf(first.at, tz) : h.start;
  // biome-ignore lint/complexity/useMathMinMax: LocalDate strings ("2026-12-07") compare in order; Math.min/max would make them NaN
  return counted > h.start ? counted : h.start;
}

/** Each judged day of [from, to] and whether the supply covered it. */
export function coveredDays(
  h: SupplyHistory,
  from: LocalDate,
  to: LocalDate,
  tz: string,
): Map<LocalDate, boolean> {
  const out = new Map<LocalDate, boolean>();
  walk(h, tz, to, (d, covered) => {
    if (d >= from) out.set(d, covered);
    return undefined;
  });
  return out;
}

/** PDC of one plan over the local days [from, to]. */
export function proportionDaysCovered(
  h: SupplyHistory,
  from: LocalDate,
  to: LocalDate,
  tz: string,
): PdcResult {
  const days = coveredDays(h, from, to, tz);
  let covered = 0;
  for (const c of days.values()) if (c) covered++;
  return { days: days.size, covered, pdc: days.size ? covered / days.size : null };
}

/**
 * The predicted run-out after the first `k + 1` dispenses: the first judged day from the day of
 * dispense k that they cannot cover when every dose is taken. Null when the plan ends first (no refill is due then).
 */
export function runOutAfter(h: SupplyHistory, k: number, tz: string): LocalDate | null {
  const daily = h.perDose * h.dosesPerDay;
  if (!(daily > 0)) return null;
  const total = [...h.dispenses]
    .sort((a, b) => a.at - b.at)
    .slice(0, k + 1)
    .reduce((s, f) => s + f.tablets / daily, 0);
  // Far enough for every day of supply after the later of the first judged day and the last dispense.
  const used = [...h.dispenses].sort((a, b) => a.at - b.at).slice(0, k + 1);
  const last = used.at(-1);
  if (!last) return null;
  const start = judgedStart(h, tz);
  const lastDay = localDateOf(last.at, tz);
  // biome-ignore lint/complexity/useMathMinMax: LocalDate strings ("2026-12-07") compare in order; Math.min/max would make them NaN
  const horizon = addDays(lastDay > start ? lastDay : start, Math.ceil(total) + 2);
  let out: LocalDate | null = null;
  walk(
    h,
    tz,
    horizon,
    (d, covered) => {
      // An earlier gap (before this dispense) is not this dispense's run-out.
      if (covered || d < lastDay) return undefined;
      out = d;
      return false;
    },
    k + 1,
  );
  return out;
}

export interface RefillDue {
  /** Predicted run-out before this refill. */
  runOut: LocalDate;
  /** Local day the refill was recorded; null when none came. */
  refilledOn: LocalDate | null;
  onTime: boolean;
}

export interface RefillTimeliness {
  due: number;
  onTime: number;
  /** onTime ÷ due; null when no refill was due. */
  rate: number | null;
  refills: RefillDue[];
}

/**
 * Refills due in [from, to]: one at each predicted run-out in the window, judged once the refill
 * came (by `to`) or its grace ran out (run-out + grace ≤ `to`); still open otherwise (not counted).
 * On time: recorded on or before run-out + `grace` days.
 */
export function refillTimeliness(
  h: SupplyHistory,
  from: LocalDate,
  to: LocalDate,
  tz: string,
  grace = REFILL_GRACE_DAYS,
): RefillTimeliness {
  const sorted = [...h.dispenses].sort((a, b) => a.at - b.at);
  const refills: RefillDue[] = [];
  for (let k = 0; k < sorted.length; k++) {
    const runOut = runOutAfter(h, k, tz);
    if (runOut == null || runOut < from || runOut > to) continue;
    const next = sorted[k + 1];
    const refilledOn = next ? localDateOf(next.at, tz) : null;
    const deadline = addDays(runOut, grace);
    if (refilledOn != null && refilledOn <= to) {
      refills.push({ runOut, refilledOn, onTime: refilledOn <= deadline });
    } else if (deadline <= to) {
      refills.push({ runOut, refilledOn: null, onTime: false });
    }
  }
  const onTime = refills.filter((r) => r.onTime).length;
  return { due: refills.length, onTime, rate: refills.length ? onTime / refills.length : null, refills };
}

export interface PatientSupplyKpi {
  /** Days on which at least one tracked plan was judged. */
  days: number;
  /** Of those, days on which every judged plan was covered. */
  covered: number;
  pdc: number | null;
  /** pdc ≥ PDC_ADHERENT. */
  adherent: boolean;
  refillsDue: number;
  refillsOnTime: number;
}

/**
 * A patient's figures over [from, to] across their tracked plans: a day counts when any plan is
 * judged on it and is covered only when all of those plans are (two drugs, both needed); refills
 * add up over plans.
 */
export function patientSupplyKpi(
  plans: readonly SupplyHistory[],
  from: LocalDate,
  to: LocalDate,
  tz: string,
  adherentAt = PDC_ADHERENT,
): PatientSupplyKpi {
  const byDay = new Map<LocalDate, boolean>();
  let refillsDue = 0;
  let refillsOnTime = 0;
  for (const p of plans) {
    for (const [d, c] of coveredDays(p, from, to, tz)) byDay.set(d, (byDay.get(d) ?? true) && c);
    const r = refillTimeliness(p, from, to, tz);
    refillsDue += r.due;
    refillsOnTime += r.onTime;
  }
  let covered = 0;
  for (const c of byDay.values()) if (c) covered++;
  const pdc = byDay.size ? covered / byDay.size : null;
  return {
    days: byDay.size,
    covered,
    pdc,
    adherent: pdc != null && pdc >= adherentAt - EPS,
    refillsDue,
    refillsOnTime,
  };
}
