/** Rows written by a statement, across libSQL (`rowsAffected`) and D1 (`meta.changes`). */
export function affected(result: unknown): number {
  const r = result as { rowsAffected?: number; meta?: { changes?: number } };
  return r.rowsAffected ?? r.meta?.changes ?? 0;
}
