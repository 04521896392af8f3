// Restoring a backup into a database file, with the server stopped: from a local file (the
// `.db.gz` a backup wrote, or a plain `.db`) or from object storage (a key, or `latest`). The
// backup is written beside the target, its SHA-256 compared with the one recorded at backup time,
// checked with integrity_check, and only then moved into place; a database already there is kept
// beside it as `<file>.before-restore-<time>`.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { gunzipSync } from "node:zlib";
import { backupName, backupTime } from "./retention";
import { checkDatabase } from "./snapshot";
import type { ObjectStore } from "./store";

export interface RestoreOptions {
  /** A local file, an object key (with or without the prefix), or `latest`. */
  source: string;
  /** The database file to restore into. */
  dest: string;
  store: ObjectStore | null;
  prefix: string;
  /** Restore even though the target looks open (its `-wal` file exists). */
  force?: boolean;
  clock?: () => number;
}

export interface RestoreReport {
  from: string;
  bytes: number;
  integrity: string;
  /** Where the database previously at `dest` was moved, if there was one. */
  previous: string | null;
}

async function fetchBackup(opts: RestoreOptions): Promise<{ from: string; data: Buffer; sha256?: string }> {
  if (opts.source !== "latest" && existsSync(opts.source)) {
    return { from: opts.source, data: await readFile(opts.source) };
  }
  if (!opts.store) {
    throw new Error(`${opts.source} is not a file, and no object storage is configured (STEADY_BACKUP_S3_*)`);
  }
  let key = opts.source;
  if (key === "latest") {
    const newest = (await opts.store.list(opts.prefix))
      .filter((o) => backupTime(o.key) !== null)
      .sort((a, b) => (backupTime(b.key) ?? 0) - (backupTime(a.key) ?? 0))[0];
    if (!newest) throw new Error(`no backups under ${opts.prefix}`);
    key = newest.key;
  } else if (!key.startsWith(opts.prefix)) {
    key = `${opts.prefix}${key}`;
  }
  const { body, meta } = await opts.store.get(key);
  return { from: key, data: Buffer.from(body), sha256: meta.sha256 };
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreReport> {
  const { dest } = opts;
  if (existsSync(`${dest}-wal`) && !opts.force) {
    throw new Error(
      `${dest}-wal exists: the server may still have the database open. Stop it first (or pass --force after checking).`,
    );
  }
  const { from, data, sha256 } = await fetchBackup(opts);
  const gz = data[0] === 0x1f && data[1] === 0x8b;
  const raw = gz ? gunzipSync(data) : data;
  if (sha256) {
    const got = createHash("sha256").update(raw).digest("hex");
    if (got !== sha256)
      throw new Error(`${from}: SHA-256 ${got} differs from the one recorded at backup (${sha256})`);
  }
  const tmp = `${dest}.restoring`;
  await mkdir(dirname(dest), { recursive: true });
  await rm(tmp, { force: true });
  await writeFile(tmp, raw);
  let integrity: string;
  try {
    integrity = await checkDatabase(tmp);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  if (integrity !== "ok") {
    await rm(tmp, { force: true });
    throw new Error(`${from} failed integrity_check: ${integrity}`);
  }
  let previous: string | null = null;
  if (existsSync(dest)) {
    previous = `${dest}.before-restore-${backupName((opts.clock ?? Date.now)()).replace(/^steady-|\.db\.gz$/g, "")}`;
    await rename(dest, previous);
    for (const side of ["-wal", "-shm"]) {
      if (existsSync(`${dest}${side}`)) await rename(`${dest}${side}`, `${previous}${side}`);
    }
  }
  // A WAL left by the previous database must never be replayed over the restored one.
  await rm(`${dest}-wal`, { force: true });
  await rm(`${dest}-shm`, { force: true });
  await rename(tmp, dest);
  return { from, bytes: (await stat(dest)).size, integrity, previous };
}
