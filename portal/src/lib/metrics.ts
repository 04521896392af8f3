// Adherence over the last N days from the per-day calendar the summary returns, so the 30- and
// 90-day figures come from one request and always agree with the calendar on screen.
import type { DayAdherence } from "@steady/shared";

export interface WindowAdherence {
  days: number;
  dosesTaken: number;
  dosesDue: number;
  /** taken / due; null when nothing was due. */
  doseAdherence: number | null;
  daysWithDue: number;
  daysCovered: number;
  /** covered days / days with a due dose; null without such days. */
  daysCoveredRatio: number | null;
}

export function windowAdherence(calendar: DayAdherence[], days: number): WindowAdherence {
  const window = calendar.slice(-days);
  let dosesTaken = 0;
  let dosesDue = 0;
  let daysWithDue = 0;
  let daysCovered = 0;
  for (const d of window) {
    dosesDue += d.due;
    dosesTaken += Math.min(d.taken, d.due);
    if (d.due > 0) {
      daysWithDue++;
      if (d.covered) daysCovered++;
    }
  }
  return {
    days,
    dosesTaken,
    dosesDue,
    doseAdherence: dosesDue ? dosesTaken / dosesDue : null,
    daysWithDue,
    daysCovered,
    daysCoveredRatio: daysWithDue ? daysCovered / daysWithDue : null,
  };
}
