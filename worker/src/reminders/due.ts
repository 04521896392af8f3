// Finding what is due now. Two steps per time zone: SQL narrows the patients to those with a
// plan time near "now" on their wall clock (cheap, in SQLite), then the shared slot expansion
// decides exactly which slots are due (plan versions, start/end, stops, DST), so the result
// is the same as expanding every plan of every patient, without doing that each minute.
import {
  type DoseSlot,
  type EducationItem,
  expandSlots,
  type LocalDate,
  localDateOf,
  localTimeOf,
  MS_PER_MINUTE,
  zonedInstant,
} from "@steady/shared";
import { and, between, eq, gt, inArray, sql } from "drizzle-orm";
import { noIndex } from "../db/no-index";
import { doseEvents, type ReminderKind, reminderSends } from "../db/schema";
import type { Db } from "../env";
import { type PlanVersion, versionsByPatient } from "../plans/plans";
import { MAX_FOLLOW_UP_DELAY_MIN, type SchedulerOptions } from "./options";
import { DEFAULT_FOLLOW_UP_DELAY_MIN, type ReminderLocale } from "./settings";
import { programmeEducation, tipForWeek } from "./tips";
import { isoWeekday, isoWeekKey } from "./week";

export interface DueReminder {
  kind: ReminderKind;
  patientId: string;
  openid: string | null;
  timezone: string;
  locale: ReminderLocale;
  slotKey: string;
  planId: string | null;
  scheduledAt: number;
  dueAt: number;
  dose?: { drug: string; dose: string };
  tip?: EducationItem;
  refill?: { drug: string; dose: string; runOutDate: LocalDate; daysLeft: number };
  revisit?: { date: LocalDate; when: "eve" | "morning"; hospital: string | null; department: string | null };
}

/** Patients with ids in (after, until]; `until` null: to the last. */
export interface PatientRange {
  after: string;
  until: string | null;
}

export const ALL_PATIENTS: PatientRange = { after: "", until: null };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const localeOf = (v: string | null): ReminderLocale => (v === "en" ? "en" : "zh-CN");

/** Minutes the zone's wall clock is ahead of UTC at an instant. */
export function offsetMinutes(at: number, tz: string): number {
  const [y, m, d] = localDateOf(at, tz).split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutesOf(localTimeOf(at, tz)) * MS_PER_MINUTE;
  return Math.round((wall - Math.floor(at / MS_PER_MINUTE) * MS_PER_MINUTE) / MS_PER_MINUTE);
}

function chunks<T>(xs: T[], n = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * `expandSlots` of one plan version, memoized on what decides the instants (zone, times, days):
 * a run expands the same few schedules for thousands of patients. The version's own start, end,
 * stop and activeFrom are applied as expandSlots applies them (stop and activeFrom filter by
 * instant, so the filter commutes with the expansion).
 */
function slotsOf(
  v: PlanVersion,
  from: LocalDate,
  to: LocalDate,
  tz: string,
  memo: Map<string, DoseSlot[]>,
): DoseSlot[] {
  const first = from > v.startDate ? from : v.startDate;
  const last = v.endDate != null && v.endDate < to ? v.endDate : to;
  if (first > last) return [];
  const key = `${tz}|${v.times.join(",")}|${first}|${last}`;
  let slots = memo.get(key);
  if (!slots) {
    slots = expandSlots(
      { ...v, stoppedAt: null, activeFrom: null, startDate: first, endDate: last },
      first,
      last,
      tz,
    );
    memo.set(key, slots);
  }
  const stop = v.stoppedAt ?? Number.POSITIVE_INFINITY;
  const start = v.activeFrom ?? Number.NEGATIVE_INFINITY;
  return slots
    .filter((s) => s.scheduledAt < stop && s.scheduledAt >= start)
    .map((s) => ({ ...s, planId: v.id }));
}

interface Candidate {
  id: string;
  openid: string | null;
  delay: number;
  locale: string | null;
}

/**
 * Patients in `tz` with a plan time whose slot (+ follow-up delay) may fall in the send window.
 * On the wall clock, "minutes since due" = now − delay − plan time (mod one day); it must lie in
 * [0, window]. Where the zone changed its offset within the look-back (DST), the range widens by
 * that change, since a time in a spring-forward gap fires later than written; the exact step
 * below drops what the widening lets through.
 *
 * Without an offset change the slot's instant follows from the same arithmetic (zone offsets are
 * whole minutes, slots fall on whole minutes), so slots already claimed or already logged are
 * left out here, by the unique key and the dose index: a minute whose reminders are all out
 * costs one scan, not an expansion of every plan.
 */
async function candidates(
  db: Db,
  kind: "dose" | "follow_up",
  tz: string,
  now: number,
  windowMin: number,
  page: { after: string; until: string | null; limit: number },
): Promise<Candidate[]> {
  const lookbackMs = (windowMin + (kind === "follow_up" ? MAX_FOLLOW_UP_DELAY_MIN : 0) + 60) * MS_PER_MINUTE;
  const margin = Math.abs(offsetMinutes(now, tz) - offsetMinutes(now - lookbackMs, tz));
  const nowMin = minutesOf(localTimeOf(now, tz));
  const nowFloor = Math.floor(now / MS_PER_MINUTE) * MS_PER_MINUTE;
  const today = localDateOf(now, tz);
  const earliest = localDateOf(now - lookbackMs, tz);
  const delay =
    kind === "dose" ? sql`0` : sql`coalesce(s.follow_up_delay_min, ${DEFAULT_FOLLOW_UP_DELAY_MIN})`;
  const kindOn = kind === "follow_up" ? sql`AND coalesce(s.follow_ups, 1) = 1` : sql``;
  const planMinute = sql`(CAST(substr(t.value, 1, 2) AS INTEGER) * 60 + CAST(substr(t.value, 4, 2) AS INTEGER))`;
  const sinceDue = sql`((${nowMin} - ${delay} - ${planMinute}) % 1440 + 1440) % 1440`;
  // CAST: a bound JS number may arrive as REAL, and the key text must read "1795190400000".
  const slotAt = sql`CAST(${nowFloor} - (${sinceDue} + ${delay}) * ${MS_PER_MINUTE} AS INTEGER)`;
  const settled =
    margin > 0
      ? sql``
      : sql`AND NOT EXISTS (SELECT 1 FROM reminder_sends rs WHERE rs.patient_id = p.id
                            AND rs.kind = ${kind} AND rs.slot_key = mp.id || '@' || ${slotAt})
            AND NOT EXISTS (SELECT 1 FROM dose_events de WHERE de.plan_id = mp.id
                            AND de.scheduled_at = ${slotAt})`;
  return db.all<Candidate>(sql`
    SELECT DISTINCT p.id AS id, p.openid AS openid, ${delay} AS delay, s.locale AS locale
    FROM patients p
    JOIN medication_plans mp ON mp.patient_id = p.id
    JOIN plan_revisions r ON r.plan_id = mp.id
    JOIN json_each(r.times) t
    LEFT JOIN reminder_settings s ON s.patient_id = p.id
    WHERE p.timezone = ${tz}
      AND coalesce(s.enabled, 1) = 1 ${kindOn}
      AND (mp.stopped_at IS NULL OR mp.stopped_at > ${now - lookbackMs})
      AND r.start_date <= ${today}
      AND (r.end_date IS NULL OR r.end_date >= ${earliest})
      AND (${sinceDue} + ${margin}) % 1440 <= ${windowMin + 2 * margin}
      AND EXISTS (SELECT 1 FROM enrolments e WHERE e.patient_id = p.id AND e.status = 'active')
      ${settled}
      AND p.id > ${page.after} ${page.until == null ? sql`` : sql`AND p.id <= ${page.until}`}
    ORDER BY p.id LIMIT ${page.limit}`);
}

/**
 * Dose reminders (or follow-ups) due in (now − window, now], not yet claimed, dose not logged, a
 * page of patients at a time (keyset on patients.id, `pageSize` per query): memory and statement
 * size stay bounded however many patients are due at 08:00. The catch-up after an outage asks
 * for an older stretch the same way (`now` its end, the window its length); a finder (finder.ts)
 * for its range of patient ids (after, until].
 */
export async function* dueDoseReminderPages(
  db: Db,
  kind: "dose" | "follow_up",
  zones: string[],
  now: number,
  opts: SchedulerOptions,
  pageSize: number,
  range: PatientRange = ALL_PATIENTS,
): AsyncGenerator<{ due: DueReminder[]; examined: number }> {
  const memo = new Map<string, DoseSlot[]>();
  for (const tz of zones) {
    let after = range.after;
    for (;;) {
      const page = { after, until: range.until, limit: pageSize };
      const cands = await candidates(db, kind, tz, now, opts.sendWindowMinutes, page);
      if (!cands.length) break;
      after = (cands[cands.length - 1] as Candidate).id;
      yield { due: await dueOf(db, kind, tz, cands, now, opts, memo), examined: cands.length };
      if (cands.length < pageSize) break;
    }
  }
}

/** Expands the candidates' plans into the slots due now, less those logged or already claimed. */
async function dueOf(
  db: Db,
  kind: "dose" | "follow_up",
  tz: string,
  cands: Candidate[],
  now: number,
  opts: SchedulerOptions,
  memo: Map<string, DoseSlot[]>,
): Promise<DueReminder[]> {
  if (!cands.length) return [];
  const windowMs = opts.sendWindowMinutes * MS_PER_MINUTE;
  const due: DueReminder[] = [];
  const versions = await versionsByPatient(
    db,
    cands.map((c) => c.id),
  );
  for (const c of cands) {
    const delayMs = c.delay * MS_PER_MINUTE;
    const from: LocalDate = localDateOf(now - windowMs - delayMs, tz);
    const to: LocalDate = localDateOf(now - delayMs, tz);
    for (const v of versions.get(c.id) ?? []) {
      for (const s of slotsOf(v, from, to, tz, memo)) {
        const dueAt = s.scheduledAt + delayMs;
        if (dueAt <= now - windowMs || dueAt > now) continue;
        due.push({
          kind,
          patientId: c.id,
          openid: c.openid,
          timezone: tz,
          locale: localeOf(c.locale),
          slotKey: `${s.planId}@${s.scheduledAt}`,
          planId: s.planId,
          scheduledAt: s.scheduledAt,
          dueAt,
          dose: { drug: v.drug, dose: v.dose },
        });
      }
    }
  }
  if (!due.length) return due;

  // Drop slots already logged (taken or skipped: the patient has dealt with it) …
  const logged = new Set<string>();
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const d of due) {
    lo = Math.min(lo, d.scheduledAt);
    hi = Math.max(hi, d.scheduledAt);
  }
  const planIds = [...new Set(due.map((d) => d.planId as string))];
  const lookups = chunks(planIds, Math.max(1, opts.maxBoundParams - 2)).map((ids) =>
    db
      .select({ planId: doseEvents.planId, scheduledAt: doseEvents.scheduledAt })
      .from(doseEvents)
      .where(and(inArray(doseEvents.planId, ids), between(doseEvents.scheduledAt, lo, hi))),
  );
  const found = lookups.length ? await db.batch(lookups as [(typeof lookups)[number]]) : [];
  for (const rows of found) for (const r of rows) logged.add(`${r.planId}@${r.scheduledAt}`);
  // … and those another run has claimed (the unique key stops a race; this just saves the work).
  const claimed = await claimedKeys(
    db,
    kind,
    lo,
    [...new Set(due.map((d) => d.patientId))],
    opts.maxBoundParams,
  );
  return due.filter((d) => !logged.has(d.slotKey) && !claimed.has(`${d.patientId}|${d.slotKey}`));
}

/**
 * Slots of some patients claimed for `kind` since `sinceDueAt`, found through the patients'
 * rows (`reminder_sends_patient_time`): `kind` only filters them, or SQLite would walk
 * `reminder_sends_due` over every row claimed this minute — the whole peak, for every page.
 */
export function claimedKeysLookup(db: Db, kind: ReminderKind, sinceDueAt: number, patientIds: string[]) {
  return db
    .select({ patientId: reminderSends.patientId, slotKey: reminderSends.slotKey })
    .from(reminderSends)
    .where(
      and(
        inArray(reminderSends.patientId, patientIds),
        eq(noIndex(reminderSends.kind), kind),
        gt(reminderSends.dueAt, sinceDueAt - 1),
      ),
    );
}

/** Slots of these patients already claimed for `kind`. */
async function claimedKeys(
  db: Db,
  kind: ReminderKind,
  sinceDueAt: number,
  patientIds: string[],
  maxBoundParams: number,
): Promise<Set<string>> {
  const lookups = chunks(patientIds, Math.max(1, maxBoundParams - 3)).map((ids) =>
    claimedKeysLookup(db, kind, sinceDueAt, ids),
  );
  const found = lookups.length ? await db.batch(lookups as [(typeof lookups)[number]]) : [];
  return new Set(found.flat().map((r) => `${r.patientId}|${r.slotKey}`));
}

/**
 * Weekly tips due in `tz`: on the tip weekday between tipFrom and tipUntil local time, once per
 * patient and ISO week (the week is the claim key).
 */
export async function dueTips(
  db: Db,
  zones: string[],
  now: number,
  opts: SchedulerOptions,
  limit: number,
): Promise<DueReminder[]> {
  const due: DueReminder[] = [];
  // Each programme's education content (as its admin last saved it), read once per run.
  const contents = new Map<string, Promise<EducationItem[]>>();
  const education = (programmeId: string) => {
    let got = contents.get(programmeId);
    if (!got) {
      got = programmeEducation(db, programmeId);
      contents.set(programmeId, got);
    }
    return got;
  };
  for (const tz of zones) {
    if (due.length >= limit) break;
    const today = localDateOf(now, tz);
    if (isoWeekday(today) !== opts.tipWeekday) continue;
    const from = zonedInstant(today, opts.tipFrom, tz);
    if (now < from || now >= zonedInstant(today, opts.tipUntil, tz)) continue;
    const week = isoWeekKey(today);
    const rows = await db.all<{
      id: string;
      openid: string | null;
      locale: string | null;
      enrolledAt: number;
      condition: string;
      programmeId: string;
    }>(sql`
      SELECT p.id AS id, p.openid AS openid, s.locale AS locale,
             min(e.enrolled_at) AS enrolledAt, coalesce(p.condition, pr.condition) AS condition,
             pr.id AS programmeId
      FROM patients p
      JOIN enrolments e ON e.patient_id = p.id AND e.status = 'active'
      JOIN programmes pr ON pr.id = e.programme_id
      LEFT JOIN reminder_settings s ON s.patient_id = p.id
      WHERE p.timezone = ${tz}
        AND coalesce(s.enabled, 1) = 1 AND coalesce(s.weekly_tips, 1) = 1
        AND NOT EXISTS (SELECT 1 FROM reminder_sends rs
                        WHERE rs.patient_id = p.id AND rs.kind = 'tip' AND rs.slot_key = ${week})
      GROUP BY p.id
      LIMIT ${limit - due.length}`);
    for (const r of rows) {
      const tip = tipForWeek(
        await education(r.programmeId),
        r.condition,
        localDateOf(r.enrolledAt, tz),
        today,
      );
      if (!tip) continue; // the admin removed every item for this programme's conditions
      due.push({
        kind: "tip",
        patientId: r.id,
        openid: r.openid,
        timezone: tz,
        locale: localeOf(r.locale),
        slotKey: week,
        planId: null,
        scheduledAt: from,
        // Due when a run first finds it in its hours (as refills and revisits): a tip claimed at
        // 15:00 is not "late" by the 10:00 start, and the consumer's send window must not expire it.
        dueAt: Math.floor(now / MS_PER_MINUTE) * MS_PER_MINUTE,
        tip,
      });
    }
  }
  return due;
}

export async function patientZones(db: Db): Promise<string[]> {
  const rows = await db.all<{ tz: string }>(sql`SELECT DISTINCT timezone AS tz FROM patients`);
  return rows.map((r) => r.tz);
}
