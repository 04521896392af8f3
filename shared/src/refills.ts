// Supply of a medication plan: how many tablets are left, when they run out, and the past gaps
// when the schedule asked for a dose and (by the count) there was no tablet. Pure: the worker
// feeds it the plan, the count, the refills and the taken doses; the apps and triage read it.
import { expandSlots } from "./slots";
import { addDays, daysBetween, localDateOf } from "./time";
import type { Instant, LocalDate, MedicationPlan } from "./types";

/** What the patient (or doctor) counted: `onHand` tablets at `countedAt`, `perDose` per dose. */
export interface PlanSupply {
  onHand: number;
  perDose: number;
  packSize?: number | null;
  countedAt: Instant;
}

export interface RefillEvent {
  tablets: number;
  at: Instant;
}

export interface SupplyGap {
  /** Local day of the first scheduled dose with no tablet left. */
  from: LocalDate;
  /** Local day of the last such dose before a refill (or before now, for an open gap). */
  to: LocalDate;
  /** Still running at `now`: no refill since. */
  open: boolean;
  doses: number;
}

export interface SupplyForecast {
  /** Tablets believed left at `now` (never below 0). */
  stock: number;
  /**
   * Local day of the first scheduled dose the stock cannot cover: today or later for a future
   * run-out, earlier when it already ran out (an open gap). Null when the plan ends (or the
   * horizon passes) first.
   */
  runOutDate: LocalDate | null;
  /** Whole local days from today to `runOutDate` (negative when past). */
  daysLeft: number | null;
  gaps: SupplyGap[];
}

/** Projection stops a year ahead: "not within a year" is as good as never for a reminder. */
export const SUPPLY_HORIZON_DAYS = 366;
/** The refill reminder is sent this many days before the run-out unless the patient chose otherwise. */
export const DEFAULT_REFILL_LEAD_DAYS = 7;
/** Triage: "药快吃完" when the run-out is this close. */
export const RUN_OUT_SOON_DAYS = 3;

/**
 * Walks the plan's slots from the count to `now`: a taken dose uses `perDose` tablets; a slot
 * not taken while the stock could not cover it is part of a gap (a missed dose with tablets in
 * hand is not). Refills add at their instant. From `now` on, every slot uses `perDose`, and the
 * first one the stock cannot cover is the run-out. `takenAt` are the scheduled instants of the
 * plan's taken doses (an extra dose counts twice).
 */
export function forecastSupply(
  plan: MedicationPlan,
  supply: PlanSupply,
  refills: readonly RefillEvent[],
  takenAt: readonly Instant[],
  now: Instant,
  tz: string,
): SupplyForecast {
  const per = supply.perDose > 0 ? supply.perDose : 1;
  const today = localDateOf(now, tz);
  const fromDay = localDateOf(supply.countedAt, tz);
  const taken = new Map<Instant, number>();
  for (const t of takenAt) if (t >= supply.countedAt) taken.set(t, (taken.get(t) ?? 0) + 1);
  const adds = refills.filter((r) => r.at > supply.countedAt).sort((a, b) => a.at - b.at);
  const gaps: SupplyGap[] = [];
  // A holder, not a `let`: addUntil closes the gap from inside a closure.
  const cur: { gap: Omit<SupplyGap, "open"> | null } = { gap: null };
  let stock = supply.onHand;
  let nextAdd = 0;
  const addUntil = (at: Instant) => {
    while (nextAdd < adds.length && (adds[nextAdd] as RefillEvent).at <= at) {
      stock += (adds[nextAdd] as RefillEvent).tablets;
      nextAdd++;
      if (cur.gap) {
        gaps.push({ ...cur.gap, open: false });
        cur.gap = null;
      }
    }
  };
  const past = fromDay <= today ? expandSlots(plan, fromDay, today, tz) : [];
  for (const s of past) {
    if (s.scheduledAt < supply.countedAt || s.scheduledAt > now) continue;
    addUntil(s.scheduledAt);
    const n = taken.get(s.scheduledAt) ?? 0;
    if (n > 0) {
      stock = Math.max(0, stock - per * n);
    } else if (stock < per) {
      const g = cur.gap;
      cur.gap = g
        ? { ...g, to: s.localDate, doses: g.doses + 1 }
        : { from: s.localDate, to: s.localDate, doses: 1 };
    }
  }
  addUntil(now);
  if (cur.gap) gaps.push({ ...cur.gap, open: true });
  const openGap = gaps.find((g) => g.open);
  let runOutDate: LocalDate | null = openGap?.from ?? null;
  if (!runOutDate) {
    let left = stock;
    const future = expandSlots(plan, today, addDays(today, SUPPLY_HORIZON_DAYS), tz);
    for (const s of future) {
      if (s.scheduledAt <= now) continue;
      if (left < per) {
        runOutDate = s.localDate;
        break;
      }
      left -= per;
    }
  }
  return {
    stock,
    runOutDate,
    daysLeft: runOutDate ? daysBetween(today, runOutDate) : null,
    gaps,
  };
}

/** The day the refill reminder is due: `leadDays` before the run-out (never before today's count). */
export function refillReminderDate(runOutDate: LocalDate, leadDays = DEFAULT_REFILL_LEAD_DAYS): LocalDate {
  return addDays(runOutDate, -leadDays);
}
