// Expanding a medication plan into the dose slots it schedules in a patient's zone.
import { eachLocalDate, localDateOf, localTimeOf, zonedInstant } from "./time";
import type { DoseSlot, Instant, LocalDate, MedicationPlan } from "./types";

/** Identifies a slot across plans: events, reminders and statuses are keyed by it. */
export function slotKey(planId: string, scheduledAt: Instant): string {
  return `${planId}@${scheduledAt}`;
}

/**
 * A dose due up to this long before its plan was entered still counts: the patient may have
 * taken the 20:00 dose before adding the plan at 20:36. Equal to the on-time grace (docs/definitions.md).
 */
export const ENTRY_GRACE_MS = 2 * 3600_000;

/**
 * The first instant a plan entered at `enteredAt` schedules doses from, or null for no limit.
 * A plan starting on the day it was entered (or later) begins `ENTRY_GRACE_MS` before its
 * entry: added at 20:52 with times 08:00 and 21:00, today's 08:00 never existed, so it is
 * neither due nor missed, while a 19:00 dose still is. A plan entered with an earlier start
 * date (history the patient or doctor backfills) keeps every slot from that date.
 */
export function entryFloor(
  startDate: LocalDate,
  enteredAt: Instant | null | undefined,
  tz: string,
): Instant | null {
  if (enteredAt == null || !Number.isFinite(enteredAt)) return null;
  return startDate >= localDateOf(enteredAt, tz) ? enteredAt - ENTRY_GRACE_MS : null;
}

/**
 * Every slot of `plan` on local days `from`..`to` inclusive, clipped to the plan's
 * startDate/endDate, without slots at or after `plan.stoppedAt` or before `plan.activeFrom`
 * (those belong to another version of the plan), sorted by time.
 *
 * Each of `plan.times` is a wall-clock time in `tz` (see `zonedInstant` for DST):
 * - a time skipped by spring-forward fires as late as the clock forces (02:30 → 03:30);
 *   if that makes two times of the plan land on the same instant, there is one slot,
 *   labelled with the time the clock really shows;
 * - a time that a gap would push onto the next calendar day (only zones that skipped a
 *   whole day, like Pacific/Apia on 2011-12-30) has no slot: that day never had it.
 * `slot.time` is the plan's time of day, `slot.localDate` the local day it belongs to.
 */
export function expandSlots(plan: MedicationPlan, from: LocalDate, to: LocalDate, tz: string): DoseSlot[] {
  const first = from > plan.startDate ? from : plan.startDate;
  const last = plan.endDate != null && plan.endDate < to ? plan.endDate : to;
  const stoppedAt = plan.stoppedAt ?? Number.POSITIVE_INFINITY;
  const activeFrom = Math.max(
    plan.activeFrom ?? Number.NEGATIVE_INFINITY,
    entryFloor(plan.startDate, plan.enteredAt, tz) ?? Number.NEGATIVE_INFINITY,
  );
  const slots: DoseSlot[] = [];
  for (const localDate of eachLocalDate(first, last)) {
    const byInstant = new Map<Instant, DoseSlot>();
    for (const time of plan.times) {
      const scheduledAt = zonedInstant(localDate, time, tz);
      if (scheduledAt >= stoppedAt || scheduledAt < activeFrom) continue;
      if (localDateOf(scheduledAt, tz) !== localDate) continue;
      const clash = byInstant.get(scheduledAt);
      if (clash && clash.time === localTimeOf(scheduledAt, tz)) continue;
      byInstant.set(scheduledAt, { planId: plan.id, scheduledAt, localDate, time });
    }
    slots.push(...byInstant.values());
  }
  return slots.sort((a, b) => a.scheduledAt - b.scheduledAt);
}

/**
 * True when `scheduledAt` is exactly one of the plan's slots (as `expandSlots` yields
 * them, so not after `stoppedAt` and not outside start/end). The API rejects doses
 * logged against any other instant.
 */
export function isPlanSlot(plan: MedicationPlan, scheduledAt: Instant, tz: string): boolean {
  if (!Number.isFinite(scheduledAt)) return false;
  // expandSlots only yields a slot on the local day its instant falls on.
  const day = localDateOf(scheduledAt, tz);
  return expandSlots(plan, day, day, tz).some((s) => s.scheduledAt === scheduledAt);
}
