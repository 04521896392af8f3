// The WAL checkpoint thread's body (started by checkpointer.ts in a worker_thread). Plain
// JavaScript so it loads the same way under tsx, vitest and compiled output: a worker thread
// does not inherit the TypeScript loader of the thread that starts it.
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

/** @type {{ path: string; everyMs: number }} */
const { path, everyMs } = workerData;
const db = new Database(path);
// PASSIVE never waits for the writer; the timeout only covers opening the file while the server
// holds a lock (reading the schema at the first statement).
db.exec("PRAGMA busy_timeout=5000");
const passive = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");

const timer = setInterval(() => {
  try {
    passive.all();
  } catch (e) {
    parentPort?.postMessage({ error: String(e) });
  }
}, everyMs);

parentPort?.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
