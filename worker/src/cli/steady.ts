// `pnpm steady <command>`: operator tasks on a Steady database.
//   pnpm steady seed --patients 2000 --days 90 [--db file:data/bench.db] [--single-clinic]
//   pnpm steady backup [--db file:data/steady.db]         one backup now (STEADY_BACKUP_* as the server)
//   pnpm steady backups                                   list the backups in object storage
//   pnpm steady restore <file|key|latest> [--db …] [--force]   restore, with the server stopped
// On a production machine the compiled form is the same: node worker/dist/steady.js <command>.

import { existsSync, mkdirSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { storeFor } from "../backup/host";
import { runBackup } from "../backup/job";
import { restoreBackup } from "../backup/restore";
import { backupConfigFromSettings, configFromSettings, parseSettings } from "../config-env";
import { localPath, openDb } from "../db/node";
import { DEMO_DAYS, DEMO_PATIENTS, hasData, seedDemo } from "../seed/demo";
import { progressBar } from "./progress";

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0");
  return n;
};

// The one configuration schema, parsed once: a bad variable stops the command naming it.
const settings = parseSettings(process.env);
// Relative paths are the operator's: pnpm runs this from worker/, so resolve them against the
// directory the command was typed in (INIT_CWD).
const typedIn = process.env.INIT_CWD ?? process.cwd();

const program = new Command("steady").description("Steady (稳稳) operator commands");

program
  .command("seed")
  .description("create the demo programme, clinics, accounts and synthetic patients")
  .option("--patients <n>", "synthetic patients", positiveInt, DEMO_PATIENTS)
  .option("--days <n>", "days of history", positiveInt, DEMO_DAYS)
  .option(
    "--db <url>",
    "libSQL URL",
    settings.DATABASE_URL ?? `file:${resolve(process.cwd(), "..", "data", "steady.db")}`,
  )
  .option("--single-clinic", "put every patient in clinic A (benchmarks)", false)
  .option("--seed <n>", "random seed (same seed, same data)", positiveInt, 20261122)
  .action(
    async (opts: { patients: number; days: number; db: string; singleClinic: boolean; seed: number }) => {
      if (opts.db.startsWith("file:")) mkdirSync(dirname(opts.db.slice(5)), { recursive: true });
      const { db, close } = await openDb(opts.db);
      if (await hasData(db)) {
        console.error(`${opts.db} already has data; seed an empty database (delete the file first).`);
        close();
        process.exit(1);
      }
      const bar = progressBar("Seeding patients");
      const started = performance.now();
      bar.start(opts.patients, 0);
      const result = await seedDemo(db, {
        patients: opts.patients,
        days: opts.days,
        now: Date.now(),
        seed: opts.seed,
        singleClinic: opts.singleClinic,
        onProgress: (n) => bar.update(n),
      });
      bar.stop();
      const secs = (performance.now() - started) / 1000;
      console.log(
        `Seeded ${result.patients} patients, ${result.rows} rows in ${secs.toFixed(1)} s (${Math.round(result.rows / secs)} rows/s) into ${opts.db}`,
      );
      for (const c of result.codes) console.log(`  enrolment code ${c.code}: ${c.clinic}, ${c.doctor}`);
      close();
    },
  );

const defaultDb = settings.DATABASE_URL ?? `file:${resolve(typedIn, "data", "steady.db")}`;
const backupSetup = () => {
  const mode = configFromSettings(settings, "dev").mode;
  const config = backupConfigFromSettings(settings, mode, resolve(typedIn, "data", "backups"));
  return { config, store: storeFor(config) };
};
const filePath = (url: string) => {
  const path = localPath(url.startsWith("file:") ? url : `file:${url}`);
  if (!path) throw new Error(`${url}: backups and restores work on a local database file`);
  return isAbsolute(path) ? path : resolve(typedIn, path);
};

program
  .command("backup")
  .description("back the database file up now (to object storage when STEADY_BACKUP_S3_* is set)")
  .option("--db <url>", "database file", defaultDb)
  .action(async (opts: { db: string }) => {
    const { config, store } = backupSetup();
    const r = await runBackup({ dbPath: filePath(opts.db), config, store });
    console.log(
      `${r.key}: ${r.bytes} bytes (${r.storedBytes} stored), snapshot ${r.snapshotMs.toFixed(0)} ms, check ${r.checkMs.toFixed(0)} ms, gzip ${r.compressMs.toFixed(0)} ms, upload ${r.uploadMs.toFixed(0)} ms; sha256 ${r.sha256}`,
    );
    for (const k of r.deleted) console.log(`  expired, removed: ${k}`);
  });

program
  .command("backups")
  .description("list the backups in object storage")
  .action(async () => {
    const { config, store } = backupSetup();
    if (!store || !config.store) throw new Error("no object storage configured (STEADY_BACKUP_S3_*)");
    for (const o of await store.list(config.store.prefix))
      console.log(`${o.lastModified}  ${o.size}\t${o.key}`);
  });

program
  .command("restore")
  .description("restore a backup into the database file; stop the server first")
  .argument("<source>", "a backup file, an object key, or latest")
  .option("--db <url>", "database file to restore into", defaultDb)
  .option("--force", "restore even though the database looks open", false)
  .action(async (source: string, opts: { db: string; force: boolean }) => {
    const { config, store } = backupSetup();
    const local = isAbsolute(source) ? source : resolve(typedIn, source);
    const r = await restoreBackup({
      source: existsSync(local) ? local : source,
      dest: filePath(opts.db),
      store,
      prefix: config.store?.prefix ?? "",
      force: opts.force,
    });
    console.log(
      `restored ${r.from} → ${filePath(opts.db)} (${r.bytes} bytes, integrity_check ${r.integrity})`,
    );
    if (r.previous) console.log(`the database that was there is kept as ${r.previous}`);
  });

program.parseAsync().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
