// `pnpm steady <command>`: operator tasks on a Steady database.
//   pnpm steady seed --patients 2000 --days 90 [--db file:data/bench.db] [--single-clinic]

import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { parseSettings } from "../config-env";
import { openDb } from "../db/node";
import { DEMO_DAYS, DEMO_PATIENTS, hasData, seedDemo } from "../seed/demo";
import { progressBar } from "./progress";

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0");
  return n;
};

const program = new Command("steady").description("Steady (稳稳) operator commands");

program
  .command("seed")
  .description("create the demo programme, clinics, accounts and synthetic patients")
  .option("--patients <n>", "synthetic patients", positiveInt, DEMO_PATIENTS)
  .option("--days <n>", "days of history", positiveInt, DEMO_DAYS)
  .option(
    "--db <url>",
    "libSQL URL",
    // Only DATABASE_URL matters here, but it is read through the one configuration schema.
    parseSettings({ DATABASE_URL: process.env.DATABASE_URL }).DATABASE_URL ??
      `file:${resolve(process.cwd(), "..", "data", "steady.db")}`,
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

program.parseAsync().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
