// Triage tiers for a doctor's patient list (docs/definitions.md, Triage): which patients need a look
// first, and why.

import { RUN_OUT_SOON_DAYS } from "./refills";
import { DEFAULT_THRESHOLDS, type Thresholds } from "./thresholds";
import { MS_PER_DAY } from "./time";
import type { Instant, LocalDate, TriageReason, TriageTier } from "./types";

export interface TriageInput {
  unackedUrgentAlerts: number;
  dosesTaken14d: number;
  dosesDue14d: number;
  /** Rounded 7-day mean of home BP, or null without readings. */
  bpMean7d: { systolic: number; diastolic: number } | null;
  bpTarget: { systolic: number; diastolic: number };
  glucose: { n: number; hypoRate: number | null; hyperRate: number | null } | null;
  /** Last log of any kind (dose, BP, glucose); null when nothing was ever logged. */
  lastActivityAt: Instant | null;
  enrolledAt: Instant;
  now: Instant;
  /** An assistant escalated a follow-up call to the doctor. */
  escalated?: boolean;
  /**
   * Criteria (death, life_threatening, hospitalisation) of the patient's own recent side-effect
   * report, when it named any: the doctor should hear of it today (safety ADR 0010).
   */
  seriousSideEffect?: string[] | null;
  /** No reminder channel reaches the patient (with why, when known). */
  unreachable?: boolean | { wechat?: string; sms?: string };
  /** The soonest predicted run-out of the patient's plans (days from today, negative when past). */
  supply?: { drug: string; runOutDate: LocalDate; daysLeft: number } | null;
  /** The next visit and how many days it is overdue (0 or less: not overdue). */
  revisit?: { date: LocalDate; overdueDays: number } | null;
}

export interface TriageResult {
  tier: TriageTier;
  /** Every reason that applies, most severe first. */
  reasons: TriageReason[];
}

/** Sort key for tiers: urgent first. */
export const TIER_ORDER: Record<TriageTier, number> = { urgent: 0, attention: 1, silent: 2, stable: 3 };

/**
 * Tier: urgent (an unacknowledged urgent alert, or the patient's own report of a side effect with
 * hospitalisation, a threat to life or a death) > attention (dose adherence below 50 %
 * over 14 d with a dose due, home BP mean not below target, a glucose hypo/hyper flag,
 * an escalation, or no reminder channel) > silent (nothing logged for 7 d — counted from
 * enrolment when nothing was ever logged, so a patient enrolled < 7 d ago is not silent)
 * > stable.
 *
 * Reasons, most severe first: urgent alert, escalation, hypoglycaemia rate, BP above
 * target, hyperglycaemia rate, low adherence, run out / running out of tablets, overdue visit,
 * unreachable, silent.
 */
export function triage(input: TriageInput, t: Thresholds = DEFAULT_THRESHOLDS): TriageResult {
  const urgent: TriageReason[] = [];
  const attention: TriageReason[] = [];
  const silent: TriageReason[] = [];

  if (input.unackedUrgentAlerts > 0) urgent.push({ code: "urgent_alert", count: input.unackedUrgentAlerts });
  if (input.seriousSideEffect?.length)
    urgent.push({ code: "serious_side_effect", criteria: input.seriousSideEffect });

  if (input.escalated) attention.push({ code: "escalated" });

  const g = input.glucose;
  if (g && g.n > 0 && g.hypoRate !== null && g.hypoRate >= t.glucose.hypoRateFlag) {
    attention.push({ code: "glucose_hypo_rate", percent: Math.round(g.hypoRate * 100) });
  }

  const bp = input.bpMean7d;
  if (bp && (bp.systolic >= input.bpTarget.systolic || bp.diastolic >= input.bpTarget.diastolic)) {
    attention.push({
      code: "bp_above_target",
      systolic: bp.systolic,
      diastolic: bp.diastolic,
      targetSystolic: input.bpTarget.systolic,
      targetDiastolic: input.bpTarget.diastolic,
    });
  }

  if (g && g.n > 0 && g.hyperRate !== null && g.hyperRate >= t.glucose.hyperRateFlag) {
    attention.push({ code: "glucose_hyper_rate", percent: Math.round(g.hyperRate * 100) });
  }

  if (input.dosesDue14d > 0 && input.dosesTaken14d / input.dosesDue14d < t.triage.lowAdherence) {
    attention.push({ code: "low_adherence", taken: input.dosesTaken14d, due: input.dosesDue14d });
  }

  const supply = input.supply;
  if (supply && supply.daysLeft < 0) {
    attention.push({ code: "supply_out", drug: supply.drug, runOutDate: supply.runOutDate });
  } else if (supply && supply.daysLeft <= RUN_OUT_SOON_DAYS) {
    attention.push({
      code: "supply_low",
      drug: supply.drug,
      runOutDate: supply.runOutDate,
      daysLeft: supply.daysLeft,
    });
  }

  if (input.revisit && input.revisit.overdueDays > 0) {
    attention.push({ code: "revisit_overdue", date: input.revisit.date, days: input.revisit.overdueDays });
  }

  if (input.unreachable) {
    const why = typeof input.unreachable === "object" ? input.unreachable : {};
    attention.push({
      code: "unreachable",
      ...(why.wechat ? { wechat: why.wechat } : {}),
      ...(why.sms ? { sms: why.sms } : {}),
    });
  }

  // Quiet since the last log, or since enrolment when nothing was logged after it (a log
  // from before a re-enrolment does not count).
  const last = input.lastActivityAt;
  const lastSinceEnrolment = last !== null && last >= input.enrolledAt ? last : null;
  const quietMs = input.now - (lastSinceEnrolment ?? input.enrolledAt);
  if (quietMs >= t.triage.silentDays * MS_PER_DAY) {
    silent.push({
      code: "silent",
      days: lastSinceEnrolment === null ? null : Math.floor(quietMs / MS_PER_DAY),
    });
  }

  const tier: TriageTier =
    urgent.length > 0
      ? "urgent"
      : attention.length > 0
        ? "attention"
        : silent.length > 0
          ? "silent"
          : "stable";
  return { tier, reasons: [...urgent, ...attention, ...silent] };
}
