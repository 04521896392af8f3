// Threads for write-contention.test.ts (test code, never imported by the server). Plain
// JavaScript: worker threads do not inherit the test runner's TypeScript loader.
//  - "burn": spins a core until the shared flag is set (the machine is busy);
//  - "hold": a second connection to the same file, like a CLI run or a backup on the live
//    database, that takes the write lock and keeps it while it works, per `holds`.
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

/** @type {{ mode: "burn"; stop: SharedArrayBuffer } | { mode: "hold"; path: string; holds: { holdMs: number; gapMs: number }[] }} */
const job = workerData;

const spinUntil = (t) => {
  let x = 0;
  while (Date.now() < t) x += Math.sqrt(x + 1);
  return x;
};

if (job.mode === "burn") {
  const stop = new Int32Array(job.stop);
  let x = 0;
  while (Atomics.load(stop, 0) === 0) x = spinUntil(Date.now() + 5) + x * 0;
  parentPort?.postMessage({ done: true });
} else {
  const db = new Database(job.path);
  db.exec("PRAGMA busy_timeout=60000");
  const insert = db.prepare("INSERT INTO contention_probe (at) VALUES (?)");
  let n = 0;
  for (const { holdMs, gapMs } of job.holds) {
    db.exec("BEGIN IMMEDIATE");
    parentPort?.postMessage({ holding: holdMs });
    const until = Date.now() + holdMs;
    while (Date.now() < until) {
      insert.run(Date.now());
      n++;
      spinUntil(Math.min(until, Date.now() + 2));
    }
    db.exec("COMMIT");
    spinUntil(Date.now() + gapMs);
  }
  db.close();
  parentPort?.postMessage({ done: true, rows: n });
}
