import { localDateOf, localTimeOf, toInstant } from "@steady/shared";
import type { Summary, TodaySlot } from "../api/types";
import type { QueueItem } from "../sync/queue";
import type { SettledDose } from "./dose-ledger";
import { doseRows } from "./today-model";

type Day = NonNullable<Summary["calendar"]>[number];

/**
 * The server's calendar with the doses this phone knows and the answer cannot: Take/Skip still
 * in the outbox and those acknowledged after the summary was asked for. Each slot's status comes
 * from the same merge as the today view (`doseRows`: cache, then ledger, then queue), so a dose
 * taken offline is "taken" on the calendar exactly when it is on the today card. A slot's
 * server status is read from the cached today answer when there is one (else: not taken).
 */
export function calendarWithLocal(
  calendar: readonly Day[],
  ctx: {
    queue: readonly QueueItem[];
    settled: readonly SettledDose[];
    today: Record<string, TodaySlot[]>;
    /** When the summary request left. */
    askedAt: number;
    now: number;
    tz: string;
  },
): Day[] {
  const fresh = ctx.settled.filter((d) => d.settledAt >= ctx.askedAt);
  const localKeys = new Map<string, Set<string>>(); // date → slots with a local event
  const note = (planId: string, at: number) => {
    const date = localDateOf(at, ctx.tz);
    const set = localKeys.get(date) ?? new Set<string>();
    set.add(`${planId}|${at}`);
    localKeys.set(date, set);
  };
  for (const d of fresh) if (!d.extra) note(d.planId, d.scheduledAt);
  for (const i of ctx.queue)
    if (i.kind === "dose" && i.state === "pending" && i.body.extra !== true)
      note(String(i.body.planId), toInstant(i.body.scheduledAt as number));
  if (!localKeys.size) return [...calendar];
  return calendar.map((day) => {
    const keys = localKeys.get(day.date);
    if (!keys) return day;
    const cached = ctx.today[day.date] ?? [];
    const server = new Map(cached.map((s) => [`${s.planId}|${toInstant(s.scheduledAt)}`, s.status]));
    // Slots with a local event, as slots of their own when the cache lacks them.
    const slots: TodaySlot[] = [...keys].map((k) => {
      const [planId, at] = k.split("|") as [string, string];
      const known = cached.find((s) => s.planId === planId && toInstant(s.scheduledAt) === Number(at));
      return (
        known ?? {
          planId,
          drug: "",
          dose: "",
          scheduledAt: new Date(Number(at)).toISOString(),
          time: localTimeOf(Number(at), ctx.tz),
          status: "due",
        }
      );
    });
    let { taken, skipped } = day;
    for (const row of doseRows(slots, ctx.queue, ctx.now, [], fresh)) {
      const was = server.get(`${row.planId}|${row.scheduledAt}`);
      if (row.status === was) continue;
      if (was === "taken") taken--;
      if (was === "skipped") skipped--;
      if (row.status === "taken") taken++;
      if (row.status === "skipped") skipped++;
    }
    taken = Math.max(0, Math.min(day.due, taken));
    skipped = Math.max(0, Math.min(day.due - taken, skipped));
    return { ...day, taken, skipped, covered: day.due > 0 && taken >= day.due };
  });
}

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
