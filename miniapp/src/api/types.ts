// Response shapes of the API this app reads (docs/api.md). Request bodies come from @steady/shared.
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
  /** Ids of confirmed extra doses for this slot (a second "taken" the patient confirmed). */
  extraDoseIds?: string[];
}

/** A plan as the API returns it; `version` goes back as If-Match on an edit or stop (ADR 0011). */
/** A plan's supply and its forecast (issue 13), as GET /me/plans answers it. */
export interface SupplyInfo {
  onHand: number;
  perDose: number;
  packSize: number | null;
  countedAt: string;
  stock: number;
  runOutDate: string | null;
  daysLeft: number | null;
  gaps: Array<{ from: string; to: string; open: boolean; doses: number }>;
  refills: Array<{ id: string; tablets: number; at: string }>;
}

export type Plan = MedicationPlan & { version?: number; supply?: SupplyInfo | null };

/** The next visit (复诊). */
export interface Revisit {
  date: string;
  hospital: string | null;
  department: string | null;
  setBy: "patient" | "clinician";
  setAt: string;
  overdue: boolean;
}

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
  /** On 412: the resource as it is now (ADR 0011). */
  current?: unknown;
}

// --- reminders (GET /me/reminders) and SMS (GET|PUT /me/sms) -------------------------------

export interface QuotaView {
  templateId: string;
  purposes: string[];
  longTerm: boolean;
  /** Messages left; null for a long-term subscription. */
  remaining: number | null;
  acceptedTotal: number;
  refusedAt: string | null;
}

/** The patient's reminder settings (PATCH /me/reminders changes any of them). */
export interface ReminderSettings {
  enabled: boolean;
  followUps: boolean;
  weeklyTips: boolean;
  followUpDelayMinutes: number;
  /** Days before a plan's tablets run out that the refill reminder comes (server default 7). */
  refillLeadDays?: number;
  locale: "zh-CN" | "en";
}

export interface ReminderView {
  settings?: ReminderSettings;
  /** Sent back as If-Match on a change (ADR 0011); 0 while the settings are the defaults. */
  version?: number;
  /** ok · low (offer a top-up) · empty · off · unavailable (not set up). */
  status: "ok" | "low" | "empty" | "off" | "unavailable";
  remindersLeft: number | null;
  quotaExhausted: boolean;
  subscribeTemplateIds: string[];
  quota: QuotaView[];
  sms?: { consent: boolean; phoneGiven: boolean };
  lastReminder?: { reached: boolean; channel: string; wechat: string; sms: string; at: string } | null;
}

export interface SmsSettings {
  phone: string | null;
  consent: boolean;
  consentVersion: string | null;
  consentedAt: string | null;
  withdrawnAt: string | null;
  currentConsentVersion: string;
}

// --- family follow (/family/…) -------------------------------------------------------------

export interface FamilyShare {
  doses: boolean;
  bp: boolean;
  glucose: boolean;
}

export interface FollowerRow {
  id: string;
  status: "pending" | "active" | "expired" | "revoked";
  label: string | null;
  share: FamilyShare;
  notices: boolean;
  createdAt: string;
  acceptedAt: string | null;
  code?: string;
  expiresAt?: string | null;
}

export interface InviteCreated extends FollowerRow {
  path: string;
}

export interface InvitePreview {
  patient: { name: string };
  share: FamilyShare;
  notices: boolean;
  expiresAt: string;
  own: boolean;
}

export interface FollowingRow {
  id: string;
  patient: { name: string };
  share: FamilyShare;
  notices: boolean;
  acceptedAt: string | null;
}

export interface FollowingList {
  following: FollowingRow[];
  notices: { templateId: string; remaining: number | null; longTerm: boolean; page: string } | null;
}

export interface FamilyViewData {
  id: string;
  patient: { name: string };
  share: FamilyShare;
  notices: boolean;
  date: string;
  timezone: string;
  doses?: {
    today: Array<TodaySlot & { time?: string }>;
    week: {
      doseAdherence: number | null;
      dosesTaken: number;
      dosesDue: number;
      calendar?: Array<{ date: string; due: number; taken: number; skipped: number; covered: boolean }>;
    };
  };
  bp?: {
    readings: Array<Omit<BpRecord, "category"> & { category?: string }>;
    target: { systolic: number; diastolic: number };
  };
  glucose?: { readings: Array<Omit<GlucoseRecord, "category"> & { category?: string }> };
}

/** One read or change of the patient's record by someone else (GET /me/access-log). */
export interface AccessLogEntry {
  at: string;
  role: string;
  name: string | null;
  action: string;
}
