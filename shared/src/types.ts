// Domain types shared by the API, the portal and the mini-program.

/** Epoch milliseconds, UTC. Every instant is stored and computed this way. */
export type Instant = number;
/** A calendar day in some time zone, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A wall-clock time of day, `HH:MM` (24 h). */
export type TimeOfDay = string;

export type Role = "patient" | "doctor" | "assistant" | "rep" | "manager" | "admin" | "safety" | "family";
export type PortalRole = Exclude<Role, "patient" | "family">;

export interface MedicationPlan {
  id: string;
  drug: string;
  dose: string;
  times: TimeOfDay[];
  /** First local day of the plan (inclusive). */
  startDate: LocalDate;
  /** Last local day of the plan (inclusive); open-ended when absent. */
  endDate?: LocalDate | null;
  /** Instant the plan stopped being active (a stop or delete); slots at or after it are not due. */
  stoppedAt?: Instant | null;
  /**
   * Instant this version of the plan took effect (a change of times mid-plan); slots before it
   * belong to the previous version. Absent for a plan's first version.
   */
  activeFrom?: Instant | null;
  /**
   * Instant the plan was entered (created). A plan that starts on the day it is entered has no
   * doses before it existed (see `entryFloor`); absent for callers that do not know it.
   */
  enteredAt?: Instant | null;
}

/** One scheduled dose, expanded from a plan in the patient's zone. */
export interface DoseSlot {
  planId: string;
  scheduledAt: Instant;
  localDate: LocalDate;
  time: TimeOfDay;
}

export type DoseStatus = "taken" | "skipped";
export type SlotStatus = "due" | "taken" | "skipped" | "upcoming";

/** A dose event as logged. Later `recordedAt` supersedes earlier ones for the same slot. */
export interface DoseEvent {
  planId: string;
  scheduledAt: Instant;
  status: DoseStatus;
  /** When the dose was taken/skipped (patient-reported). */
  at: Instant;
  /** When the server/client recorded the event; decides which event wins for a slot. */
  recordedAt: Instant;
}

export type BpCategory = "normal" | "high_normal" | "grade1" | "grade2" | "grade3";
export type GlucoseContext = "fasting" | "before_meal" | "after_meal_2h" | "bedtime" | "random";
export type GlucoseUnit = "mmol/L" | "mg/dL";
export type GlucoseCategory = "hypo_l2" | "hypo_l1" | "in_target" | "above_target" | "very_high";
export type AlertKind = "bp_urgent" | "bp_crisis" | "glucose_hypo_l2" | "glucose_very_high";

export interface BpReadingValue {
  systolic: number;
  diastolic: number;
  measuredAt: Instant;
}

export interface GlucoseReadingValue {
  /** Canonical mmol/L, one decimal. */
  mmol: number;
  context: GlucoseContext;
  measuredAt: Instant;
}

export type TriageTier = "urgent" | "attention" | "silent" | "stable";

/** Why a patient sits in their tier: a code the UI renders in the reader's language. */
export type TriageReason =
  | { code: "urgent_alert"; count: number }
  | { code: "low_adherence"; taken: number; due: number }
  | {
      code: "bp_above_target";
      systolic: number;
      diastolic: number;
      targetSystolic: number;
      targetDiastolic: number;
    }
  | { code: "glucose_hypo_rate"; percent: number }
  | { code: "glucose_hyper_rate"; percent: number }
  | { code: "silent"; days: number | null }
  | { code: "escalated" }
  /** The patient reported a side effect that put them in hospital, endangered life, or a death. */
  | { code: "serious_side_effect"; criteria: string[] }
  /** 药快吃完: the soonest run-out among the plans with a supply is within 3 days. */
  | { code: "supply_low"; drug: string; runOutDate: LocalDate; daysLeft: number }
  /** 可能已断药: the predicted run-out passed with no refill since. */
  | { code: "supply_out"; drug: string; runOutDate: LocalDate }
  /** 逾期未复诊: the next visit's date passed and no newer visit was set. */
  | { code: "revisit_overdue"; date: LocalDate; days: number }
  | {
      code: "unreachable";
      /** Why WeChat could not carry the reminder (e.g. no_quota, refused), when known. */
      wechat?: string;
      /** Why SMS could not (e.g. no_phone, no_consent, failed), when known. */
      sms?: string;
    };

export type Locale = "zh-CN" | "en";
