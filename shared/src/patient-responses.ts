// Response schemas of the patient's own routes (the mini-program): enrolment, the summary, the
// export, reminders and subscriptions, refills and the monthly self-report. Same rules as
// response-schemas.ts: loose objects, checked against real answers by the worker's tests.
import * as z from "zod/mini";
import { educationItem } from "./programme-schemas";
import { bpPair, date, iso, isoOrNull, ratio } from "./response-parts";
import { type Known, planResponse, supplyResponse } from "./response-schemas";

const named = z.looseObject({ name: z.string() });

/** GET /enrol/:code: who is behind a code, and the consent text version to accept. */
export const enrolPreviewResponse = z.looseObject({
  clinic: named,
  doctor: named,
  programme: z.looseObject({ name: z.string(), consentVersion: z.string() }),
});
export type EnrolPreviewResponse = Known<z.output<typeof enrolPreviewResponse>>;

export const enrolResponse = z.looseObject({ enrolmentId: z.string(), clinic: named, doctor: named });
export type EnrolResponse = Known<z.output<typeof enrolResponse>>;

/** One day of an adherence calendar (the summary's, the family view's). */
export const calendarDayResponse = z.looseObject({
  date,
  due: z.number(),
  taken: z.number(),
  skipped: z.number(),
  covered: z.boolean(),
});

export const summaryResponse = z.looseObject({
  from: date,
  to: date,
  days: z.number(),
  doseAdherence: ratio,
  onTime: ratio,
  dosesTaken: z.number(),
  dosesDue: z.number(),
  daysCovered: ratio,
  adherent: z.nullable(z.boolean()),
  calendar: z.array(calendarDayResponse),
  bp: z.looseObject({
    mean7d: z.nullable(z.looseObject({ systolic: z.number(), diastolic: z.number(), n: z.number() })),
    controlled: z.nullable(z.boolean()),
    target: bpPair,
    readings: z.number(),
  }),
  glucose: z.looseObject({
    timeInRange: ratio,
    hypoCount: z.number(),
    readings: z.number(),
    hypoRate14d: ratio,
    hyperRate14d: ratio,
  }),
});
export type SummaryResponse = Known<z.output<typeof summaryResponse>>;

/** GET /me/export (PIPL art. 45): everything held about the patient; the record kinds vary. */
export const exportResponse = z.looseObject({
  exportedAt: iso,
  profile: z.nullable(z.looseObject({ id: z.string() })),
  plans: z.array(planResponse),
  accessLog: z.array(z.looseObject({ at: iso, action: z.string() })),
});
export type ExportResponse = Known<z.output<typeof exportResponse>>;

/** This week's education tip in full (null before enrolment or without tips). */
export const tipResponse = z.looseObject({ tip: z.nullable(educationItem) });
export type TipResponse = Known<z.output<typeof tipResponse>>;

/** The patient's WeChat subscription quota for one template. */
export const quotaResponse = z.looseObject({
  templateId: z.string(),
  purposes: z.array(z.string()),
  longTerm: z.boolean(),
  /** null: a long-term template, no count. */
  remaining: z.nullable(z.number()),
  acceptedTotal: z.number(),
  lastAcceptedAt: isoOrNull,
  refusedAt: isoOrNull,
});

/** POST /me/subscriptions and /family/subscriptions: one wx.requestSubscribeMessage result. */
export const subscriptionResponse = z.looseObject({
  templateId: z.string(),
  result: z.string(),
  accepted: z.boolean(),
  quota: quotaResponse,
});
export type SubscriptionResponse = Known<z.output<typeof subscriptionResponse>>;

export const REMINDER_VIEW_STATUSES = ["ok", "low", "empty", "off", "unavailable"] as const;

export const remindersResponse = z.looseObject({
  settings: z.looseObject({
    enabled: z.boolean(),
    followUps: z.boolean(),
    weeklyTips: z.boolean(),
    followUpDelayMinutes: z.number(),
    refillLeadDays: z.number(),
    locale: z.enum(["zh-CN", "en"]),
  }),
  version: z.number(),
  status: z.enum(REMINDER_VIEW_STATUSES),
  remindersLeft: z.nullable(z.number()),
  quotaExhausted: z.boolean(),
  unsentLast7Days: z.number(),
  lastSentAt: isoOrNull,
  subscribeTemplateIds: z.array(z.string()),
  templates: z.array(z.looseObject({ purpose: z.string(), templateId: z.string(), longTerm: z.boolean() })),
  quota: z.array(quotaResponse),
  sms: z.looseObject({ consent: z.boolean(), phoneGiven: z.boolean() }),
  lastReminder: z.nullable(
    z.looseObject({
      reached: z.boolean(),
      channel: z.nullable(z.string()),
      at: iso,
    }),
  ),
});
export type RemindersResponse = Known<z.output<typeof remindersResponse>>;

/** 取了药: the refill as stored, and the plan's supply after it. */
export const refillResponse = z.looseObject({
  id: z.string(),
  planId: z.string(),
  tablets: z.number(),
  at: iso,
  supply: z.nullable(supplyResponse),
});
export type RefillResponse = Known<z.output<typeof refillResponse>>;

/** One monthly self-report (Hill-Bone, issue 13). */
export const selfReportResponse = z.looseObject({
  id: z.string(),
  month: z.string(),
  answers: z.array(z.nullable(z.number())),
  score: z.nullable(z.number()),
  perfect: z.nullable(z.boolean()),
  submittedAt: iso,
});
export type SelfReportResponse = Known<z.output<typeof selfReportResponse>>;

export const mySelfReportsResponse = z.looseObject({ reports: z.array(selfReportResponse) });
export type MySelfReportsResponse = Known<z.output<typeof mySelfReportsResponse>>;

/** The clinician's list: each report beside the logged 30-day adherence, the latest with a flag. */
export const patientSelfReportsResponse = z.looseObject({
  logged30d: ratio,
  reports: z.array(
    z.extend(selfReportResponse, {
      disagreement: z.nullable(z.enum(["reports_better", "reports_worse"])),
    }),
  ),
});
export type PatientSelfReportsResponse = Known<z.output<typeof patientSelfReportsResponse>>;
