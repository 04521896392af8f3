// The patient's month on one page (用药日记, issue 13 item 6) and the monthly self-report (item 7).
// One composition serves the mini-program (GET /me/diary) and the portal (GET /patients/:id/diary)
// so the patient and the doctor look at the same numbers.
import {
  addDays,
  adherenceDisagreement,
  localDateOf,
  type SelfReportBody,
  scoreHillBone,
  startOfLocalDay,
} from "@steady/shared";
import { and, asc, desc, eq, gte, lt } from "drizzle-orm";
import { selfReports } from "../db/schema";
import type { Db } from "../env";
import { type CreateOutcome, canonicalJson, replayOutcome } from "../http/idempotency";
import { ProblemError } from "../http/problem";
import { adherenceBetween, type PatientScope, readings, summary } from "../patient/data";
import { safetyCases } from "../safety/schema";

const iso = (ms: number) => new Date(ms).toISOString();

/** First and last local date of a YYYY-MM month. */
function monthBounds(month: string) {
  const from = `${month}-01`;
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { from, last: addDays(next, -1), next };
}

function checkMonth(month: string, tz: string, now: number) {
  if (month > localDateOf(now, tz).slice(0, 7)) {
    throw new ProblemError(422, "month is in the future", [{ path: "month", message: "in the future" }]);
  }
}

export async function diary(db: Db, p: PatientScope, month: string | undefined, now: number) {
  const today = localDateOf(now, p.timezone);
  const m = month ?? today.slice(0, 7);
  checkMonth(m, p.timezone, now);
  const { from, last, next } = monthBounds(m);
  // Local dates compare as strings (YYYY-MM-DD): a past month ends on its last day, this one today.
  const to = last.localeCompare(today) < 0 ? last : today;
  const lo = startOfLocalDay(from, p.timezone);
  const hi = startOfLocalDay(next, p.timezone) - 1;
  // A dose's local date is its slot's, so the month's doses up to `to` are all that can count.
  const { adherence } = await adherenceBetween(db, p, from, to, now);
  const [bp, glucose, effects, [report]] = await Promise.all([
    readings(db, p.patientId, "bp", now, lo, hi),
    readings(db, p.patientId, "glucose", now, lo, hi),
    reportedSideEffects(db, p.patientId, lo, hi),
    db
      .select()
      .from(selfReports)
      .where(and(eq(selfReports.patientId, p.patientId), eq(selfReports.month, m))),
  ]);
  const target = p.bpTarget;
  const glu = p.thresholds.glucose;
  return {
    month: m,
    from,
    to: last,
    timezone: p.timezone,
    days: diaryDays(adherence.days, today),
    doses: {
      due: adherence.dueSlots,
      taken: adherence.takenSlots,
      adherence: adherence.doseAdherence,
      daysCovered: adherence.daysCoveredRatio,
    },
    bpTarget: target,
    bp: (bp as Extract<(typeof bp)[number], { systolic: number }>[]).map((r) => ({
      ...r,
      // Marked against this patient's own target (what the doctor set), not only the grade.
      outOfRange: r.systolic >= target.systolic || r.diastolic >= target.diastolic,
    })),
    glucoseRange: { low: glu.rangeLow, high: glu.rangeHigh },
    glucose: (glucose as Extract<(typeof glucose)[number], { value: number }>[]).map((r) => ({
      ...r,
      outOfRange: r.category !== "in_target",
    })),
    sideEffects: effects.map((r) => ({
      id: r.id,
      awareAt: iso(r.awareAt),
      symptoms: (r.details?.symptoms as string[] | undefined) ?? [],
      description: r.description,
      seriousness: r.seriousnessReported,
    })),
    selfReport: report ? reportView(report) : null,
  };
}

/** The side effects the patient reported in the app between lo and hi (inclusive), oldest first. */
function reportedSideEffects(db: Db, patientId: string, lo: number, hi: number) {
  return db
    .select()
    .from(safetyCases)
    .where(
      and(
        eq(safetyCases.patientId, patientId),
        eq(safetyCases.source, "patient_app"),
        gte(safetyCases.awareAt, lo),
        lt(safetyCases.awareAt, hi + 1),
      ),
    )
    .orderBy(asc(safetyCases.awareAt));
}

/** Each day's doses; today's slots not yet due or still open are "pending", not missed. */
function diaryDays(days: { date: string; due: number; taken: number; skipped: number }[], today: string) {
  return days.map((d) => ({
    date: d.date,
    due: d.due,
    taken: d.taken,
    skipped: d.skipped,
    missed: d.date < today ? Math.max(0, d.due - d.taken - d.skipped) : 0,
    pending: d.date === today ? Math.max(0, d.due - d.taken - d.skipped) : 0,
  }));
}

type ReportRow = typeof selfReports.$inferSelect;

function reportView(r: ReportRow) {
  return {
    id: r.id,
    month: r.month,
    answers: r.answers,
    score: r.score,
    perfect: scoreHillBone(r.answers as never).perfect,
    submittedAt: iso(r.submittedAt),
  };
}

export async function recordSelfReport(
  db: Db,
  p: PatientScope,
  body: SelfReportBody,
  now: number,
): Promise<{ outcome: CreateOutcome; record: ReturnType<typeof reportView> }> {
  checkMonth(body.month, p.timezone, now);
  const requestJson = canonicalJson(body);
  const [sameMonth] = await db
    .select()
    .from(selfReports)
    .where(and(eq(selfReports.patientId, p.patientId), eq(selfReports.month, body.month)));
  if (sameMonth && sameMonth.id !== body.id) {
    throw new ProblemError(409, "this month has already been answered", [
      { path: "month", message: `answered already (id ${sameMonth.id})` },
    ]);
  }
  const inserted = await db
    .insert(selfReports)
    .values({
      id: body.id,
      patientId: p.patientId,
      month: body.month,
      answers: body.answers,
      score: scoreHillBone(body.answers).score,
      requestJson,
      submittedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { outcome: "created", record: reportView(inserted[0]) };
  const [stored] = await db.select().from(selfReports).where(eq(selfReports.id, body.id));
  const outcome = replayOutcome(stored, p.patientId, requestJson);
  return { outcome, record: stored ? reportView(stored) : (undefined as never) };
}

/** Every self-report, newest first, each beside the logged 30-day dose adherence at the time asked. */
export async function selfReportsWithLogged(db: Db, p: PatientScope, now: number) {
  const rows = await db
    .select()
    .from(selfReports)
    .where(eq(selfReports.patientId, p.patientId))
    .orderBy(desc(selfReports.month));
  const logged = (await summary(db, p, 30, now)).doseAdherence;
  return {
    logged30d: logged,
    reports: rows.map((r, i) => ({
      ...reportView(r),
      // The rule compares the latest answers with the current 30 days; older months are history.
      disagreement: i === 0 ? adherenceDisagreement(r.score, logged) : null,
    })),
  };
}
