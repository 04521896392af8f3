// Drizzle prepared queries, built once per database handle: the hot paths (every patient
// request's session lookup, every dose's plan lookup) skip rebuilding their SQL each time, and
// the drivers reuse the compiled statement.
import type { Db } from "../env";

/** `build` runs once for each database handle; later calls get the same prepared query. */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const byDb = new WeakMap<Db, T>();
  return (db) => {
    let p = byDb.get(db);
    if (p === undefined) {
      p = build(db);
      byDb.set(db, p);
    }
    return p;
  };
}
