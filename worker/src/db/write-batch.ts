// Runs raw SQL statements as one atomic batch on either driver. Drizzle's query builders cost
// more CPU to build than the statements cost to run (ADR 0009), so the write path uses raw
// statements; but Drizzle's D1 batch cannot take `db.run(sql)` items that have parameters (it
// reads a prepared statement they do not carry). On D1 the statements therefore go to the
// binding's own `batch`; on libSQL straight to the client's `batch`, which is what Drizzle's
// `db.batch` ends up calling (its session, tracing and query rebuilding were ≈ 10 % of a dose
// write's CPU, ADR 0009).
import type { SQL } from "drizzle-orm";
import type { Db } from "../env";
import { driverOf, type RawArgs } from "./driver";

/** A statement whose SQL text is fixed (so drivers reuse its prepared form) and its arguments. */
export interface RawStatement {
  sql: string;
  args: RawArgs;
}

function isRaw(s: SQL | RawStatement): s is RawStatement {
  return typeof (s as RawStatement).sql === "string";
}

/** Results in statement order: libSQL result sets (`rowsAffected`) or D1 results (`meta.changes`). */
export async function writeBatch(db: Db, statements: (SQL | RawStatement)[]): Promise<unknown[]> {
  if (!statements.length) return [];
  const queries = statements.map((s) => {
    if (isRaw(s)) return s;
    const { sql, params } = db.run(s).getQuery();
    return { sql, args: params as RawArgs };
  });
  const d = driverOf(db);
  if (d.kind === "d1") return d.d1.batch(queries.map((q) => d.d1.prepare(q.sql).bind(...q.args)));
  return d.client.batch(queries, "write");
}
