// Per-patient triage snapshots (ADR 0006): the inputs of the clinician triage list, precomputed
// so the list reads one row per patient instead of ~30 rollup rows, plan revisions, alerts and
// follow-ups.
//
// Invalidation lives in the database, not in the write paths: triggers (migration
// 0004_triage_snapshot_triggers.sql) bump `gen` whenever one of those inputs changes (rollups,
// plans and revisions, alerts, follow-ups, the patient's profile and time zone, enrolments,
// programme thresholds), whoever writes it. A snapshot is current while
// `computed_gen = gen`; a refresh only lands if `gen` did not move while it was computing.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { patients } from "../db/schema";

const ms = (name: string) => integer(name);

export const triageSnapshots = sqliteTable(
  "triage_snapshots",
  {
    patientId: text("patient_id")
      .primaryKey()
      .references(() => patients.id, { onDelete: "cascade" }),
    /** Bumped by the triggers on every change to the snapshot's inputs. */
    gen: integer("gen").notNull().default(1),
    /** The `gen` the stored sets were computed from (0: never computed). */
    computedGen: integer("computed_gen").notNull().default(0),
    /** Adherence window (days) the sets were computed with (programme thresholds are data). */
    windowDays: integer("window_days"),
    computedAt: ms("computed_at"),
    /** Start of the patient's local day D it was computed on; `rowToday` serves [validFrom, switchAt). */
    validFrom: ms("valid_from"),
    /** Start of D + 1; `rowTomorrow` serves [switchAt, validUntil). */
    switchAt: ms("switch_at"),
    /** Start of D + 2: stale from then. */
    validUntil: ms("valid_until"),
    /**
     * JSON `[DaySet, PatientHead]` (triage/snapshot.ts) for D and for D + 1: stored as the
     * text the list splices into its answer, so reading it costs no JSON work in SQLite.
     */
    rowToday: text("row_today"),
    rowTomorrow: text("row_tomorrow"),
    /**
     * When the background refresher should recompute it: 0 after a write (set by the triggers),
     * else `switchAt` (the snapshot still serves D + 1, so nobody waits for it at midnight).
     */
    refreshAfter: ms("refresh_after").notNull().default(0),
  },
  (t) => [index("triage_snapshots_refresh").on(t.refreshAfter)],
);
