// The clinic's patients, sorted by who needs attention today and why (docs/definitions.md, Triage): by tier,
// within it by the most urgent open alert (ADR 0012: critical before serious, newest first), then
// by 14-day adherence and name (shared `compareTriageUrgency`).
//
// Budget (docs/budgets.md): ≤ 20 ms for 2,000 patients, whatever the length of history. Each patient's
// inputs come from their snapshot (ADR 0006, triage-snapshot.ts): one row per patient instead
// of a month of rollups, plans, alerts and follow-ups; name, condition, BP target and last
// activity are read live from the patient row. Stale snapshots (written to since, or past the
// day after they were computed) are recomputed here; the background refresher keeps them few.
// The tier itself is applied at request time, so "silent" and doses coming due during the day
// are exact. The result is the same as computing from scratch (snapshot-scratch.test-support.ts); the
// tests check it.
import {
  type AlertKind,
  compareTriageUrgency,
  DEFAULT_THRESHOLDS,
  formatReason,
  type Locale,
  type PatientCondition,
  type Thresholds,
  type TriageReason,
  type TriageStanding,
  type TriageTier,
  triage,
} from "@steady/shared";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../env";
import { revisitDateSql, soonestRunOutSql, supplyVisitInput, todayByZone } from "../refills/supply-triage";
import { type Unreachable, unreachableJsonSql } from "../reminders/unreachable";
import { seriousSideEffects } from "../safety/triage";
import { type DaySet, daySetAt, evaluate, HEAD_LENGTH, type PatientHead, type Snapshot } from "./snapshot";
import { refreshSnapshots, type SnapshotRequest, snapshotKey } from "./snapshot-store";

export interface TriageRow {
  patientId: string;
  name: string;
  doctorName: string;
  /** What the patient is treated for; null → not recorded yet (ADR 0008). */
  condition: PatientCondition | null;
  tier: TriageTier;
  reasons: string[];
  reasonCodes: TriageReason[];
  doseAdherence14d: number | null;
  daysCovered30d: number | null;
  bpMean7d: { systolic: number; diastolic: number } | null;
  lastActivityAt: string | null;
  enrolledAt: string;
  openAlerts: number;
  /** The most urgent open alert (ADR 0012: critical before serious, then newest), else null. */
  urgentAlert: { kind: AlertKind; raisedAt: string } | null;
  /** No reminder channel reaches the patient (docs/product.md): since when and why, else null. */
  unreachable: Unreachable | null;
}

/**
 * One roster row as the query returns it: the stored `[DaySet, PatientHead]` serving `now` (null
 * unless the snapshot is current), and the columns read live from the enrolment and patient.
 */
type RosterRow = [
  stored: [DaySet, PatientHead] | null,
  live: [
    patientId: string,
    enrolledAt: number,
    doctorId: string,
    programmeId: string,
    /** The adherence window the stored snapshot was computed with. */
    windowDays: number | null,
    name: string | null,
    lastActivityAt: number | null,
    bpTargetSystolic: number | null,
    bpTargetDiastolic: number | null,
    condition: PatientCondition | null,
    /** No reminder channel reaches them (read live: a new acceptance or consent clears it). */
    unreachable: { since: number; wechat: Unreachable["wechat"]; sms: Unreachable["sms"] } | null,
    /** The soonest cached run-out `[date, drug]` and the next visit (issue 13), read live. */
    runOut: [string, string] | null,
    revisitDate: string | null,
    timezone: string,
  ],
];

/** Stale snapshots recomputed per read-and-store round trip. */
const REFRESH_CHUNK = 500;
/** Roster rows per read (~300 bytes each; D1 caps a string at ~2 MB). */
const ROSTER_CHUNK = 4000;
const DAY_MS = 86_400_000;
const MAX_ISO_MS = 253_402_300_800_000; // 10000-01-01: beyond it toISOString widens the year
const isoDays = new Map<number, string>();
const pad = (n: number, w: number) => String(n).padStart(w, "0");

/**
 * `new Date(ms).toISOString()`, with the date part cached per UTC day: the list formats 4,000
 * instants, and building a Date for each costs ~2.5 ms of the 20 ms budget.
 */
export function isoInstant(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= MAX_ISO_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let date = isoDays.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (isoDays.size >= 4096) isoDays.clear();
    isoDays.set(day, date);
  }
  const t = ms - day * DAY_MS;
  return `${date}${pad(Math.floor(t / 3_600_000), 2)}:${pad(Math.floor(t / 60_000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}Z`;
}

// `a.localeCompare(b, "zh-CN")` is specified as this collator's compare; one instance is far cheaper.
const zhCollator = new Intl.Collator("zh-CN");
const MAX_RANKED_NAMES = 100_000;
let nameRanks = new Map<string, number>();

/**
 * Collation ranks (zh-CN) of every name seen so far, names that collate equal sharing a rank:
 * sorting 2,000 rows then compares integers instead of making ~8,000 ICU comparisons (~2 ms).
 * Rebuilt when a name is new, which is rare next to list requests.
 */
function ranksOf(names: string[]): Map<string, number> {
  if (names.every((n) => nameRanks.has(n))) return nameRanks;
  const known = nameRanks.size + names.length > MAX_RANKED_NAMES ? [] : [...nameRanks.keys()];
  const sorted = [...new Set([...known, ...names])].sort(zhCollator.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((n, i) => {
    if (i > 0 && zhCollator.compare(sorted[i - 1] as string, n) !== 0) rank = i;
    ranks.set(n, rank);
  });
  nameRanks = ranks;
  return ranks;
}

export async function triageList(
  db: Db,
  clinicIds: string[],
  now: number,
  locale: Locale,
  /** Rows per roster read (tests use a small one to exercise the chunked path). */
  rosterChunk = ROSTER_CHUNK,
): Promise<TriageRow[]> {
  if (!clinicIds.length) return [];
  const { roster, thresholdsOf, doctors } = await readRoster(db, clinicIds, now, rosterChunk);
  if (!roster.length) return [];
  const thresholds = (programmeId: string) => thresholdsOf[programmeId] ?? DEFAULT_THRESHOLDS;
  const fresh = await refreshStale(db, roster, thresholds, now);
  const ctx: RowContext = {
    now,
    locale,
    fresh,
    doctors,
    // As the joins of the original query: no row for an enrolment whose programme no longer exists.
    thresholdsOf: (programmeId) =>
      thresholdsOf[programmeId] === undefined ? undefined : thresholds(programmeId),
    serious: await seriousSideEffects(db, now),
    todayIn: todayByZone(now),
  };
  const rows: TriageRow[] = [];
  const standings: TriageStanding[] = [];
  for (const entry of roster) {
    const ranked = triageRow(entry, ctx);
    if (!ranked) continue;
    rows.push(ranked.row);
    standings.push(ranked.standing);
  }
  return sortByUrgency(rows, standings);
}

/**
 * The whole roster as one JSON text: @libsql/client materialises each returned cell slowly
 * (~1 µs), which for 2,000 rows × 10 columns alone would eat much of the budget. The stored
 * JSON (written by refreshSnapshots) is spliced in as text rather than re-parsed by SQLite.
 * The non-ASCII fields (patient name, run-out drug) come as a second, small JSON text in the
 * same row order: one non-ASCII character makes the binding hand over the whole ~500 KB text
 * as a two-byte string, ≈ 2–3 ms slower than all-ASCII (ADR 0006, 2026-12-07).
 * Read with it: every programme's thresholds and the names of the roster's doctors.
 */
async function readRoster(db: Db, clinicIds: string[], now: number, rosterChunk: number) {
  const inClinics = sql`SELECT value FROM json_each(${JSON.stringify(clinicIds)})`;
  // Both aggregates step through the same rows in the same order, so entry i of each is one patient.
  const rosterJson = (range: SQL) => sql`
    SELECT '[' || group_concat('[' ||
        coalesce(CASE WHEN s.gen = s.computed_gen AND ${now} >= s.valid_from AND ${now} < s.valid_until
          THEN CASE WHEN ${now} < s.switch_at THEN s.row_today ELSE s.row_tomorrow END END, 'null')
        || ',' || json_array(e.patient_id, e.enrolled_at, e.doctor_id, e.programme_id, s.window_days,
          NULL, p.last_activity_at, p.bp_target_systolic, p.bp_target_diastolic, p.condition,
          json(${unreachableJsonSql(sql`e.patient_id`)}), NULL,
          ${revisitDateSql(sql`e.patient_id`)}, p.timezone) || ']', ',') || ']' AS j,
      json_group_array(json_array(p.name, json(${soonestRunOutSql(sql`e.patient_id`)}))) AS k
    FROM enrolments e
    JOIN patients p ON p.id = e.patient_id
    LEFT JOIN triage_snapshots s ON s.patient_id = e.patient_id
    WHERE e.clinic_id IN (${inClinics}) AND e.status = 'active' ${range}`;
  const count = sql`(SELECT count(*) FROM enrolments WHERE clinic_id IN (${inClinics}) AND status = 'active')`;
  // A roster over rosterChunk is not aggregated here (no rows pass the filter) but read in ranges below.
  const res = await db.get<{
    n: number;
    j: string | null;
    k: string;
    t: string | null;
    d: string | null;
  }>(sql`
    SELECT
      ${count} AS n, r.j, r.k,
      (SELECT json_group_object(id, json(thresholds)) FROM programmes) AS t,
      (SELECT json_group_object(id, name) FROM users WHERE id IN (
        SELECT doctor_id FROM enrolments WHERE clinic_id IN (${inClinics}) AND status = 'active')) AS d
    FROM (${rosterJson(sql`AND ${count} <= ${rosterChunk}`)}) r`);
  const roster: RosterRow[] = [];
  if (res) joinRoster(roster, res);
  if (res && res.n > rosterChunk) {
    // D1 refuses strings over ~2 MB (~6,000 rows): read a large roster in ranges of enrolment rowid.
    const bounds = await db.get<{ b: string }>(sql`
      SELECT json_group_array(rid) AS b FROM (
        SELECT e.rowid AS rid, row_number() OVER (ORDER BY e.rowid) AS rn FROM enrolments e
        WHERE e.clinic_id IN (${inClinics}) AND e.status = 'active')
      WHERE rn % ${rosterChunk} = 0`);
    const cuts = [0, ...(JSON.parse(bounds?.b ?? "[]") as number[]), Number.MAX_SAFE_INTEGER];
    for (let i = 1; i < cuts.length; i++) {
      const part = await db.get<{ j: string | null; k: string }>(
        rosterJson(sql`AND e.rowid > ${cuts[i - 1]} AND e.rowid <= ${cuts[i]}`),
      );
      if (part) joinRoster(roster, part);
    }
  }
  return {
    roster,
    thresholdsOf: (res?.t ? JSON.parse(res.t) : {}) as Record<string, Thresholds | null>,
    doctors: (res?.d ? JSON.parse(res.d) : {}) as Record<string, string>,
  };
}

/** Appends one read's rows, with the name and run-out of its second text put in their places. */
function joinRoster(roster: RosterRow[], part: { j: string | null; k: string }) {
  if (!part.j) return;
  const rows = JSON.parse(part.j) as RosterRow[];
  const texts = JSON.parse(part.k) as [name: string | null, runOut: [string, string] | null][];
  if (texts.length !== rows.length) throw new Error("triage roster: names out of step with rows");
  for (let i = 0; i < rows.length; i++) {
    const live = (rows[i] as RosterRow)[1];
    const text = texts[i] as [string | null, [string, string] | null];
    live[5] = text[0];
    live[11] = text[1];
    roster.push(rows[i] as RosterRow);
  }
}

/**
 * Recomputes the stale snapshots: written to since computed, computed for another window, or
 * past their day. All of them, for a correct answer; the background refresher keeps this to the
 * few patients written to in the last minute. Chunked so no single read or write grows with the
 * clinic.
 */
async function refreshStale(
  db: Db,
  roster: RosterRow[],
  thresholds: (programmeId: string) => Thresholds,
  now: number,
): Promise<Map<string, Snapshot>> {
  const stale: SnapshotRequest[] = [];
  let neverComputed = false;
  for (const [stored, [patientId, , , programmeId, windowDays]] of roster) {
    const w = thresholds(programmeId).triage.adherenceWindowDays;
    // A head stored before the lead alert was part of it (ADR 0012) is recomputed once.
    if (!stored || windowDays !== w || stored[1].length !== HEAD_LENGTH) stale.push({ patientId, w });
    if (windowDays === null) neverComputed = true; // perhaps no row yet
  }
  const fresh = new Map<string, Snapshot>();
  for (let i = 0; i < stale.length; i += REFRESH_CHUNK) {
    const refreshed = await refreshSnapshots(db, stale.slice(i, i + REFRESH_CHUNK), now, {
      ensureRows: neverComputed,
    });
    const [firstFailure] = refreshed.failed.values();
    if (firstFailure !== undefined) throw firstFailure;
    for (const [k, v] of refreshed.snapshots) fresh.set(k, v);
  }
  return fresh;
}

/** What every row of one list request is computed with. */
interface RowContext {
  now: number;
  locale: Locale;
  fresh: Map<string, Snapshot>;
  doctors: Record<string, string>;
  /** The programme's thresholds; undefined if the programme no longer exists. */
  thresholdsOf(programmeId: string): Thresholds | undefined;
  serious: Awaited<ReturnType<typeof seriousSideEffects>>;
  todayIn: ReturnType<typeof todayByZone>;
}

/** One patient's row and standing, from the snapshot serving `now`; null if the row has no doctor or programme. */
function triageRow(entry: RosterRow, ctx: RowContext) {
  const { now } = ctx;
  // Indexed reads, not array destructuring, and no object spread into the triage input: with
  // them the 2,000 rows took ≈ 9–10 ms of CPU instead of ≈ 6–7 (loaded machine, ADR 0009).
  const stored = entry[0];
  const live = entry[1];
  const patientId = live[0];
  const enrolledAt = live[1];
  const doctorId = live[2];
  const programmeId = live[3];
  const windowDays = live[4];
  const name = live[5];
  const lastActivityAt = live[6];
  const bpSys = live[7];
  const bpDia = live[8];
  const condition = live[9];
  const unreachableRaw = live[10];
  const runOut = live[11];
  const revisitDate = live[12];
  const unreachable: Unreachable | null = unreachableRaw
    ? { ...unreachableRaw, since: isoInstant(unreachableRaw.since) }
    : null;
  const doctorName = ctx.doctors[doctorId];
  const t = ctx.thresholdsOf(programmeId);
  const w = t?.triage.adherenceWindowDays ?? 0;
  const recomputed = ctx.fresh.get(snapshotKey(patientId, w));
  const set = recomputed ? daySetAt(recomputed, now) : windowDays === w ? stored?.[0] : null;
  const head = recomputed ? recomputed.head : stored?.[1];
  // As the joins of the original query: no row for an enrolment whose doctor or programme no
  // longer exists (the foreign keys should make that impossible).
  if (!t || doctorName === undefined) return null;
  if (!set || !head) throw new Error(`no triage snapshot for patient ${patientId} at ${now}`);
  const openAlerts = head[0];
  const leadKind = head[2];
  const leadAt = head[3];
  const lead = leadKind !== null && leadAt !== null ? { kind: leadKind, raisedAt: leadAt } : null;
  const x = evaluate(set, now);
  const bpMean7d = x.bpN
    ? { systolic: Math.round(x.bpSysSum / x.bpN), diastolic: Math.round(x.bpDiaSum / x.bpN) }
    : null;
  const sv = runOut || revisitDate ? supplyVisitInput({ runOut, revisitDate }, ctx.todayIn(live[13])) : null;
  const result = triage(
    {
      unackedUrgentAlerts: openAlerts,
      dosesTaken14d: x.taken14,
      dosesDue14d: x.due14,
      bpMean7d,
      bpTarget: { systolic: bpSys ?? t.bp.homeTargetSystolic, diastolic: bpDia ?? t.bp.homeTargetDiastolic },
      glucose: x.gluN ? { n: x.gluN, hypoRate: x.gluHypo / x.gluN, hyperRate: x.gluHyper / x.gluN } : null,
      lastActivityAt,
      enrolledAt,
      now,
      escalated: head[1] === 1,
      seriousSideEffect: ctx.serious.get(patientId) ?? null,
      unreachable: unreachable ?? false,
      supply: sv?.supply ?? null,
      revisit: sv?.revisit ?? null,
    },
    t,
  );
  const doseAdherence14d = x.due14 ? x.taken14 / x.due14 : null;
  const row: TriageRow = {
    patientId,
    name: name ?? "",
    doctorName,
    condition,
    tier: result.tier,
    reasons: result.reasons.map((reason) => formatReason(reason, ctx.locale)),
    reasonCodes: result.reasons,
    doseAdherence14d,
    daysCovered30d: x.daysWithDue ? x.covered / x.daysWithDue : null,
    bpMean7d,
    lastActivityAt: lastActivityAt == null ? null : isoInstant(lastActivityAt),
    enrolledAt: isoInstant(enrolledAt),
    openAlerts,
    urgentAlert: lead && { kind: lead.kind as AlertKind, raisedAt: isoInstant(lead.raisedAt) },
    unreachable,
  };
  const standing: TriageStanding = { tier: result.tier, lead, openAlerts, doseAdherence14d };
  return { row, standing };
}

/** Most urgent first (shared `compareTriageUrgency`), then by name (zh-CN) and patient id. */
function sortByUrgency(rows: TriageRow[], standings: TriageStanding[]): TriageRow[] {
  const rank = ranksOf(rows.map((r) => r.name));
  // Each row's name rank looked up once, not twice per comparison (~22,000 for 2,000 rows).
  const nameRank = rows.map((r) => rank.get(r.name) as number);
  // Sorted by index so each comparison reads the standing (alert instants as numbers) directly.
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    const a = (rows[i] as TriageRow).patientId;
    const b = (rows[j] as TriageRow).patientId;
    return (
      compareTriageUrgency(standings[i] as TriageStanding, standings[j] as TriageStanding) ||
      (nameRank[i] as number) - (nameRank[j] as number) ||
      // Namesakes with equal standing: a stable order between requests.
      (a < b ? -1 : a > b ? 1 : 0)
    );
  });
  return order.map((i) => rows[i] as TriageRow);
}
