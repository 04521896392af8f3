// An online, consistent copy of the live database file: `VACUUM INTO` on a connection of its own
// in a worker thread. In WAL mode it is one read transaction, so the server keeps writing while it
// runs and the copy holds exactly the commits made before it began; the server's thread is never
// blocked. The copy is then checked with `PRAGMA integrity_check` before anything is uploaded.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

const THREAD = `
const { workerData, parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { createReadStream, createWriteStream, statSync, rmSync } = require("node:fs");
const { pipeline } = require("node:stream/promises");
const { createGzip } = require("node:zlib");
const Database = require(workerData.libsql);
(async () => {
  const t0 = performance.now();
  const src = new Database(workerData.src);
  src.exec("PRAGMA busy_timeout=10000");
  src.prepare("VACUUM INTO ?").run(workerData.dest);
  src.close();
  const t1 = performance.now();
  const copy = new Database(workerData.dest);
  const rows = copy.prepare("PRAGMA integrity_check").raw().all();
  copy.close();
  const t2 = performance.now();
  const result = {
    snapshotMs: t1 - t0,
    checkMs: t2 - t1,
    integrity: rows.map((r) => String(r[0])).join("; "),
    bytes: statSync(workerData.dest).size,
  };
  if (workerData.gzipTo && result.integrity === "ok") {
    const hash = createHash("sha256");
    await Promise.all([
      pipeline(createReadStream(workerData.dest), hash),
      pipeline(createReadStream(workerData.dest), createGzip({ level: 6 }), createWriteStream(workerData.gzipTo)),
    ]);
    rmSync(workerData.dest);
    Object.assign(result, {
      sha256: hash.digest("hex"),
      storedBytes: statSync(workerData.gzipTo).size,
      compressMs: performance.now() - t2,
    });
  }
  parentPort.postMessage(result);
})().catch((e) => parentPort.postMessage({ error: String(e && e.message ? e.message : e) }));
`;

export interface SnapshotResult {
  snapshotMs: number;
  checkMs: number;
  /** `ok`, or what integrity_check found. */
  integrity: string;
  /** Size of the copy. */
  bytes: number;
  /** With `gzipTo`: the copy's SHA-256, the compressed size and the time to hash and compress. */
  sha256?: string;
  storedBytes?: number;
  compressMs?: number;
}

function inThread(data: Record<string, string | undefined>): Promise<SnapshotResult> {
  const libsql = createRequire(import.meta.url).resolve("libsql");
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, { eval: true, workerData: { libsql, ...data } });
    worker.once("message", (m: SnapshotResult & { error?: string }) => {
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once("error", reject);
  });
}

/**
 * Writes a consistent copy of the database at `src` to `dest` (which must not exist) and checks
 * it; with `gzipTo`, a checked copy is then hashed and compressed there and `dest` removed — all on
 * the thread, so a busy server's event loop does not slow the backup down (nor the other way).
 */
export function snapshotDatabase(src: string, dest: string, gzipTo?: string): Promise<SnapshotResult> {
  return inThread({ src, dest, gzipTo });
}

const CHECK_THREAD = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.libsql);
try {
  const db = new Database(workerData.path);
  const rows = db.prepare("PRAGMA integrity_check").raw().all();
  const migrated = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = '__drizzle_migrations'").raw().get()[0];
  db.close();
  parentPort.postMessage({ integrity: migrated ? rows.map((r) => String(r[0])).join("; ") : "not a Steady database (no __drizzle_migrations table)" });
} catch (e) {
  parentPort.postMessage({ error: String(e && e.message ? e.message : e) });
}
`;

/** `ok` when the file at `path` is an intact Steady database, else what is wrong with it. */
export async function checkDatabase(path: string): Promise<string> {
  const libsql = createRequire(import.meta.url).resolve("libsql");
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECK_THREAD, { eval: true, workerData: { libsql, path } });
    worker.once("message", (m: { integrity: string; error?: string }) => {
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m.integrity);
    });
    worker.once("error", reject);
  });
}
