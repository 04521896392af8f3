// Where the Node server starts its scheduled backups (one call from entry-node.ts), and the pieces
// the operator CLI shares with it.
import { localPath } from "../db/node";
import type { BackupConfig, Config } from "../env";
import { startBackupTimer } from "./job";
import { type ObjectStore, s3Store } from "./store";

export const storeFor = (config: BackupConfig): ObjectStore | null =>
  config.store ? s3Store(config.store) : null;

/**
 * Starts the backup timer for a local database file. Remote libSQL servers (Turso, sqld) and
 * `:memory:` are backed up by whoever runs them: nothing starts. Returns the stop function.
 */
export function startBackups(opts: {
  dbUrl: string;
  config: BackupConfig;
  mode: Config["mode"];
  quiet?: boolean;
}): () => Promise<void> {
  const path = localPath(opts.dbUrl);
  if (!path) return async () => {};
  if (opts.mode === "production" && opts.config.intervalMinutes === 0) {
    console.warn("STEADY_BACKUP_INTERVAL_MINUTES=0: no scheduled backups of the database");
  } else if (opts.mode === "production" && !opts.config.store) {
    console.warn(
      "STEADY_BACKUP_S3_BUCKET is not set: backups stay on this machine only (docs/deploy-china.md, Backups)",
    );
  }
  return startBackupTimer({
    dbPath: path,
    config: opts.config,
    store: storeFor(opts.config),
    log: opts.quiet ? () => {} : console.log,
  });
}
