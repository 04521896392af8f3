// Clinical urgency of open alerts (ADR 0012): which alert, and so which patient, a doctor should
// see first. One order for the triage list (within a tier), the alert inbox and the portal.
import { TIER_ORDER } from "./triage";
import type { AlertKind, Instant, TriageTier } from "./types";

/**
 * How soon an alert can do harm if nobody acts: 1 = critical (level-2 hypoglycaemia < 3.0 mmol/L,
 * BP crisis > 180 systolic or > 120 diastolic — contact the patient now), 2 = serious (grade-3
 * BP ≥ 180/110, glucose > 16.7 mmol/L — contact them today).
 */
export const ALERT_LEVEL: Record<AlertKind, 1 | 2> = {
  glucose_hypo_l2: 1,
  bp_crisis: 1,
  glucose_very_high: 2,
  bp_urgent: 2,
};

/** Within a level, for alerts raised at the same instant: the more immediately dangerous first. */
export const ALERT_KIND_ORDER: readonly AlertKind[] = [
  "glucose_hypo_l2",
  "bp_crisis",
  "glucose_very_high",
  "bp_urgent",
];

const KIND_RANK = new Map<string, number>(ALERT_KIND_ORDER.map((k, i) => [k, i]));
/** An unknown kind (a stored row from a newer or older version) sorts after every known one. */
const levelOf = (kind: string) => ALERT_LEVEL[kind as AlertKind] ?? 3;
const rankOf = (kind: string) => KIND_RANK.get(kind) ?? ALERT_KIND_ORDER.length;

/** An alert as the ordering needs it: its kind and when it was raised (epoch ms). */
export interface AlertStamp {
  kind: string;
  raisedAt: Instant;
}

/**
 * Most urgent first: level (critical before serious), then newest first, then kind
 * (hypo L2 > BP crisis > glucose > 16.7 > grade-3 BP). Negative when `a` comes first.
 */
export function compareAlertUrgency(a: AlertStamp, b: AlertStamp): number {
  return levelOf(a.kind) - levelOf(b.kind) || b.raisedAt - a.raisedAt || rankOf(a.kind) - rankOf(b.kind);
}

/** The most urgent of a patient's open alerts, or null when there are none. */
export function leadAlert<A extends AlertStamp>(open: readonly A[]): A | null {
  let lead: A | null = null;
  for (const a of open) if (lead === null || compareAlertUrgency(a, lead) < 0) lead = a;
  return lead;
}

/** What the triage order reads of one patient's row. */
export interface TriageStanding {
  tier: TriageTier;
  /** Their most urgent open alert (`leadAlert`), null without one. */
  lead: AlertStamp | null;
  openAlerts: number;
  /** Share of due doses taken over the adherence window; null when nothing was due. */
  doseAdherence14d: number | null;
}

/**
 * The triage list's order, short of the name: tier; within it patients with an open alert first,
 * by their most urgent alert (`compareAlertUrgency`), then more open alerts first; then the lowest
 * 14-day adherence (nothing due counts as 100 %). Callers break remaining ties by name.
 */
export function compareTriageUrgency(a: TriageStanding, b: TriageStanding): number {
  const byTier = TIER_ORDER[a.tier] - TIER_ORDER[b.tier];
  if (byTier) return byTier;
  if (a.lead || b.lead) {
    if (!a.lead) return 1;
    if (!b.lead) return -1;
    const byAlert = compareAlertUrgency(a.lead, b.lead) || b.openAlerts - a.openAlerts;
    if (byAlert) return byAlert;
  }
  return (a.doseAdherence14d ?? 1) - (b.doseAdherence14d ?? 1);
}
