import type { Summary } from "../api/types";

type Day = NonNullable<Summary["calendar"]>[number];

/**
 * Days in a row, ending today, on which every due dose was taken. Days with nothing due
 * neither break nor extend the run; today only counts once it is covered (an unfinished
 * today does not break yesterday's run).
 */
export function streak(calendar: Day[], today: string): number {
  let n = 0;
  for (let i = calendar.length - 1; i >= 0; i--) {
    const d = calendar[i];
    if (!d || d.due === 0) continue;
    if (d.covered) n++;
    else if (d.date === today) continue;
    else break;
  }
  return n;
}

export type DayMark = "all" | "some" | "none" | "nodose";

/** How a calendar day is drawn: a symbol as well as a colour. */
export function dayMark(d: Day): DayMark {
  if (d.due === 0) return "nodose";
  if (d.covered) return "all";
  return d.taken > 0 ? "some" : "none";
}

export interface Scale {
  min: number;
  max: number;
  /** 0 (bottom) … 1 (top) for a value. */
  y: (v: number) => number;
}

/** A vertical scale that shows every value and the target band, with a little headroom. */
export function scaleFor(values: number[], band: [number, number], pad = 0.08): Scale {
  const lo = Math.min(band[0], ...values);
  const hi = Math.max(band[1], ...values);
  const span = hi - lo || 1;
  const min = lo - span * pad;
  const max = hi + span * pad;
  return { min, max, y: (v) => (v - min) / (max - min) };
}
