// Backups of the embedded database for the cross-package tests and tools (tests/backup*.test.ts).

// What the backup tests also need: the configuration parser and the server's database opener.
export { backupConfigFromEnv } from "../config-env";
export { openDb } from "../db/node";
export { storeFor } from "./host";
export { type BackupReport, runBackup, startBackupTimer } from "./job";
export { type RestoreReport, restoreBackup } from "./restore";
export { backupName, backupTime, expiredBackups } from "./retention";
export { checkDatabase, snapshotDatabase } from "./snapshot";
export { type ObjectStore, StoreError, s3Store } from "./store";
