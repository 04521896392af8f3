// The client under a Drizzle handle, for the few hot statements that skip Drizzle (ADR 0009):
// a D1 binding on Workers, a libSQL client (ours or @libsql/client) in Node.
import type { Db } from "../env";

/** Positional arguments of a raw statement. */
export type RawArgs = (string | number | null)[];

export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): { raw(): Promise<unknown[][]> } };
  batch(statements: unknown[]): Promise<unknown[]>;
}

export interface LibsqlLike {
  batch(statements: { sql: string; args: RawArgs }[], mode?: "write"): Promise<unknown[]>;
  execute(statement: { sql: string; args: RawArgs }): Promise<{ rows: ArrayLike<unknown>[] }>;
}

export type Driver = { kind: "d1"; d1: D1Like } | { kind: "libsql"; client: LibsqlLike };

const drivers = new WeakMap<Db, Driver>();

/** Which client a handle runs on (remembered per handle). Throws for anything else. */
export function driverOf(db: Db): Driver {
  let d = drivers.get(db);
  if (d) return d;
  const c = (db as unknown as { $client?: Partial<D1Like & LibsqlLike> }).$client;
  if (typeof c?.prepare === "function" && typeof c.batch === "function") {
    d = { kind: "d1", d1: c as D1Like };
  } else if (typeof c?.execute === "function" && typeof c.batch === "function") {
    d = { kind: "libsql", client: c as LibsqlLike };
  } else {
    throw new Error("unsupported database driver");
  }
  drivers.set(db, d);
  return d;
}

/** Rows of a read as value arrays, in select-list order (no Drizzle mapping: the caller decodes). */
export async function rawRows(db: Db, sql: string, args: RawArgs): Promise<ArrayLike<unknown>[]> {
  const d = driverOf(db);
  if (d.kind === "d1")
    return d.d1
      .prepare(sql)
      .bind(...args)
      .raw();
  return (await d.client.execute({ sql, args })).rows;
}
