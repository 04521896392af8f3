// Issue 14: a write must never be refused because the machine is busy. The real Node server on a
// real libSQL file, many phones writing in parallel over HTTP, while both cores are spun by other
// threads and a second connection (a CLI run or a backup on the live file) keeps taking the write
// lock — once for longer than SQLite's busy timeout. Every write must be answered 201 and stored.
// Nothing here asserts a duration: only statuses and rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../entry-node";
import { openDb } from "./node";

const THREADS = new URL("./contention.test-support.mjs", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "steady-contention-"));
const file = join(dir, "live.db");
const PHONES = 48;
const TZ_OFFSET = "+08:00"; // demo patients enrol in Asia/Shanghai

let server: Awaited<ReturnType<typeof startServer>>;
const stopBurners = new SharedArrayBuffer(4);
const burners: Worker[] = [];

const thread = (data: unknown) => new Worker(THREADS, { workerData: data });
const ended = (w: Worker) =>
  new Promise<{ rows?: number }>((resolve, reject) => {
    w.on("message", (m: { done?: boolean; rows?: number }) => m.done && resolve(m));
    w.on("error", reject);
  });

beforeAll(async () => {
  {
    // The schema, plus a table the second connection writes to.
    const { client, close } = await openDb(`file:${file}`);
    await client.execute("CREATE TABLE contention_probe (at INTEGER NOT NULL)");
    close();
  }
  server = await startServer({
    port: 0,
    dbUrl: `file:${file}`,
    seedPatients: 0,
    quiet: true,
    env: { STEADY_MODE: "dev", STEADY_REMINDERS: "0" },
  });
});

afterAll(async () => {
  Atomics.store(new Int32Array(stopBurners), 0, 1);
  await Promise.all(burners.map((b) => b.terminate()));
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A POST; a failed connection is an answer too (status 0), not a thrown test error. */
async function post(path: string, body: unknown, token?: string) {
  try {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { status: 0, body: `request failed: ${String((e as Error).cause ?? e)}` };
  }
}

/** A patient with a daily 08:00 plan since 20 days ago; returns the token and past slots. */
async function phone(i: number) {
  const login = await post("/api/v1/auth/wechat", { code: `dev:contention-${i}` });
  const { token } = JSON.parse(login.body) as { token: string };
  const enrol = await post(
    "/api/v1/enrol",
    {
      code: "A-DEMO-CHEN",
      consent: { version: "2026-01", accepted: true },
      profile: { name: `患者${i}`, birthYear: 1960, sex: "male" },
    },
    token,
  );
  expect(enrol.status, enrol.body).toBe(201);
  const days = Array.from({ length: 20 }, (_, d) =>
    new Date(Date.now() - (20 - d) * 86_400_000).toISOString().slice(0, 10),
  );
  const planId = crypto.randomUUID();
  const plan = await post(
    "/api/v1/me/plans",
    { id: planId, drug: "氨氯地平", dose: "5 mg", times: ["08:00"], startDate: days[0] },
    token,
  );
  expect(plan.status, plan.body).toBe(201);
  return { token, planId, slots: days.slice(1).map((d) => Date.parse(`${d}T08:00:00${TZ_OFFSET}`)) };
}

describe("writes under contention", () => {
  it("every dose from 48 parallel phones is 201 and stored while the cores are busy and another connection holds the write lock", async () => {
    const phones = await Promise.all(Array.from({ length: PHONES }, (_, i) => phone(i)));
    // Two spinning threads: with the server, the test and the checkpoint thread, more runnable
    // threads than this machine has cores.
    for (let i = 0; i < 2; i++) burners.push(thread({ mode: "burn", stop: stopBurners }));
    // Short holds, then one longer than the server connection's 5-s busy timeout, then short ones.
    const short = Array.from({ length: 10 }, () => ({ holdMs: 40, gapMs: 20 }));
    const holder = thread({
      mode: "hold",
      path: file,
      holds: [...short, { holdMs: 6000, gapMs: 20 }, ...short],
    });
    const holderDone = ended(holder);

    const refused: string[] = [];
    const ids: string[] = [];
    let longHold = false;
    holder.on("message", (m: { holding?: number }) => {
      if ((m.holding ?? 0) > 1000) longHold = true;
    });
    // Each phone writes its doses one after another until the long hold has started and it has
    // written at least 12 (so writes arrive before, during and after the lock is taken).
    await Promise.all(
      phones.map(async (p, n) => {
        for (let k = 0; k < 12 || !longHold; k++) {
          const id = crypto.randomUUID();
          ids.push(id);
          const r = await post(
            "/api/v1/me/doses",
            {
              id,
              planId: p.planId,
              scheduledAt: p.slots[(k + n) % p.slots.length],
              status: k % 4 ? "taken" : "skipped",
            },
            p.token,
          );
          if (r.status !== 201) refused.push(`${r.status} ${r.body}`);
        }
      }),
    );
    const { rows } = await holderDone;
    expect(rows).toBeGreaterThan(0); // the other connection did hold the lock and write
    expect(refused).toEqual([]);

    const { client, close } = await openDb(`file:${file}`);
    try {
      const stored = await client.execute({
        sql: "SELECT count(*) AS n FROM dose_events WHERE id IN (SELECT value FROM json_each(?))",
        args: [JSON.stringify(ids)],
      });
      expect(stored.rows[0]?.n).toBe(ids.length);
    } finally {
      close();
    }
  }, 120_000);
});
