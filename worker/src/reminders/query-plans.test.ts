// The reminder statements that pick rows by a list (ids, patients) must reach them through that
// list's index, never by walking an index on a status or a kind: without ANALYZE statistics
// SQLite prefers those for lists of ~10 or more, and then every statement reads every queued row
// or every row claimed this minute (the claim's cost grew with the peak: 0.03 ms per reminder at
// 100,000 patients, 0.1 ms at 300,000). Checked with EXPLAIN QUERY PLAN on the real statements
// and the real schema, at the list sizes the queue uses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenDb, openDb } from "../db/node";
import { claimStatements } from "./consumer";
import { claimedKeysLookup } from "./due";

let h: OpenDb;
beforeAll(async () => {
  h = await openDb(":memory:");
});
afterAll(() => h.close());

async function plan(q: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = q.toSQL();
  const r = await h.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never });
  return r.rows.map((row) => String(row.detail));
}

const NOW = Date.parse("2026-11-20T00:01:00Z");

describe("reminder statements reach their rows through the list they are given", () => {
  for (const n of [10, 50, 200]) {
    it(`the consumer's claim of ${n} ids reads them by primary key`, async () => {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      for (const q of claimStatements(h.db, ids, NOW, NOW - 30 * 60_000, 15 * 60_000)) {
        const lines = await plan(q);
        expect(lines.join(" | ")).toMatch(/USING INTEGER PRIMARY KEY/);
        expect(lines.join(" | ")).not.toMatch(/reminder_sends_retry|MULTI-INDEX OR|SCAN reminder_sends/);
      }
    });

    it(`the producer's look-up of ${n} patients' claimed slots goes by patient`, async () => {
      const patients = Array.from({ length: n }, (_, i) => `p${i}`);
      const lines = await plan(claimedKeysLookup(h.db, "dose", NOW - 60 * 60_000, patients));
      expect(lines.join(" | ")).toMatch(/USING INDEX reminder_sends_(patient_time|slot) \(patient_id=\?/);
      expect(lines.join(" | ")).not.toMatch(/reminder_sends_due|SCAN reminder_sends/);
    });
  }
});
