// writeBatch sends raw statements to D1's own batch (Drizzle's D1 batch cannot take them) and to
// db.batch elsewhere; both are atomic.
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { Db } from "../env";
import { openDb } from "./node";
import { writeBatch } from "./write-batch";

describe("writeBatch", () => {
  it("prepares each statement with its parameters on a D1 binding, in one batch call", async () => {
    const calls: { prepared: { sql: string; values: unknown[] }[][] } = { prepared: [] };
    const fakeD1 = {
      prepare: (text: string) => ({ bind: (...values: unknown[]) => ({ sql: text, values }) }),
      batch: async (statements: unknown[]) => {
        calls.prepared.push(statements as { sql: string; values: unknown[] }[]);
        return statements.map(() => ({ meta: { changes: 1 } }));
      },
    };
    const db = drizzle(fakeD1 as never) as unknown as Db;
    const results = await writeBatch(db, [
      sql`INSERT INTO t VALUES (${1}, ${"a"})`,
      sql`UPDATE t SET x = ${2}`,
    ]);
    expect(calls.prepared).toEqual([
      [
        { sql: "INSERT INTO t VALUES (?, ?)", values: [1, "a"] },
        { sql: "UPDATE t SET x = ?", values: [2] },
      ],
    ]);
    expect(results).toEqual([{ meta: { changes: 1 } }, { meta: { changes: 1 } }]);
  });

  it("runs all or nothing on libSQL", async () => {
    const { db, close } = await openDb(":memory:");
    await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY)`);
    await expect(
      writeBatch(db, [sql`INSERT INTO t VALUES (${1})`, sql`INSERT INTO t VALUES (${1})`]),
    ).rejects.toThrow();
    expect(await db.all(sql`SELECT * FROM t`)).toEqual([]);
    const [r] = await writeBatch(db, [sql`INSERT INTO t VALUES (${2})`]);
    expect((r as { rowsAffected: number }).rowsAffected).toBe(1);
    close();
  });

  it("takes fixed-text statements with positional arguments beside sql templates", async () => {
    const { db, close } = await openDb(":memory:");
    await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)`);
    const [a, b] = await writeBatch(db, [
      { sql: "INSERT INTO t VALUES (?, ?)", args: [1, "a"] },
      sql`UPDATE t SET name = ${"b"} WHERE id = ${1}`,
    ]);
    expect([a, b].map((r) => (r as { rowsAffected: number }).rowsAffected)).toEqual([1, 1]);
    expect(await db.all(sql`SELECT id, name FROM t`)).toEqual([{ id: 1, name: "b" }]);
    // A failing raw statement rolls back the whole batch, templates included.
    await expect(
      writeBatch(db, [
        sql`INSERT INTO t VALUES (${2}, ${"c"})`,
        { sql: "INSERT INTO t VALUES (?, ?)", args: [1, "x"] },
      ]),
    ).rejects.toThrow();
    expect(await db.all(sql`SELECT id FROM t`)).toEqual([{ id: 1 }]);
    close();
  });
});
