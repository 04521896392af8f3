// Response shapes of the API this app reads (API.md). Request bodies come from @steady/shared.
import type { BpCategory, GlucoseCategory, MedicationPlan, SlotStatus } from "@steady/shared";

export interface LoginResult {
  token: string;
  patientId: string;
  enrolled: boolean;
}

export interface EnrolResult {
  enrolmentId: string;
  clinic: { name: string };
  doctor: { name: string };
}

export interface CodePreview {
  clinic: { name: string };
  doctor: { name: string };
  programme?: { name: string; consentVersion: string };
}

export interface TodaySlot {
  planId: string;
  drug: string;
  dose: string;
  scheduledAt: string;
  status: SlotStatus;
  doseId?: string;
}

export type Plan = MedicationPlan;

export interface Summary {
  doseAdherence: number | null;
  daysCovered: number | null;
  adherent: boolean | null;
  /** One entry per local day of the window, oldest first. */
  calendar?: Array<{ date: string; due: number; taken: number; skipped: number; covered: boolean }>;
  bp: {
    mean7d: { systolic: number; diastolic: number } | null;
    controlled: boolean | null;
    target?: { systolic: number; diastolic: number };
  };
  glucose: { timeInRange: number | null; hypoCount: number };
}

export interface BpRecord {
  id: string;
  systolic: number;
  diastolic: number;
  pulse?: number | null;
  measuredAt: string;
  category?: BpCategory;
}

export interface GlucoseRecord {
  id: string;
  /** mmol/L */
  value: number;
  context: string;
  measuredAt: string;
  category?: GlucoseCategory;
}

export interface DoseRecord {
  id: string;
  planId: string;
  scheduledAt: string;
  status: "taken" | "skipped";
  at?: string;
}

export type SyncStatus = "created" | "duplicate" | "conflict" | "rejected";
export interface SyncResult {
  /** null when the item carried no id (the server rejects it). */
  id: string | null;
  /** One of SyncStatus; typed wider because the server's type is (unknown values stay queued). */
  status: SyncStatus | (string & {});
  errors?: { path: string; message: string }[];
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}
