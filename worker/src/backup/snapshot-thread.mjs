// The backup's worker thread (started by snapshot.ts): a consistent copy with `VACUUM INTO`, its
// integrity check, hashing and compression — or only the check of a file to restore. Plain
// JavaScript so it loads the same way under tsx, vitest and compiled output (a worker thread does
// not inherit the TypeScript loader of the thread that starts it).
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, rmSync, statSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parentPort, workerData } from "node:worker_threads";
import { createGzip } from "node:zlib";
import Database from "libsql";

/** @param {string} path */
function integrityOf(path) {
  const db = new Database(path);
  try {
    return db
      .prepare("PRAGMA integrity_check")
      .raw()
      .all()
      .map((r) => String(r[0]))
      .join("; ");
  } finally {
    db.close();
  }
}

/** @param {{ src: string; dest: string; gzipTo?: string }} w */
async function snapshot(w) {
  const t0 = performance.now();
  const src = new Database(w.src);
  src.exec("PRAGMA busy_timeout=10000");
  src.prepare("VACUUM INTO ?").run(w.dest);
  src.close();
  const t1 = performance.now();
  const integrity = integrityOf(w.dest);
  const t2 = performance.now();
  const result = { snapshotMs: t1 - t0, checkMs: t2 - t1, integrity, bytes: statSync(w.dest).size };
  if (!w.gzipTo || integrity !== "ok") return result;
  const hash = createHash("sha256");
  await Promise.all([
    pipeline(createReadStream(w.dest), hash),
    pipeline(createReadStream(w.dest), createGzip({ level: 6 }), createWriteStream(w.gzipTo)),
  ]);
  rmSync(w.dest);
  return {
    ...result,
    sha256: hash.digest("hex"),
    storedBytes: statSync(w.gzipTo).size,
    compressMs: performance.now() - t2,
  };
}

/** @param {{ path: string }} w */
function check(w) {
  const db = new Database(w.path);
  const migrated = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE name = '__drizzle_migrations'")
    .raw()
    .get()[0];
  db.close();
  return {
    integrity: migrated ? integrityOf(w.path) : "not a Steady database (no __drizzle_migrations table)",
  };
}

(async () => (workerData.task === "check" ? check(workerData) : snapshot(workerData)))()
  .then((result) => parentPort?.postMessage(result))
  .catch((e) => parentPort?.postMessage({ error: String(e?.message ?? e) }));
