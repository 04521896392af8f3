// The assistant's follow-up worklist: the programme plans one call a month per patient. A call
// that reached the patient (or escalated them to the doctor) starts the next month; a call that
// did not reach them leaves the patient due and counts as an attempt.
import {
  addDays,
  daysBetween,
  type FollowUpOutcome,
  type LocalDate,
  localDateOf,
  type MissedDoseReason,
} from "@steady/shared";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { followUps, patients, users } from "../db/schema";
import type { Db } from "../env";
import type { TriageRow } from "../triage/list";

/** Days between planned calls ("one call a month"). */
export const CALL_INTERVAL_DAYS = 30;

export interface CallRecord {
  id: string;
  at: number;
  outcome: FollowUpOutcome;
}

export interface FollowUpState {
  /** The local day the current month's call is due. */
  dueDate: LocalDate;
  due: boolean;
  /** Days past the due date (0 on the day; negative before it). */
  overdueDays: number;
  /** Calls that did not reach the patient since the last contact. */
  attempts: number;
  lastCall: CallRecord | null;
  /** The last call was today (in the patient's zone): done for today, whatever the outcome. */
  calledToday: boolean;
}

const isContact = (c: CallRecord) => c.outcome === "reached" || c.outcome === "escalated";

/**
 * Where a patient stands in the monthly call cycle on `today` (their local day).
 * The anchor is the last contact's local day, or the enrolment day without one; the call is due
 * CALL_INTERVAL_DAYS later.
 */
export function followUpState(
  enrolledAt: number,
  calls: CallRecord[],
  now: number,
  tz: string,
): FollowUpState {
  const today = localDateOf(now, tz);
  const sorted = [...calls].sort((a, b) => a.at - b.at);
  const lastContact = sorted.filter(isContact).at(-1) ?? null;
  const anchor = localDateOf(lastContact?.at ?? enrolledAt, tz);
  const dueDate = addDays(anchor, CALL_INTERVAL_DAYS);
  const lastCall = sorted.at(-1) ?? null;
  return {
    dueDate,
    due: dueDate <= today,
    overdueDays: daysBetween(dueDate, today),
    attempts: sorted.filter((c) => c.outcome === "not_reached" && c.at > (lastContact?.at ?? -1)).length,
    lastCall,
    calledToday: lastCall != null && localDateOf(lastCall.at, tz) === today,
  };
}

export interface WorklistRow extends FollowUpState {
  patientId: string;
  name: string;
  phone: string | null;
  doctorName: string;
  tier: TriageRow["tier"];
  reasons: string[];
  reasonCodes: TriageRow["reasonCodes"];
  doseAdherence14d: number | null;
  daysCovered30d: number | null;
}

/**
 * Order for a morning of calls: not yet called today first, then the lowest dose adherence
 * (no doses due — adherence unknown — after every measured one), then the longest overdue.
 */
export function compareWorklist(a: WorklistRow, b: WorklistRow): number {
  const adh = (r: WorklistRow) => r.doseAdherence14d ?? Number.POSITIVE_INFINITY;
  return (
    Number(a.calledToday) - Number(b.calledToday) ||
    adh(a) - adh(b) ||
    b.overdueDays - a.overdueDays ||
    a.name.localeCompare(b.name, "zh-CN")
  );
}

async function callsByPatient(db: Db, ids: string[]) {
  const out = new Map<string, CallRecord[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .select({
        id: followUps.id,
        patientId: followUps.patientId,
        at: followUps.doneAt,
        outcome: followUps.outcome,
      })
      .from(followUps)
      .where(inArray(followUps.patientId, ids.slice(i, i + 500)));
    for (const r of rows) {
      if (r.at == null || r.outcome == null) continue;
      const list = out.get(r.patientId) ?? [];
      list.push({ id: r.id, at: r.at, outcome: r.outcome as FollowUpOutcome });
      out.set(r.patientId, list);
    }
  }
  return out;
}

async function contactsOf(db: Db, ids: string[]) {
  const out = new Map<string, { phone: string | null; timezone: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .select({ id: patients.id, phone: patients.phone, timezone: patients.timezone })
      .from(patients)
      .where(inArray(patients.id, ids.slice(i, i + 500)));
    for (const r of rows) out.set(r.id, { phone: r.phone, timezone: r.timezone });
  }
  return out;
}

/** The patients of the triage list who are due for their monthly call, in calling order. */
export async function worklist(db: Db, triage: TriageRow[], now: number): Promise<WorklistRow[]> {
  const ids = triage.map((r) => r.patientId);
  const [calls, contacts] = await Promise.all([callsByPatient(db, ids), contactsOf(db, ids)]);
  const rows: WorklistRow[] = [];
  for (const r of triage) {
    const contact = contacts.get(r.patientId);
    const state = followUpState(
      Date.parse(r.enrolledAt),
      calls.get(r.patientId) ?? [],
      now,
      contact?.timezone ?? "Asia/Shanghai",
    );
    // A missed follow-up visit (逾期未复诊) puts the patient on the list whatever the call schedule.
    if (!state.due && !r.reasonCodes.some((x) => x.code === "revisit_overdue")) continue;
    rows.push({
      ...state,
      patientId: r.patientId,
      name: r.name,
      phone: contact?.phone ?? null,
      doctorName: r.doctorName,
      tier: r.tier,
      reasons: r.reasons,
      reasonCodes: r.reasonCodes,
      doseAdherence14d: r.doseAdherence14d,
      daysCovered30d: r.daysCovered30d,
    });
  }
  return rows.sort(compareWorklist);
}

export interface CallView {
  id: string;
  dueDate: string;
  at: string;
  outcome: FollowUpOutcome;
  note: string | null;
  missedDoseReasons: MissedDoseReason[];
  by: { id: string; name: string } | null;
  escalationResolvedAt: string | null;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

function callView(r: typeof followUps.$inferSelect, byName: string | null): CallView {
  return {
    id: r.id,
    dueDate: r.dueDate,
    at: iso(r.doneAt) as string,
    outcome: r.outcome as FollowUpOutcome,
    note: r.note,
    missedDoseReasons: r.missedDoseReasons ?? [],
    by: r.doneBy ? { id: r.doneBy, name: byName ?? "" } : null,
    escalationResolvedAt: iso(r.escalationResolvedAt),
  };
}

export async function listCalls(db: Db, patientId: PatientRef): Promise<CallView[]> {
  const rows = await db
    .select({ f: followUps, byName: users.name })
    .from(followUps)
    .leftJoin(users, eq(users.id, followUps.doneBy))
    .where(eq(followUps.patientId, patientId));
  return rows.map((r) => callView(r.f, r.byName)).sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * Records a call, idempotent on the client's id: the same id and call again → duplicate, the
 * same id with a different call (or patient) → conflict.
 */
export async function recordCall(
  db: Db,
  input: {
    id: string;
    patientId: PatientRef;
    outcome: FollowUpOutcome;
    note: string | null;
    missedDoseReasons?: MissedDoseReason[];
    by: string;
    enrolledAt: number;
    timezone: string;
  },
  now: number,
): Promise<{ outcome: "created" | "duplicate" | "conflict"; call: CallView | null }> {
  const [existing] = await db.select().from(followUps).where(eq(followUps.id, input.id));
  if (existing) {
    const same =
      existing.patientId === input.patientId &&
      existing.outcome === input.outcome &&
      (existing.note ?? null) === input.note &&
      JSON.stringify(existing.missedDoseReasons ?? []) === JSON.stringify(input.missedDoseReasons ?? []) &&
      existing.doneBy === input.by;
    const [view] = same ? (await listCalls(db, input.patientId)).filter((c) => c.id === input.id) : [];
    return same ? { outcome: "duplicate", call: view ?? null } : { outcome: "conflict", call: null };
  }
  const prior = (await callsByPatient(db, [input.patientId])).get(input.patientId) ?? [];
  const { dueDate } = followUpState(input.enrolledAt, prior, now, input.timezone);
  await db
    .insert(followUps)
    .values({
      id: input.id,
      patientId: input.patientId,
      dueDate,
      doneAt: now,
      doneBy: input.by,
      outcome: input.outcome,
      note: input.note,
      missedDoseReasons: input.missedDoseReasons?.length ? input.missedDoseReasons : null,
    })
    .onConflictDoNothing();
  const [view] = (await listCalls(db, input.patientId)).filter((c) => c.id === input.id);
  return { outcome: "created", call: view ?? null };
}

export async function findCall(db: Db, callId: string) {
  const [call] = await db.select().from(followUps).where(eq(followUps.id, callId));
  return call ?? null;
}

/** A doctor has dealt with an escalation: it leaves the triage list (first resolution wins). */
export async function resolveEscalation(db: Db, callId: string, now: number): Promise<void> {
  await db
    .update(followUps)
    .set({ escalationResolvedAt: now })
    .where(
      and(
        eq(followUps.id, callId),
        eq(followUps.outcome, "escalated"),
        isNull(followUps.escalationResolvedAt),
      ),
    );
}
