// Runs raw SQL statements as one atomic batch on either driver. Drizzle's query builders cost
// more CPU to build than the statements cost to run (ADR 0009), so the write path uses `sql`
// templates; but Drizzle's D1 batch cannot take `db.run(sql)` items that have parameters (it
// reads a prepared statement they do not carry). On D1 the statements therefore go to the
// binding's own `batch`; elsewhere through `db.batch`.
import type { SQL } from "drizzle-orm";
import type { Db } from "../env";

interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): unknown };
  batch(statements: unknown[]): Promise<unknown[]>;
}

function d1Of(db: Db): D1Like | null {
  const client = (db as unknown as { $client?: Partial<D1Like> }).$client;
  return typeof client?.prepare === "function" && typeof client.batch === "function"
    ? (client as D1Like)
    : null;
}

/** Results in statement order: libSQL result sets (`rowsAffected`) or D1 results (`meta.changes`). */
export async function writeBatch(db: Db, statements: SQL[]): Promise<unknown[]> {
  const runs = statements.map((s) => db.run(s));
  const d1 = d1Of(db);
  if (d1) {
    return d1.batch(
      runs.map((r) => {
        const { sql, params } = r.getQuery();
        return d1.prepare(sql).bind(...params);
      }),
    );
  }
  const [first, ...rest] = runs;
  if (!first) return [];
  return db.batch([first, ...rest]);
}
