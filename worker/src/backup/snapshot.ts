// An online, consistent copy of the live database file: `VACUUM INTO` on a connection of its own
// in a worker thread. In WAL mode it is one read transaction, so the server keeps writing while it
// runs and the copy holds exactly the commits made before it began; the server's thread is never
// blocked. The copy is then checked with `PRAGMA integrity_check` before anything is uploaded.
import { Worker } from "node:worker_threads";

const THREAD = new URL("./snapshot-thread.mjs", import.meta.url);

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

/** Runs one task on the backup thread and answers its result. */
function inThread<T>(data: Record<string, string | undefined>): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, { workerData: data });
    worker.once("message", (m: T & { error?: string }) => {
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
  return inThread<SnapshotResult>({ task: "snapshot", src, dest, gzipTo });
}

/** `ok` when the file at `path` is an intact Steady database, else what is wrong with it. */
export async function checkDatabase(path: string): Promise<string> {
  return (await inThread<{ integrity: string }>({ task: "check", path })).integrity;
}
