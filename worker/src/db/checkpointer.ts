// WAL checkpoints off the server's thread. SQLite's automatic checkpoint runs inside the commit
// that crosses 1,000 pages: it copies them into the database file and fsyncs it (≈ 30 µs a page
// on this disk), stalling the server's only thread for ~20 ms several times a second under load
// (ADR 0009). Here a worker thread with its own connection runs PASSIVE checkpoints, which copy
// and fsync without blocking writers. Under continuous writes they never quite catch up with the
// last frame, so SQLite cannot rewind the WAL; the server's connection keeps a high automatic
// threshold that does that final step rarely (≈ once every 14 s, ≈ 80 ms, at a sustained 500
// writes/s; a lower threshold means shorter but more frequent pauses, measured worse for p99).
// When writes pause for a moment, the next write rewinds the WAL without any stall. The WAL file
// is not truncated after a rewind (truncating 200 MB was itself a pause); SQLite removes it when
// the server closes the database.
import { Worker } from "node:worker_threads";

/** The server connection's own automatic checkpoint threshold, in pages (≈ 200 MB of WAL). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 50_000;

/** The thread's module: a real file beside this one (not an eval'd string). */
const THREAD = new URL("./checkpoint-thread.mjs", import.meta.url);

/** Starts the checkpoint thread for a database file; the returned function stops it. */
export function startCheckpointer(path: string, everyMs = 200): () => void {
  const worker = new Worker(THREAD, { workerData: { path, everyMs } });
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
