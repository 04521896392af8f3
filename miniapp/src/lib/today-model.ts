import type { SlotStatus } from "@steady/shared";
import { toInstant } from "@steady/shared";
import type { Plan, TodaySlot } from "../api/types";
import type { QueueItem } from "../sync/queue";
import type { SettledDose } from "./dose-ledger";

export interface DoseRow {
  key: string;
  planId: string;
  drug: string;
  dose: string;
  scheduledAt: number;
  status: SlotStatus;
  /** The latest event for this slot is still on the phone (not uploaded). */
  pending: boolean;
  /** The server refused the latest event. */
  failedReason?: string;
  /** Queue item id of the latest event while it can still be undone. */
  undoId?: string;
  undoUntil?: number;
  /** How long past its time a due dose is (0 when not late). */
  lateMs: number;
  /** Confirmed extra doses for this slot (stored, settled or queued), counted once each. */
  extraDoses: number;
}

type Building = Omit<DoseRow, "extraDoses"> & { extraIds: Set<string> };

export const slotKey = (planId: string, scheduledAt: number) => `${planId}|${scheduledAt}`;

/**
 * Today's doses as the patient should see them: the server's slots (or the cached copy when
 * offline), then every event the server acknowledged after that copy was asked for
 * (`settled`, see dose-ledger.ts), then every Take/Skip still in the queue, in time order.
 */
export function doseRows(
  slots: TodaySlot[],
  queue: readonly QueueItem[],
  now: number,
  extraSlots: TodaySlot[] = [],
  settled: readonly SettledDose[] = [],
): DoseRow[] {
  const rows = new Map<string, Building>();
  for (const s of [...slots, ...extraSlots]) {
    const at = toInstant(s.scheduledAt);
    const key = slotKey(s.planId, at);
    if (rows.has(key)) continue;
    rows.set(key, {
      key,
      planId: s.planId,
      drug: s.drug,
      dose: s.dose,
      scheduledAt: at,
      status: s.status,
      pending: false,
      lateMs: 0,
      extraIds: new Set(s.extraDoseIds ?? []),
    });
  }
  for (const d of settled) {
    const row = rows.get(slotKey(d.planId, d.scheduledAt));
    if (!row) continue;
    row.status = d.status;
    if (d.extra) row.extraIds.add(d.id);
  }
  for (const item of queue) {
    if (item.kind !== "dose") continue;
    const key = slotKey(String(item.body.planId), toInstant(item.body.scheduledAt as number));
    const row = rows.get(key);
    if (!row) continue;
    const status = item.body.status as "taken" | "skipped";
    const held = item.holdUntil !== undefined && item.holdUntil > now;
    if (item.body.extra === true && item.state === "pending") row.extraIds.add(item.id);
    rows.set(key, {
      ...row,
      status: item.state === "failed" ? row.status : status,
      pending: item.state === "pending",
      failedReason:
        item.state === "failed" ? item.error?.messages.join("; ") || item.error?.status : undefined,
      undoId: held && item.state === "pending" ? item.id : undefined,
      undoUntil: held ? item.holdUntil : undefined,
    });
  }
  return [...rows.values()]
    .map(({ extraIds, ...r }) => {
      // A slot the server still calls "upcoming" may have come due since it answered.
      const status: SlotStatus = r.status === "upcoming" && r.scheduledAt <= now ? "due" : r.status;
      return {
        ...r,
        status,
        lateMs: status === "due" ? Math.max(0, now - r.scheduledAt) : 0,
        extraDoses: extraIds.size,
      };
    })
    .sort((a, b) => a.scheduledAt - b.scheduledAt || a.drug.localeCompare(b.drug));
}

/**
 * Medication plans as the patient should see them: the server's list with queued creates,
 * edits and stops applied in order.
 */
export type VisiblePlan = Plan & {
  /** When the plan was entered (ms): the shared rules list no slot before it (entryFloor). */
  enteredAt?: number;
  pending: boolean;
  stopped: boolean;
};

export function visiblePlans(serverPlans: Plan[], queue: readonly QueueItem[]): VisiblePlan[] {
  const byId = new Map<string, VisiblePlan>();
  for (const p of serverPlans) {
    // GET /me/plans lists the plan's revisions; the first one's validFrom is when it was entered.
    // (Plans cached by an older app may lack the history.)
    const first = p.history?.[0]?.validFrom;
    const enteredAt = first ? Date.parse(first) : undefined;
    byId.set(p.id, { ...p, enteredAt, pending: false, stopped: Boolean(p.stoppedAt) });
  }
  for (const item of queue) {
    if (item.state === "failed") continue;
    if (item.kind === "plan_create") {
      const body = item.body as unknown as Plan;
      // Entered on this phone when it was queued: the shared rules start it from then (entryFloor).
      if (!byId.has(body.id))
        byId.set(body.id, { ...body, enteredAt: item.queuedAt, pending: true, stopped: false });
    } else if (item.kind === "plan_patch" && item.target) {
      const p = byId.get(item.target);
      if (p) byId.set(item.target, { ...p, ...(item.body as Partial<Plan>), pending: true });
    } else if (item.kind === "plan_delete" && item.target) {
      const p = byId.get(item.target);
      if (p) byId.set(item.target, { ...p, pending: true, stopped: true });
    }
  }
  return [...byId.values()];
}
