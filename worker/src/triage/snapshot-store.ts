// Reading inputs for, computing and storing triage snapshots (ADR 0006); the background refresh.
//
// Every query passes id lists as one JSON parameter (`json_each`) and reads results back as one
// JSON value: @libsql/client materialises each returned value slowly (~1 µs), and D1 caps bound
// parameters at 100 per statement, so one parameter and one cell serve both.
import { addDays, DEFAULT_THRESHOLDS, type LocalDate, leadAlert, localDateOf } from "@steady/shared";
import { sql } from "drizzle-orm";
import type { Db } from "../env";
import { everyMinute } from "../jobs/minute-timer";
import { type PlanVersion, toVersions } from "../plans/plans";
import { buildSnapshot, type PatientHead, type RollupDay, type Snapshot, WINDOW_DAYS } from "./snapshot";

export interface SnapshotRequest {
  patientId: string;
  /** Adherence window (days) of the patient's programme thresholds. */
  w: number;
}

export interface RefreshResult {
  /** Computed snapshots keyed by `snapshotKey(patientId, w)`. */
  snapshots: Map<string, Snapshot>;
  /** Patients whose snapshot could not be computed (e.g. an unknown time zone), with why. */
  failed: Map<string, unknown>;
  /** How many were stored (a write to the patient while computing leaves theirs stale). */
  stored: number;
}

export const snapshotKey = (patientId: string, w: number) => `${patientId}|${w}`;

const json = (v: unknown) => JSON.stringify(v);

/** Reads a single JSON cell `j` (or an empty array). */
async function jsonCell<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const row = await db.get<{ j: string | null }>(query);
  return row?.j ? (JSON.parse(row.j) as T[]) : [];
}

type PlanRow = [
  patientId: string,
  planId: string,
  validFrom: number,
  drug: string,
  dose: string,
  times: string[],
  startDate: string,
  endDate: string | null,
  stoppedAt: number | null,
];

/** Plan versions per patient from the snapshot query's revision rows (plans.ts `toVersions`). */
export function versionsFromRows(
  rows: PlanRow[],
  zones: Map<string, string> = new Map(),
): Map<string, PlanVersion[]> {
  const byPlan = new Map<string, PlanRow[]>();
  for (const r of rows) {
    const list = byPlan.get(r[1]);
    if (list) list.push(r);
    else byPlan.set(r[1], [r]);
  }
  const out = new Map<string, PlanVersion[]>();
  for (const revs of byPlan.values()) {
    revs.sort((x, y) => x[2] - y[2]);
    const patientId = revs[0]?.[0] as string;
    const versions = toVersions(
      revs.map(([, planId, validFrom, drug, dose, times, startDate, endDate, stoppedAt]) => ({
        planId,
        validFrom,
        drug,
        dose,
        times,
        startDate,
        endDate,
        stoppedAt,
      })),
      zones.get(patientId),
    );
    out.set(patientId, [...(out.get(patientId) ?? []), ...versions]);
  }
  return out;
}

type DayRow = [string, LocalDate, number, number, number, number, number, number, number];

/**
 * Computes the snapshots of the given patients at `now` from their current inputs and stores
 * one per patient (the first window asked for). All inputs and the patients' `gen` are read in
 * one statement, so they are consistent with each other; `storeSnapshots` then refuses rows
 * written to since, so a racing write is never lost. `ensureRows` first creates missing rows.
 */
export async function refreshSnapshots(
  db: Db,
  requests: SnapshotRequest[],
  now: number,
  opts: { ensureRows?: boolean } = {},
): Promise<RefreshResult> {
  const result: RefreshResult = { snapshots: new Map(), failed: new Map(), stored: 0 };
  const ids = [...new Set(requests.map((r) => r.patientId))];
  if (!ids.length) return result;
  const idsJson = json(ids);
  if (opts.ensureRows) {
    // A row for each (existing) patient, so the triggers have something to bump from now on.
    await db.run(sql`
      INSERT OR IGNORE INTO triage_snapshots (patient_id)
      SELECT id FROM patients WHERE id IN (SELECT value FROM json_each(${idsJson}))`);
  }
  // Rollups from a day that is at least 30 days before today in every zone (UTC−12 is furthest behind).
  const since = addDays(localDateOf(now - 12 * 3600_000, "UTC"), -WINDOW_DAYS);
  // The three lists are JSON arrays spliced as text (SQLite would re-parse them inside json_object).
  const row = await db.get<{ j: string }>(sql`
    SELECT '{"heads":' || (SELECT json_group_array(json_array(s.patient_id, s.gen, p.timezone,
          -- json(): a subquery's result loses its JSON subtype and would be nested as a string.
          json((SELECT json_group_array(json_array(a.kind, a.raised_at)) FROM alerts a
            WHERE a.patient_id = s.patient_id AND a.acknowledged_at IS NULL)),
          EXISTS (SELECT 1 FROM follow_ups f WHERE f.patient_id = s.patient_id
            AND f.outcome = 'escalated' AND f.escalation_resolved_at IS NULL)))
        FROM triage_snapshots s JOIN patients p ON p.id = s.patient_id
        WHERE s.patient_id IN (SELECT value FROM json_each(${idsJson})))
      || ',"days":' || (SELECT json_group_array(json_array(patient_id, local_date, taken, bp_n, bp_sys_sum,
          bp_dia_sum, glu_n, glu_hypo, glu_hyper))
        FROM patient_days
        WHERE patient_id IN (SELECT value FROM json_each(${idsJson})) AND local_date >= ${since})
      || ',"plans":' || (SELECT json_group_array(json_array(m.patient_id, r.plan_id, r.valid_from, r.drug,
          r.dose, json(r.times), r.start_date, r.end_date, m.stopped_at))
        FROM plan_revisions r JOIN medication_plans m ON m.id = r.plan_id
        WHERE m.patient_id IN (SELECT value FROM json_each(${idsJson})))
      || '}' AS j`);
  const inputs = JSON.parse(row?.j ?? "{}") as {
    heads?: [string, number, string, [kind: string, raisedAt: number][], 0 | 1][];
    days?: DayRow[];
    plans?: PlanRow[];
  };
  const rollups = new Map<string, Map<LocalDate, RollupDay>>();
  for (const [id, date, taken, bpN, bpSysSum, bpDiaSum, gluN, gluHypo, gluHyper] of inputs.days ?? []) {
    let m = rollups.get(id);
    if (!m) {
      m = new Map();
      rollups.set(id, m);
    }
    m.set(date, { taken, bpN, bpSysSum, bpDiaSum, gluN, gluHypo, gluHyper });
  }
  const heads = new Map((inputs.heads ?? []).map((h) => [h[0], h]));
  const versions = versionsFromRows(inputs.plans ?? [], new Map([...heads].map(([id, h]) => [id, h[2]])));

  const toStore: { patientId: string; gen: number; snapshot: Snapshot }[] = [];
  const storedIds = new Set<string>();
  for (const r of requests) {
    const head = heads.get(r.patientId);
    const key = snapshotKey(r.patientId, r.w);
    if (!head) {
      // No such patient (or, without `ensureRows`, no snapshot row): nothing to compute.
      result.failed.set(r.patientId, new Error(`no patient or snapshot row for ${r.patientId}`));
      continue;
    }
    if (result.failed.has(r.patientId) || result.snapshots.has(key)) continue;
    const [id, gen, tz, open, escalated] = head;
    const lead = leadAlert(open.map(([kind, raisedAt]) => ({ kind, raisedAt })));
    const patientHead: PatientHead = [open.length, escalated, lead?.kind ?? null, lead?.raisedAt ?? null];
    let snapshot: Snapshot;
    try {
      snapshot = buildSnapshot(
        now,
        tz,
        r.w,
        patientHead,
        versions.get(id) ?? [],
        rollups.get(id) ?? new Map(),
      );
    } catch (e) {
      result.failed.set(id, e);
      continue;
    }
    result.snapshots.set(key, snapshot);
    if (!storedIds.has(id)) {
      storedIds.add(id);
      toStore.push({ patientId: id, gen, snapshot });
    }
  }
  result.stored = await storeSnapshots(db, toStore, now);
  return result;
}

/**
 * Stores snapshots computed from the inputs as they were at generation `gen`. A row whose `gen`
 * has moved on since (a write while computing) is left alone: it stays stale for the next reader
 * rather than being marked current with old data. Returns how many were stored.
 */
export async function storeSnapshots(
  db: Db,
  entries: { patientId: string; gen: number; snapshot: Snapshot }[],
  now: number,
): Promise<number> {
  if (!entries.length) return 0;
  const rows = entries.map(({ patientId, gen, snapshot: s }) => [
    patientId,
    gen,
    s.w,
    s.validFrom,
    s.switchAt,
    s.validUntil,
    json([s.today, s.head]),
    json([s.tomorrow, s.head]),
  ]);
  const res = await db.run(sql`
    UPDATE triage_snapshots
    SET computed_gen = j.gen, window_days = j.w, computed_at = ${now}, valid_from = j.valid_from,
      switch_at = j.switch_at, valid_until = j.valid_until, row_today = j.row_today,
      row_tomorrow = j.row_tomorrow, refresh_after = j.switch_at
    FROM (
      SELECT json_extract(value, '$[0]') AS pid, json_extract(value, '$[1]') AS gen,
        json_extract(value, '$[2]') AS w, json_extract(value, '$[3]') AS valid_from,
        json_extract(value, '$[4]') AS switch_at, json_extract(value, '$[5]') AS valid_until,
        json_extract(value, '$[6]') AS row_today, json_extract(value, '$[7]') AS row_tomorrow
      FROM json_each(${json(rows)})
    ) AS j
    WHERE triage_snapshots.patient_id = j.pid AND triage_snapshots.gen = j.gen`);
  return changes(res);
}

/** Rows changed by a run (libSQL: rowsAffected; D1: meta.changes). */
function changes(res: unknown): number {
  const r = res as { rowsAffected?: number; meta?: { changes?: number } };
  return r.rowsAffected ?? r.meta?.changes ?? 0;
}

/** How long a snapshot that cannot be computed waits before the refresher tries it again. */
const RETRY_FAILED_MS = 60 * 60_000;

export interface BackgroundReport {
  refreshed: number;
  dropped: number;
  failed: number;
}

/** Snapshots per background slice: on Node the database and the compute share the event loop. */
const SLICE = 50;

/**
 * One background pass: recomputes up to `limit` snapshots that are due — written to since
 * computed (refresh_after = 0) first, then those past their local midnight, oldest first — in
 * slices of 50 with a yield between, so requests are never held up for long. Snapshots of
 * patients no longer actively enrolled are dropped (re-enrolling recreates them).
 */
export async function refreshDueSnapshots(db: Db, now: number, limit: number): Promise<BackgroundReport> {
  const report: BackgroundReport = { refreshed: 0, dropped: 0, failed: 0 };
  for (let done = 0; done < limit; ) {
    const n = Math.min(SLICE, limit - done);
    const picked = await refreshDueSlice(db, now, n, report);
    done += n;
    if (picked < n) break;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return report;
}

async function refreshDueSlice(db: Db, now: number, n: number, report: BackgroundReport) {
  const due = await jsonCell<[string, number | null, number]>(
    db,
    sql`SELECT json_group_array(json_array(s.patient_id,
          (SELECT json_extract(pr.thresholds, '$.triage.adherenceWindowDays')
           FROM enrolments e JOIN programmes pr ON pr.id = e.programme_id
           WHERE e.patient_id = s.patient_id AND e.status = 'active' LIMIT 1),
          EXISTS (SELECT 1 FROM enrolments e WHERE e.patient_id = s.patient_id AND e.status = 'active'))) AS j
        FROM (SELECT patient_id FROM triage_snapshots WHERE refresh_after <= ${now}
              ORDER BY refresh_after LIMIT ${n}) AS s`,
  );
  const gone = due.filter((d) => !d[2]).map((d) => d[0]);
  if (gone.length) {
    await db.run(sql`DELETE FROM triage_snapshots WHERE patient_id IN (SELECT value FROM json_each(${json(gone)}))
      AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.patient_id = triage_snapshots.patient_id AND e.status = 'active')`);
  }
  const requests = due
    .filter((d) => d[2])
    .map((d) => ({ patientId: d[0], w: d[1] ?? DEFAULT_THRESHOLDS.triage.adherenceWindowDays }));
  const r = await refreshSnapshots(db, requests, now);
  if (r.failed.size) {
    await db.run(sql`UPDATE triage_snapshots SET refresh_after = ${now + RETRY_FAILED_MS}
      WHERE patient_id IN (SELECT value FROM json_each(${json([...r.failed.keys()])}))`);
  }
  report.refreshed += r.stored;
  report.dropped += gone.length;
  report.failed += r.failed.size;
  return due.length;
}

/**
 * Background batch sizes per minute (ADR 0006): 1,000 snapshots take ~0.1–0.2 s on Node; a cron
 * invocation on Workers gets a smaller share of CPU. Either rolls 100,000 patients past their
 * midnight well within the day those snapshots still serve.
 */
export const NODE_REFRESH_LIMIT = 1000;
export const WORKER_REFRESH_LIMIT = 200;

/**
 * Runs `refreshDueSnapshots` now and every minute in the Node server; returns a stop function
 * that waits for a pass in progress (so the database can be closed after).
 */
export function startTriageRefresher(o: {
  db: Db;
  clock: () => number;
  limit?: number;
  log?: (line: string) => void;
}): () => Promise<void> {
  return everyMinute("triage snapshot refresh", async () => {
    const r = await refreshDueSnapshots(o.db, o.clock(), o.limit ?? NODE_REFRESH_LIMIT);
    if (r.failed) o.log?.(`[triage] ${r.failed} snapshot(s) could not be computed; retrying in an hour`);
  });
}
