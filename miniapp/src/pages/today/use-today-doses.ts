import { expandSlots, localDateOf } from "@steady/shared";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { TodaySlot } from "../../api/types";
import { type DoseRow, doseRows, visiblePlans } from "../../lib/today-model";
import { undoWindowMs } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

export type LogOptions = { extraDose?: boolean; skipReason?: string };

/**
 * Today's dose rows: the server's list, this phone's unsent taps on top, and the doses of plans the
 * server has not listed; a clock that ticks for the undo countdowns and late marks; and the write
 * of a Take or Skip through the outbox.
 */
export function useTodayDoses() {
  const { state, store } = useApp();
  const [now, setNow] = useState(() => store.now());
  const date = localDateOf(now, state.tz);

  const load = useCallback(async () => {
    const d = localDateOf(store.now(), store.state.tz);
    await Promise.all([
      store.refreshToday(d),
      store.refreshPlans(),
      // Reminders left and the templates to ask for: the page works without them.
      store.refreshReminders().catch(() => undefined),
    ]);
  }, [store]);
  const gate = useGate(load);

  // Tick every second while an undo countdown runs, every half minute otherwise (late marks).
  const holding = state.queue.some((i) => i.holdUntil !== undefined && i.holdUntil > now);
  useEffect(() => {
    const timer = setInterval(() => setNow(store.now()), holding ? 1000 : 30_000);
    return () => clearInterval(timer);
  }, [holding, store]);

  // Doses the server has not listed: plans created on this phone and not uploaded yet, and —
  // offline on a day never fetched — every known plan, expanded here with the shared rules.
  const extra = useMemo<TodaySlot[]>(() => {
    const fetched = state.today[date];
    const known = new Set((fetched ?? []).map((s) => s.planId));
    return visiblePlans(state.plans ?? [], state.queue)
      .filter((p) => !p.stopped && !known.has(p.id) && (p.pending || !fetched))
      .flatMap((p) =>
        expandSlots({ ...p, stoppedAt: null }, date, date, state.tz).map((slot) => ({
          planId: p.id,
          drug: p.drug,
          dose: p.dose,
          scheduledAt: new Date(slot.scheduledAt).toISOString(),
          time: slot.time,
          status: "upcoming" as const,
        })),
      );
  }, [state.today, state.plans, state.queue, date, state.tz]);

  const rows = doseRows(state.today[date] ?? [], state.queue, now, extra, state.settled);

  const log = async (row: DoseRow, status: "taken" | "skipped", opts: LogOptions = {}) => {
    const { extraDose = false, skipReason } = opts;
    // A new tap on the same slot replaces a Take/Skip that is still inside its undo window.
    if (row.undoId && !extraDose) await store.queue.remove(row.undoId);
    await store.write(
      "dose",
      {
        planId: row.planId,
        scheduledAt: row.scheduledAt,
        status,
        at: store.now(),
        ...(extraDose ? { extra: true } : {}),
        ...(skipReason ? { skipReason } : {}),
      },
      { holdMs: undoWindowMs },
    );
    setNow(store.now());
  };

  return { date, now, rows, gate, log };
}
