// Dose adherence and days covered (docs/definitions.md, Dose adherence), computed from plans and dose events.
import { expandSlots, slotKey } from "./slots";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { eachLocalDate } from "./time";
import type { DoseEvent, DoseSlot, Instant, LocalDate, MedicationPlan, SlotStatus } from "./types";

export interface DayAdherence {
  date: LocalDate;
  due: number;
  taken: number;
  skipped: number;
  /** At least one slot was due and every due slot was taken. */
  covered: boolean;
}

export interface AdherenceResult {
  dueSlots: number;
  takenSlots: number;
  onTimeSlots: number;
  /** taken / due; null when nothing was due. */
  doseAdherence: number | null;
  daysWithDue: number;
  daysCovered: number;
  /** daysCovered / daysWithDue; null when no day had a due slot. */
  daysCoveredRatio: number | null;
  /** daysCoveredRatio >= adherentAt; null when no day had a due slot. */
  adherent: boolean | null;
  /** One entry per local day from..to, in order (due 0 for days without due slots). */
  days: DayAdherence[];
}

export interface AdherenceInput {
  plans: MedicationPlan[];
  events: DoseEvent[];
  tz: string;
  from: LocalDate;
  to: LocalDate;
  now: Instant;
  /** Taken within this many ms either side of the slot counts as on time (default 2 h). */
  graceMs?: number;
  /** Days-covered share at or above which a patient is adherent (default 0.8). */
  adherentAt?: number;
}

/**
 * The event that decides each slot, keyed by `slotKey`: a correction is a new event, so
 * the greatest `recordedAt` wins; on a tie the one later in the array wins.
 */
export function latestBySlot(events: DoseEvent[]): Map<string, DoseEvent> {
  const latest = new Map<string, DoseEvent>();
  for (const e of events) {
    const key = slotKey(e.planId, e.scheduledAt);
    const current = latest.get(key);
    if (!current || e.recordedAt >= current.recordedAt) latest.set(key, e);
  }
  return latest;
}

/**
 * Dose adherence and days covered over local days `from`..`to` in `tz`.
 *
 * A slot is due when it is a slot of the plan (inside its dates, before `stoppedAt`) and
 * `scheduledAt <= now`. Events for anything else — future slots, made-up times, other
 * plans — are ignored. A due slot with no event is missed: neither taken nor skipped.
 */
export function computeAdherence(input: AdherenceInput): AdherenceResult {
  const { plans, events, tz, from, to, now } = input;
  const graceMs = input.graceMs ?? DEFAULT_THRESHOLDS.onTimeGraceMs;
  const adherentAt = input.adherentAt ?? DEFAULT_THRESHOLDS.adherentDaysCovered;
  const latest = latestBySlot(events);

  const days = new Map<LocalDate, DayAdherence>(
    eachLocalDate(from, to).map((date) => [date, { date, due: 0, taken: 0, skipped: 0, covered: false }]),
  );
  let dueSlots = 0;
  let takenSlots = 0;
  let onTimeSlots = 0;

  for (const plan of plans) {
    for (const slot of expandSlots(plan, from, to, tz)) {
      if (slot.scheduledAt > now) continue;
      const day = days.get(slot.localDate);
      if (!day) continue; // cannot happen: expandSlots keeps to from..to
      const event = latest.get(slotKey(slot.planId, slot.scheduledAt));
      dueSlots++;
      day.due++;
      if (event?.status === "taken") {
        takenSlots++;
        day.taken++;
        if (Math.abs(event.at - slot.scheduledAt) <= graceMs) onTimeSlots++;
      } else if (event?.status === "skipped") {
        day.skipped++;
      }
    }
  }

  let daysWithDue = 0;
  let daysCovered = 0;
  for (const day of days.values()) {
    if (day.due === 0) continue;
    daysWithDue++;
    day.covered = day.taken === day.due;
    if (day.covered) daysCovered++;
  }
  const daysCoveredRatio = daysWithDue === 0 ? null : daysCovered / daysWithDue;

  return {
    dueSlots,
    takenSlots,
    onTimeSlots,
    doseAdherence: dueSlots === 0 ? null : takenSlots / dueSlots,
    daysWithDue,
    daysCovered,
    daysCoveredRatio,
    adherent: daysCoveredRatio === null ? null : daysCoveredRatio >= adherentAt,
    days: [...days.values()],
  };
}

export type SlotWithStatus = DoseSlot & { status: SlotStatus; event?: DoseEvent };

/**
 * Each slot's status for display: "taken"/"skipped" from its latest event (a dose may be
 * logged ahead of time), otherwise "due" once its time has come, else "upcoming".
 */
export function slotStatuses(slots: DoseSlot[], events: DoseEvent[], now: Instant): SlotWithStatus[] {
  const latest = latestBySlot(events);
  return slots.map((slot) => {
    const event = latest.get(slotKey(slot.planId, slot.scheduledAt));
    if (event) return { ...slot, status: event.status, event };
    return { ...slot, status: slot.scheduledAt <= now ? "due" : "upcoming" };
  });
}
