// Response schemas of the clinicians' routes (the portal): alerts, the follow-up worklist and
// calls, notes, targets and condition, a patient's reminder history; and the dev outbox.
// Same rules as response-schemas.ts.
import * as z from "zod/mini";
import { FOLLOW_UP_OUTCOMES } from "./care-schemas";
import { PATIENT_CONDITIONS } from "./conditions";
import { bpPair, date, iso, isoOrNull, person, ratio } from "./response-parts";
import type { Known } from "./response-schemas";
import { MISSED_DOSE_REASONS } from "./schemas";
import { REMINDER_KINDS, SEND_STATUSES } from "./vocabulary";

export const alertAckResponse = z.looseObject({
  id: z.string(),
  kind: z.string(),
  acknowledgedBy: z.nullable(z.string()),
  acknowledgedAt: isoOrNull,
});
export type AlertAckResponse = Known<z.output<typeof alertAckResponse>>;

/** One monthly follow-up call as recorded. */
export const callResponse = z.looseObject({
  id: z.string(),
  dueDate: date,
  at: iso,
  outcome: z.enum(FOLLOW_UP_OUTCOMES),
  note: z.nullable(z.string()),
  missedDoseReasons: z.array(z.enum(MISSED_DOSE_REASONS)),
  by: z.nullable(person),
  escalationResolvedAt: isoOrNull,
});
export type CallResponse = Known<z.output<typeof callResponse>>;

export const callsResponse = z.looseObject({ calls: z.array(callResponse) });
export type CallsResponse = Known<z.output<typeof callsResponse>>;

/** The morning's calls across the caller's clinics: where each patient stands in the cycle. */
export const worklistResponse = z.looseObject({
  rows: z.array(
    z.looseObject({
      patientId: z.string(),
      name: z.string(),
      phone: z.nullable(z.string()),
      doctorName: z.string(),
      tier: z.enum(["urgent", "attention", "silent", "stable"]),
      reasons: z.array(z.string()),
      doseAdherence14d: ratio,
      daysCovered30d: ratio,
      dueDate: date,
      due: z.boolean(),
      overdueDays: z.number(),
      attempts: z.number(),
      lastCall: z.nullable(
        z.looseObject({ id: z.string(), at: z.number(), outcome: z.enum(FOLLOW_UP_OUTCOMES) }),
      ),
      calledToday: z.boolean(),
    }),
  ),
});
export type WorklistResponse = Known<z.output<typeof worklistResponse>>;

export const noteResponse = z.looseObject({
  id: z.string(),
  body: z.string(),
  createdAt: iso,
  author: person,
});
export type NoteResponse = Known<z.output<typeof noteResponse>>;

export const notesResponse = z.looseObject({ notes: z.array(noteResponse) });
export type NotesResponse = Known<z.output<typeof notesResponse>>;

/** The doctor's home-BP target; `bp` null: the programme default applies. */
export const targetsResponse = z.looseObject({
  bp: z.nullable(bpPair),
  usesProgrammeDefault: z.boolean(),
  version: z.number(),
});
export type TargetsResponse = Known<z.output<typeof targetsResponse>>;

export const conditionResponse = z.looseObject({
  condition: z.nullable(z.enum(PATIENT_CONDITIONS)),
  version: z.number(),
});
export type ConditionResponse = Known<z.output<typeof conditionResponse>>;

/** The last 30 days of reminder sends to a patient and their WeChat quota. */
export const reminderHistoryResponse = z.looseObject({
  sends: z.array(
    z.looseObject({
      id: z.number(),
      kind: z.enum(REMINDER_KINDS),
      dueAt: iso,
      channel: z.string(),
      status: z.enum(SEND_STATUSES),
      attempts: z.number(),
      sentAt: isoOrNull,
      errcode: z.nullable(z.number()),
    }),
  ),
  quota: z.array(
    z.looseObject({
      templateId: z.string(),
      remaining: z.number(),
      longTerm: z.boolean(),
      refused: z.boolean(),
    }),
  ),
});
export type ReminderHistoryResponse = Known<z.output<typeof reminderHistoryResponse>>;

/** Dev mode: the messages the mail/SMS adapter did not really send. */
export const outboxResponse = z.looseObject({
  messages: z.array(
    z.looseObject({
      id: z.string(),
      channel: z.string(),
      to: z.string(),
      subject: z.string(),
      body: z.string(),
      createdAt: iso,
    }),
  ),
});
export type OutboxResponse = Known<z.output<typeof outboxResponse>>;
