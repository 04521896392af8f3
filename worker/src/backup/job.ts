// The scheduled backup of the Node server's embedded database: snapshot (snapshot.ts), gzip,
// upload to object storage with the snapshot's SHA-256 in the object's metadata, then apply the
// retention (retention.ts). Without object storage the compressed snapshots stay in the backup
// folder under the same retention. One backup at a time; a failed one is logged and the next
// interval tries again (the server never stops for it).
import { mkdirSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { BackupConfig } from "../env";
import { backupName, expiredBackups } from "./retention";
import { snapshotDatabase } from "./snapshot";
import type { ObjectStore } from "./store";

export interface BackupReport {
  /** Object key, or the local file without object storage. */
  key: string;
  /** Size of the snapshot (the database file after VACUUM INTO) and of what was stored. */
  bytes: number;
  storedBytes: number;
  sha256: string;
  snapshotMs: number;
  checkMs: number;
  compressMs: number;
  uploadMs: number;
  totalMs: number;
  /** Expired backups removed by the retention. */
  deleted: string[];
}

export interface BackupDeps {
  /** Path of the live database file. */
  dbPath: string;
  config: BackupConfig;
  store: ObjectStore | null;
  clock?: () => number;
}

export async function runBackup({
  dbPath,
  config,
  store,
  clock = Date.now,
}: BackupDeps): Promise<BackupReport> {
  const started = performance.now();
  const now = clock();
  const name = backupName(now);
  mkdirSync(config.dir, { recursive: true });
  const gzPath = join(config.dir, name);
  const rawPath = gzPath.replace(/\.gz$/, "");
  try {
    const snap = await snapshotDatabase(dbPath, rawPath, gzPath);
    if (snap.integrity !== "ok") throw new Error(`backup snapshot failed integrity_check: ${snap.integrity}`);
    const { bytes, sha256 = "", storedBytes = 0, compressMs = 0 } = snap;
    const uploadStarted = performance.now();
    let key = gzPath;
    let deleted: string[] = [];
    if (store && config.store) {
      key = `${config.store.prefix}${name}`;
      // One PUT (up to 5 GB in S3, COS and OSS): far above a stage-0 database (docs/deploy-china.md).
      await store.put(key, await readFile(gzPath), { sha256, bytes: String(bytes), format: "sqlite+gzip" });
      await rm(gzPath, { force: true });
      const expired = expiredBackups(
        (await store.list(config.store.prefix)).map((o) => o.key),
        now,
        config.keepLast,
        config.keepDaily,
      );
      for (const k of expired) await store.delete(k);
      deleted = expired;
    } else {
      const expired = expiredBackups(await readdir(config.dir), now, config.keepLast, config.keepDaily);
      for (const f of expired) await rm(join(config.dir, f), { force: true });
      deleted = expired;
    }
    return {
      key,
      bytes,
      storedBytes,
      sha256,
      snapshotMs: snap.snapshotMs,
      checkMs: snap.checkMs,
      compressMs,
      uploadMs: store ? performance.now() - uploadStarted : 0,
      totalMs: performance.now() - started,
      deleted,
    };
  } catch (e) {
    await rm(rawPath, { force: true });
    if (store) await rm(gzPath, { force: true });
    throw e;
  }
}

/**
 * Runs `runBackup` every `config.intervalMinutes` (none when 0). The returned function stops the
 * timer and waits for a backup in progress.
 */
export function startBackupTimer(
  deps: BackupDeps & { log?: (line: string) => void; onError?: (e: unknown) => void },
): () => Promise<void> {
  const { config } = deps;
  if (config.intervalMinutes <= 0) return async () => {};
  const log = deps.log ?? console.log;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return; // the previous backup is still going: skip this turn
    running = runBackup(deps)
      .then((r) =>
        log(
          `[backup] ${r.key}: ${(r.bytes / 1e6).toFixed(1)} MB → ${(r.storedBytes / 1e6).toFixed(1)} MB in ${(r.totalMs / 1000).toFixed(1)} s${r.deleted.length ? `, ${r.deleted.length} expired removed` : ""}`,
        ),
      )
      .catch((e) => (deps.onError ?? ((err) => console.error("[backup] failed:", err)))(e))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, config.intervalMinutes * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
