// The supply the patient should see (issue 13): the server's forecast from the last plans answer,
// plus what this phone knows and that answer cannot — 取了药 taps still in the outbox or
// acknowledged since, and doses taken since — so the run-out moves the moment the patient taps,
// offline too. The server recomputes the same from the same facts once they arrive.
import { forecastSupply, localDateOf, toInstant } from "@steady/shared";
import type { Plan, SupplyInfo } from "../api/types";
import type { QueueItem } from "../sync/queue";
import type { SettledDose } from "./dose-ledger";

/** A 取了药 the server acknowledged, kept until a plans answer lists its id. */
export interface SettledRefill {
  id: string;
  planId: string;
  tablets: number;
  at: number;
}

export interface LocalSupply extends SupplyInfo {
  /** Refills recorded on this phone that the server does not have yet. */
  pendingRefills: number;
}

/** Refill items of a queue answer, for the ledger of acknowledged refills. */
export function settleRefills(
  ledger: readonly SettledRefill[],
  items: readonly QueueItem[],
): SettledRefill[] {
  const added = items
    .filter((i) => i.kind === "refill")
    .map((i) => ({
      id: i.id,
      planId: String(i.body.planId),
      tablets: Number(i.body.tablets),
      at: Number(i.body.at ?? i.queuedAt),
    }));
  const ids = new Set(added.map((a) => a.id));
  return [...ledger.filter((r) => !ids.has(r.id)), ...added];
}

/** After a plans answer: forget the refills it lists (it is sure to count them). */
export function afterPlansAnswer(ledger: readonly SettledRefill[], plans: readonly Plan[]): SettledRefill[] {
  const known = new Set(plans.flatMap((p) => p.supply?.refills.map((r) => r.id) ?? []));
  return ledger.filter((r) => !known.has(r.id));
}

export function localSupply(
  plan: Plan,
  ctx: {
    queue: readonly QueueItem[];
    settledRefills: readonly SettledRefill[];
    settledDoses: readonly SettledDose[];
    /** When the request behind the cached plans left (doses settled after it are not in it). */
    plansAskedAt: number;
    now: number;
    tz: string;
  },
): LocalSupply | null {
  const supply = plan.supply;
  if (!supply) return null;
  const known = new Set(supply.refills.map((r) => r.id));
  const refills = new Map<string, { id: string; tablets: number; at: number }>();
  for (const r of ctx.settledRefills)
    if (r.planId === plan.id && !known.has(r.id))
      refills.set(r.id, { id: r.id, tablets: r.tablets, at: r.at });
  for (const i of ctx.queue) {
    if (i.kind !== "refill" || i.state !== "pending" || i.body.planId !== plan.id || known.has(i.id))
      continue;
    refills.set(i.id, { id: i.id, tablets: Number(i.body.tablets), at: Number(i.body.at ?? i.queuedAt) });
  }
  // Doses taken since the answer: the latest local event per slot decides (an undo or a Skip
  // after a Take counts no tablet); each confirmed extra dose is a tablet of its own. Only slots
  // already past count: the forecast already spends every slot still ahead.
  const countedAt = Date.parse(supply.countedAt);
  const latest = new Map<string, "taken" | "skipped">();
  let extras = 0;
  const consider = (scheduledAt: number, status: "taken" | "skipped", extra: boolean) => {
    if (scheduledAt < countedAt || scheduledAt > ctx.now) return;
    if (extra) {
      if (status === "taken") extras++;
      return;
    }
    latest.set(`${scheduledAt}`, status);
  };
  for (const d of ctx.settledDoses)
    if (d.planId === plan.id && d.settledAt >= ctx.plansAskedAt)
      consider(d.scheduledAt, d.status, d.extra === true);
  for (const i of ctx.queue) {
    if (i.kind !== "dose" || i.state !== "pending" || i.body.planId !== plan.id) continue;
    consider(
      toInstant(i.body.scheduledAt as number),
      i.body.status === "skipped" ? "skipped" : "taken",
      i.body.extra === true,
    );
  }
  const taken = [...latest.values()].filter((s) => s === "taken").length + extras;
  if (!refills.size && !taken) return { ...supply, pendingRefills: 0 };

  const added = [...refills.values()].reduce((n, r) => n + r.tablets, 0);
  const stock = Math.max(0, supply.stock - supply.perDose * taken) + added;
  // From now on, as a fresh count: every slot ahead spends a dose.
  const ahead = forecastSupply(
    { ...plan, stoppedAt: plan.stoppedAt == null ? null : toInstant(plan.stoppedAt) },
    { onHand: stock, perDose: supply.perDose, packSize: supply.packSize, countedAt: ctx.now },
    [],
    [],
    ctx.now,
    ctx.tz,
  );
  const open = supply.gaps.find((g) => g.open);
  // Still out of tablets and nothing added: the gap the server saw goes on.
  const keepGap = open && !added && stock < supply.perDose;
  const today = localDateOf(ctx.now, ctx.tz);
  return {
    ...supply,
    stock,
    runOutDate: keepGap ? supply.runOutDate : ahead.runOutDate,
    daysLeft: keepGap ? supply.daysLeft : ahead.daysLeft,
    // A refill closes the open gap today.
    gaps: added ? supply.gaps.map((g) => (g.open ? { ...g, to: today, open: false } : g)) : supply.gaps,
    refills: [
      ...supply.refills,
      ...[...refills.values()].map((r) => ({
        id: r.id,
        tablets: r.tablets,
        at: new Date(r.at).toISOString(),
      })),
    ],
    pendingRefills: [...refills.keys()].filter((id) => ctx.queue.some((i) => i.id === id)).length,
  };
}
