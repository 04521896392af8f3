// Keeping a filter out of SQLite's index choice. Without ANALYZE statistics the planner guesses
// that an equality on any indexed column finds about ten rows — fewer than a list of 50 ids — so
// `id IN (200 ids) AND status IN ('queued', 'retry')` walks the status index instead of the ids:
// every queued row of the table, for every statement. At an 08:00 peak that made each claim cost
// grow with the queue (O(N²) over the peak; the same planner runs D1, which bills rows read).
// SQLite's documented way out is the unary `+`: the term still filters, but no index serves it.
import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** `+column`: the same value, never used to pick an index (the statement's other terms are). */
export function noIndex(column: SQLiteColumn): SQL {
  return sql`+${column}`;
}
