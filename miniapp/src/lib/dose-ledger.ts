// The phone's record of dose events the server has acknowledged but that the cached
// `GET /me/today` answer may not show yet. Together with the offline queue (not yet
// acknowledged) and the cache (the server's last answer) it is the one local state the
// today view is drawn from:
//
//   screen(slot) = latest queued event ?? latest settled event newer than the cache ?? cache
//
// A settled event is kept until a today answer for its day arrives from a request that
// *started after* the acknowledgement: only such an answer is sure to include it (or
// something newer, e.g. a second phone's event). An older answer can never undo a tap.
import { localDateOf, toInstant } from "@steady/shared";
import type { QueueItem } from "../sync/queue";

export interface SettledDose {
  /** Client id of the event (the server's doseId). */
  id: string;
  planId: string;
  scheduledAt: number;
  /** Local day of the slot in the patient's zone (the key of the today cache). */
  date: string;
  status: "taken" | "skipped";
  extra?: boolean;
  /** When this phone heard the server acknowledge it (this phone's clock). */
  settledAt: number;
}

/** How many days of settled events to keep (the today cache keeps three). */
const KEEP_DAYS = 3;

/** Dose items of a queue answer, recorded as settled at `now`; later entries win per slot. */
export function settleDoses(
  ledger: readonly SettledDose[],
  items: readonly QueueItem[],
  now: number,
  tz: string,
): SettledDose[] {
  const added: SettledDose[] = [];
  for (const i of items) {
    if (i.kind !== "dose") continue;
    const scheduledAt = toInstant(i.body.scheduledAt as number | string);
    added.push({
      id: i.id,
      planId: String(i.body.planId),
      scheduledAt,
      date: localDateOf(scheduledAt, tz),
      status: i.body.status === "skipped" ? "skipped" : "taken",
      ...(i.body.extra === true ? { extra: true } : {}),
      settledAt: now,
    });
  }
  if (!added.length) return [...ledger];
  const ids = new Set(added.map((a) => a.id));
  return [...ledger.filter((d) => !ids.has(d.id)), ...added];
}

/**
 * After a today answer for `date` from a request started at `startedAt`: forget what that
 * answer is sure to contain (settled strictly before the request left: within the same
 * millisecond the order is unknown, so the event is kept for the next answer); keep only
 * recent days.
 */
export function afterTodayAnswer(
  ledger: readonly SettledDose[],
  date: string,
  startedAt: number,
  keepFrom: string,
): SettledDose[] {
  return ledger.filter((d) => d.date >= keepFrom && !(d.date === date && d.settledAt < startedAt));
}

export { KEEP_DAYS };
