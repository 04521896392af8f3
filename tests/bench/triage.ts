// Bench: the clinic triage list (docs/budgets.md: ≤ 20 ms server time for 2,000 patients, and no
// slower with 365 days of history than with 30), snapshot-based per ADR 0006.
//   pnpm --filter @steady/tests exec tsx bench/triage.ts
// Seeds one clinic of 2,000 patients with 30 and with 365 days of history into temp libSQL files
// (WAL), then measures in-process server time over ≥ 20 runs each:
//   warm        every snapshot current (the background refresher has run)
//   1 % written 20 patients written to since their snapshot (recomputed by the request)
//   cold        every snapshot stale (first request after deploy; the refresher normally prevents it)
//   route       GET /api/v1/patients through the app (session, audit, JSON), warm
//   reference   the original from-scratch list, for comparison (5 runs)
// and one background pass of 1,000 snapshots. Numbers are reported, never asserted.
// Env: BENCH_PATIENTS (2000), BENCH_TRIAGE_DAYS ("30,365"), BENCH_RUNS (30),
// BENCH_TRIAGE_CACHE (a folder to keep seeded files between runs; seeding 365 days takes minutes).
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refreshDueSnapshots, triageList, triageListFromScratch } from "@steady/worker/bench";
import { openDb } from "@steady/worker/db";
import { DEMO_PASSWORD, seedDemo } from "@steady/worker/seed";
import { createApp, defaultConfig, offlineWechatClient, progressBar } from "@steady/worker/testing";

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 2000);
const HISTORIES = (process.env.BENCH_TRIAGE_DAYS ?? "30,365").split(",").map(Number);
const RUNS = Math.max(20, Number(process.env.BENCH_RUNS ?? 30));
const BUDGET_MS = 20;
const CLINIC = ["clinic-a"];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};

interface Line {
  what: string;
  median: number;
  p95: number;
  /** Median CPU time of this process (user + system): steadier than wall time on a shared machine. */
  cpu: number;
  runs: number;
  budget: boolean;
}

interface Times {
  wall: number[];
  cpu: number[];
}

async function timeRuns(runs: number, before: () => Promise<unknown>, run: () => Promise<unknown>) {
  const times: Times = { wall: [], cpu: [] };
  for (let i = 0; i < runs; i++) {
    await before();
    const c = process.cpuUsage();
    const t = performance.now();
    await run();
    times.wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    times.cpu.push((used.user + used.system) / 1000);
  }
  return times;
}

async function seeded(days: number, dir: string): Promise<string> {
  const file = join(dir, `triage-${PATIENTS}p-${days}d.db`);
  if (existsSync(file)) {
    console.log(`  reusing ${file}`);
    return file;
  }
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const { db, close } = await openDb(`file:${partial}`);
  const bar = progressBar(`Seeding ${PATIENTS} patients × ${days} days`);
  const t = performance.now();
  bar.start(PATIENTS, 0);
  const r = await seedDemo(db, {
    patients: PATIENTS,
    days,
    now: Date.now(),
    singleClinic: true,
    onProgress: (n) => bar.update(n),
  });
  bar.stop();
  await db.run("PRAGMA wal_checkpoint(TRUNCATE)");
  close();
  renameSync(partial, file);
  console.log(`  ${r.rows} rows in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return file;
}

async function benchOne(days: number, dir: string): Promise<Line[]> {
  const file = await seeded(days, dir);
  const { db, close } = await openDb(`file:${file}`);
  const lines: Line[] = [];
  const add = (what: string, times: Times, budget = true) =>
    lines.push({
      what,
      median: pct(times.wall, 50),
      p95: pct(times.wall, 95),
      cpu: pct(times.cpu, 50),
      runs: times.wall.length,
      budget,
    });
  const list = () => triageList(db, CLINIC, Date.now(), "zh-CN");
  const none = async () => {};
  try {
    const rows = (await list()).length;
    console.log(`  ${rows} patients on the list`);
    // A server runs this code hot: let the JIT settle before timing (not counted).
    for (let i = 0; i < 20; i++) await list();

    add("warm (all snapshots current)", await timeRuns(RUNS, none, list));
    add(
      "1 % written to since (recomputed in the request)",
      await timeRuns(
        RUNS,
        () =>
          db.run(`UPDATE triage_snapshots SET gen = gen + 1, refresh_after = 0
            WHERE patient_id IN (SELECT patient_id FROM triage_snapshots ORDER BY random() LIMIT ${Math.ceil(PATIENTS / 100)})`),
        list,
      ),
    );
    add(
      "cold (every snapshot stale)",
      await timeRuns(
        RUNS,
        () => db.run("UPDATE triage_snapshots SET gen = gen + 1, refresh_after = 0"),
        list,
      ),
    );

    // The route in-process: session lookup, clinic scope, the list, filters, audit row, JSON.
    const app = createApp({ db, clock: Date.now, wechat: offlineWechatClient, config: defaultConfig() });
    const login = await app.request("http://localhost/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ email: "doctor.a@demo.test", password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const route = async () => {
      const res = await app.request("http://localhost/api/v1/patients", { headers: { cookie } });
      if (res.status !== 200) throw new Error(`GET /api/v1/patients: ${res.status}`);
      await res.text();
    };
    for (let i = 0; i < 10; i++) await route();
    add("GET /api/v1/patients in-process, warm", await timeRuns(RUNS, none, route));

    add(
      "reference: original from-scratch list",
      await timeRuns(5, none, () => triageListFromScratch(db, CLINIC, Date.now(), "zh-CN")),
      false,
    );
    add(
      "background pass of ≤ 1,000 stale snapshots",
      await timeRuns(
        5,
        () => db.run("UPDATE triage_snapshots SET gen = gen + 1, refresh_after = 0"),
        () => refreshDueSnapshots(db, Date.now(), 1000),
      ),
      false,
    );
  } finally {
    close();
  }
  return lines;
}

async function main() {
  const cache = process.env.BENCH_TRIAGE_CACHE;
  const dir = cache ?? mkdtempSync(join(tmpdir(), "steady-bench-triage-"));
  if (cache) mkdirSync(cache, { recursive: true });
  console.log(
    `Triage list bench — ${PATIENTS} patients, ${RUNS} runs per figure, budget ≤ ${BUDGET_MS} ms\n`,
  );
  const results = new Map<number, Line[]>();
  try {
    for (const days of HISTORIES) {
      console.log(`${days} days of history`);
      results.set(days, await benchOne(days, dir));
    }
  } finally {
    if (!cache) rmSync(dir, { recursive: true, force: true });
  }

  console.log("\nServer time (ms): wall median / p95 (CPU median)");
  const whats =
    results
      .values()
      .next()
      .value?.map((l) => l.what) ?? [];
  const width = Math.max(...whats.map((w) => w.length));
  console.log(`  ${"".padEnd(width)}  ${HISTORIES.map((d) => `${d} d`.padStart(26)).join("")}`);
  for (const [i, what] of whats.entries()) {
    const cells = HISTORIES.map((d) => {
      const l = results.get(d)?.[i];
      if (!l) return "".padStart(26);
      const mark = l.budget ? (l.median <= BUDGET_MS ? " ✓" : " ✗") : "  ";
      return `${l.median.toFixed(1)} / ${l.p95.toFixed(1)} (${l.cpu.toFixed(1)})${mark}`.padStart(26);
    });
    console.log(`  ${what.padEnd(width)}  ${cells.join("")}`);
  }
  if (HISTORIES.length >= 2) {
    const first = results.get(HISTORIES[0] as number)?.[0];
    const last = results.get(HISTORIES[HISTORIES.length - 1] as number)?.[0];
    if (first && last) {
      console.log(
        `\n  warm median, ${HISTORIES[HISTORIES.length - 1]} d ÷ ${HISTORIES[0]} d: ${(last.median / first.median).toFixed(2)} (budget: no slower with more history)`,
      );
    }
  }
  console.log(
    `  ✓/✗: median against the ${BUDGET_MS} ms budget; the machine may be shared, so repeat and compare.`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
