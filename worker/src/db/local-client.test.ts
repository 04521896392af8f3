// The local client must answer exactly as @libsql/client does (Drizzle sits on top of both), and
// its group commit must never report a write before it is committed or let one batch's failure
// touch another's rows.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { type Client, createClient, LibsqlBatchError } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer";
import { LocalClient } from "./local-client";

let dir: string;
let file: string;
const opened: { close(): void }[] = [];
const open = <T extends { close(): void }>(c: T) => {
  opened.push(c);
  return c;
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "steady-local-client-"));
  file = join(dir, "t.db");
  const setup = open(new LocalClient(file));
  await setup.execute("PRAGMA journal_mode=WAL");
  await setup.executeMultiple(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, big INTEGER, data BLOB, note TEXT);" +
      "INSERT INTO t VALUES (1, 'a', 5, x'0102', NULL), (2, 'b', 9007199254740993, NULL, 'x');",
  );
});

afterEach(() => {
  for (const c of opened.splice(0)) c.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("results, compared with @libsql/client on the same file", () => {
  const queries: [string, unknown[]][] = [
    ["SELECT id, name, note FROM t ORDER BY id", []],
    ["SELECT id AS x, name AS x FROM t WHERE id = ?", [1]], // repeated column names
    ["SELECT count(*) AS n, sum(id) FROM t WHERE name IN (?, ?)", ["a", "b"]],
    ["SELECT data FROM t WHERE id = 1", []],
    ["UPDATE t SET note = ? WHERE id = ?", ["y", 1]],
    ["INSERT INTO t (id, name) VALUES (7, 'g')", []],
    ["SELECT * FROM t WHERE id = 99", []],
  ];

  it("has the same columns, rows (by index and by name), counts and insert ids", async () => {
    const ours = open(new LocalClient(file));
    const theirs: Client = open(createClient({ url: `file:${file}` }));
    for (const [sql, args] of queries) {
      // Run on ours, undo, run on theirs: each sees the same starting rows.
      await ours.execute("BEGIN");
      const a = await ours.execute({ sql, args: args as never });
      await ours.execute("ROLLBACK");
      const b = await theirs.execute({ sql, args: args as never });
      if (sql.startsWith("INSERT")) await theirs.execute("DELETE FROM t WHERE id = 7");
      if (sql.startsWith("UPDATE")) await theirs.execute("UPDATE t SET note = NULL WHERE id = 1");
      expect(a.toJSON(), sql).toEqual(b.toJSON());
      expect(
        a.rows.map((r) => ({ ...r })),
        sql,
      ).toEqual(b.rows.map((r) => ({ ...r })));
      expect(
        a.rows.map((r) => Array.from(r as ArrayLike<unknown>)),
        sql,
      ).toEqual(b.rows.map((r) => Array.from(r as ArrayLike<unknown>)));
    }
  });

  it("keeps the first of repeated column names by name and each by index", async () => {
    const c = open(new LocalClient(file));
    const { rows } = await c.execute("SELECT 1 AS x, 2 AS x");
    // By name the first wins; by index both are there: [1, 2].
    expect(rows[0]?.x).toBe(1);
    expect([rows[0]?.[0], rows[0]?.[1]]).toEqual([1, 2]);
  });

  it("refuses integers a JavaScript number cannot hold, like @libsql/client", async () => {
    const c = open(new LocalClient(file));
    // 9007199254740993 = 2^53 + 1
    await expect(c.execute("SELECT big FROM t WHERE id = 2")).rejects.toThrow(RangeError);
  });

  it("sees a column added after a statement was cached", async () => {
    const c = open(new LocalClient(file));
    expect((await c.execute("SELECT * FROM t WHERE id = 1")).columns).toHaveLength(5);
    const other = open(new LocalClient(file));
    await other.execute("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'e'");
    const after = await c.execute("SELECT * FROM t WHERE id = 1");
    expect(after.columns).toHaveLength(6);
    expect(after.rows[0]?.extra).toBe("e");
  });
});

describe("batches", () => {
  for (const groupCommit of [false, true]) {
    it(`roll back a failing batch whole (groupCommit: ${groupCommit})`, async () => {
      const c = open(new LocalClient(file, { groupCommit }));
      const failing = c.batch([
        { sql: "INSERT INTO t (id, name) VALUES (10, 'j')", args: [] },
        { sql: "INSERT INTO t (id, name) VALUES (11, 'a')", args: [] }, // 'a' is taken
      ]);
      await expect(failing).rejects.toBeInstanceOf(LibsqlBatchError);
      await expect(failing).rejects.toMatchObject({ statementIndex: 1 });
      expect((await c.execute("SELECT count(*) AS n FROM t WHERE id IN (10, 11)")).rows[0]?.n).toBe(0);
    });
  }
});

describe("group commit", () => {
  it("answers batches of one turn after one shared commit, and never before it", async () => {
    const c = open(new LocalClient(file, { groupCommit: true }));
    const reader = open(new LocalClient(file));
    const one = c.batch([{ sql: "INSERT INTO t (id, name) VALUES (20, 't')", args: [] }]);
    const two = c.batch([{ sql: "INSERT INTO t (id, name) VALUES (21, 'u')", args: [] }]);
    let settled = false;
    void Promise.all([one, two]).then(() => {
      settled = true;
    });
    await Promise.resolve();
    // Same turn: not committed, so another connection sees neither row and nobody was answered.
    expect(settled).toBe(false);
    expect((await reader.execute("SELECT count(*) AS n FROM t WHERE id >= 20")).rows[0]?.n).toBe(0);
    const [r1, r2] = await Promise.all([one, two]);
    expect([r1[0]?.rowsAffected, r2[0]?.rowsAffected]).toEqual([1, 1]);
    expect((await reader.execute("SELECT count(*) AS n FROM t WHERE id >= 20")).rows[0]?.n).toBe(2);
  });

  it("keeps a failing batch's rows out without touching the others in the group", async () => {
    const c = open(new LocalClient(file, { groupCommit: true }));
    const good = c.batch([{ sql: "INSERT INTO t (id, name) VALUES (30, 'p')", args: [] }]);
    const bad = c.batch([
      { sql: "INSERT INTO t (id, name) VALUES (31, 'q')", args: [] },
      { sql: "INSERT INTO t (id, name) VALUES (32, 'p')", args: [] }, // 'p' taken by `good`
    ]);
    const after = c.batch([{ sql: "INSERT INTO t (id, name) VALUES (33, 'r')", args: [] }]);
    await expect(bad).rejects.toBeInstanceOf(LibsqlBatchError);
    await Promise.all([good, after]);
    const ids = (await c.execute("SELECT id FROM t WHERE id >= 30 ORDER BY id")).rows.map((r) => r.id);
    expect(ids).toEqual([30, 33]);
  });

  it("answers a read made inside an open group only once the group is committed", async () => {
    const c = open(new LocalClient(file, { groupCommit: true }));
    const write = c.batch([{ sql: "INSERT INTO t (id, name) VALUES (40, 'w')", args: [] }]);
    const order: string[] = [];
    const read = c.execute("SELECT name FROM t WHERE id = 40").then((r) => {
      order.push("read");
      return r;
    });
    void write.then(() => order.push("write"));
    expect((await read).rows[0]?.name).toBe("w");
    await write;
    // Both settle on the same commit, in the order they joined the group.
    expect(order).toEqual(["write", "read"]);
  });

  it("commits the open group before an interactive transaction or closing", async () => {
    const c = new LocalClient(file, { groupCommit: true });
    const reader = open(new LocalClient(file));
    const pending = c.batch([{ sql: "INSERT INTO t (id, name) VALUES (50, 'x1')", args: [] }]);
    const tx = await c.transaction("write");
    expect((await reader.execute("SELECT count(*) AS n FROM t WHERE id = 50")).rows[0]?.n).toBe(1);
    await tx.execute("INSERT INTO t (id, name) VALUES (51, 'x2')");
    await tx.commit();
    await pending;
    const last = c.batch([{ sql: "INSERT INTO t (id, name) VALUES (52, 'x3')", args: [] }]);
    c.close();
    await last;
    expect((await reader.execute("SELECT count(*) AS n FROM t WHERE id >= 50")).rows[0]?.n).toBe(3);
  });
});

describe("background checkpoints", () => {
  it("copy the WAL into the database file without the writer's help", async () => {
    const c = open(new LocalClient(file));
    await c.execute("PRAGMA wal_autocheckpoint=0"); // this connection never checkpoints
    for (let i = 0; i < 50; i++) {
      await c.execute({ sql: "INSERT INTO t (name) VALUES (?)", args: [`n${i}`] });
    }
    const stop = startCheckpointer(file, 20);
    opened.push({ close: stop });
    // Observed from a copy of the database file alone (without its WAL): the rows are there once
    // the thread has copied their pages. (A `PRAGMA wal_checkpoint` probe would checkpoint itself:
    // this SQLite reads the NOOP mode as PASSIVE.)
    let rows = 0;
    for (let i = 0; i < 200 && rows < 50; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const copy = join(dir, `copy-${i}.db`);
      copyFileSync(file, copy);
      const probe = open(new LocalClient(copy));
      rows = await probe
        .execute("SELECT count(*) AS n FROM t WHERE name LIKE 'n%'")
        .then((r) => Number(r.rows[0]?.n))
        .catch(() => 0); // not even the table yet
    }
    expect(rows).toBe(50);
  });
});

describe("a write lock held by another connection", () => {
  it("with group commit, writes wait for it without holding up reads, then commit", async () => {
    const setup = open(new LocalClient(file));
    await setup.execute("CREATE TABLE contention_probe (at INTEGER NOT NULL)");
    const c = open(new LocalClient(file, { groupCommit: true }));
    // Another connection (a thread: SQLite's busy wait would block this one) takes the lock.
    const holder = new Worker(new URL("./contention.test-support.mjs", import.meta.url), {
      workerData: { mode: "hold", path: file, holds: [{ holdMs: 1500, gapMs: 0 }] },
    });
    const done = new Promise((resolve, reject) => {
      holder.on("message", (m: { done?: boolean }) => m.done && resolve(m));
      holder.on("error", reject);
    });
    await new Promise((resolve) => holder.once("message", resolve)); // { holding }
    const order: string[] = [];
    const write = c.batch([{ sql: "INSERT INTO t (name) VALUES ('while-locked')", args: [] }], "write");
    const single = c.execute({ sql: "UPDATE t SET note = 'locked' WHERE id = 1", args: [] });
    void write.then(() => order.push("write"));
    const read = await c.execute("SELECT count(*) AS n FROM t");
    order.push("read");
    await Promise.all([write, single, done]);
    // The read was answered while the writes waited (before, the thread slept in SQLite's busy
    // handler and the read joined the writes' transaction); both writes are stored.
    expect(order).toEqual(["read", "write"]);
    expect(read.rows[0]?.n).toBe(2);
    const after = await c.execute(
      "SELECT count(*) AS n, max(note) AS note FROM t WHERE id = 1 OR name = 'while-locked'",
    );
    expect(after.rows[0]?.n).toBe(2);
    expect(after.rows[0]?.note).toBe("locked");
  });
});

describe("checkpoints with group commit", () => {
  it("a TRUNCATE checkpoint in the same turn as a write commits the group first, then runs", async () => {
    const c = open(new LocalClient(file, { groupCommit: true }));
    const write = c.batch([{ sql: "INSERT INTO t (name) VALUES ('erased-next')", args: [] }], "write");
    const r = await c.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    await write;
    expect(Array.from(r.rows[0] as ArrayLike<unknown>)).toEqual([0, 0, 0]); // not busy; WAL emptied
  });
});
