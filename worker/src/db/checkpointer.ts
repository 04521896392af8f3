// WAL checkpoints on a background thread. SQLite's automatic checkpoint runs inside the commit
// that crosses the threshold: it copies ~1,000 pages into the database file and fsyncs it, which
// stalls the server's only thread for milliseconds every few hundred writes (the p99 of the write
// path, ADR 0009). Here a worker thread with its own connection runs PASSIVE checkpoints, which
// never block writers; the server's connection keeps a much higher automatic threshold as a
// safety net in case this thread falls behind.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** The server connection's own checkpoint threshold (pages) while the background one runs. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

const THREAD = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.libsql);
const db = new Database(workerData.path);
db.exec("PRAGMA busy_timeout=5000");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try {
    checkpoint.all();
  } catch (e) {
    parentPort.postMessage({ error: String(e) });
  }
}, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  process.exit(0);
});
`;

/** Starts the checkpoint thread for a database file; the returned function stops it. */
export function startCheckpointer(path: string, everyMs = 200): () => void {
  const libsql = createRequire(import.meta.url).resolve("libsql");
  const worker = new Worker(THREAD, { eval: true, workerData: { libsql, path, everyMs } });
  worker.on("message", (m: { error?: string }) => {
    if (m.error) console.error("background WAL checkpoint failed:", m.error);
  });
  worker.on("error", (e) => console.error("WAL checkpoint thread stopped:", e));
  worker.unref();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    worker.postMessage("stop");
  };
}
