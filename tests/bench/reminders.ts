// `pnpm bench:reminders`: the 08:00 peak of a national programme (issue 14, ADR 0016). N patients
// (REMINDER_BENCH_PATIENTS, default 100,000) all have a dose at one minute; one cron run finds and
// enqueues them, the queue consumer sends them to the fake WeChat server (its own process, not
// counted). Measured on workerd (wrangler dev: local D1 + local Queues) and on Node (libSQL file +
// the libSQL job queue): seconds until the last reminder reaches WeChat, sends per second,
// duplicates, lost, and CPU per reminder, printed against the budget. CPU counts the processes
// doing reminder work only: on Node this process (producer and consumers shown apart); on workerd
// the workerd process (the Worker with local D1 and Queues), wrangler's node and esbuild apart.
//   REMINDER_BENCH_PATIENTS=20000 REMINDER_BENCH_RUNTIMES=node pnpm bench:reminders
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  enqueueDue,
  localQueue,
  NODE_PRODUCER_OPTIONS,
  nodeConsumers,
  nodeTransport,
  pollOnce,
  type ReminderJob,
  wechatSender,
} from "@steady/worker/bench";
import { openDb } from "@steady/worker/db";
import { createWechatClient } from "@steady/worker/testing";
import { type FakeWechatProcess, startFakeWechatProcess } from "../support/fake-wechat-process";
import { openSqliteFile, seedDuePatients } from "../support/reminder-seed";
import { migratedD1, removePersist, startWranglerDev } from "../support/wrangler-dev";

const N = Number(process.env.REMINDER_BENCH_PATIENTS ?? 100_000);
const RUNTIMES = (process.env.REMINDER_BENCH_RUNTIMES ?? "workerd,node").split(",");
const BUDGET_S = 600;
const BUDGET_CPU_MS = 0.5;
const MIN = 60_000;

interface Result {
  runtime: string;
  seconds: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /** CPU of the process(es) doing the reminder work (finding, enqueueing, sending, recording). */
  cpuMs: number;
  /** What cpuMs counts, part by part (ms). */
  cpuParts: [string, number][];
  note: string;
}

function pad(s: string, n: number) {
  return s.padEnd(n);
}

async function deliveryCheck(fake: FakeWechatProcess, openids: string[]) {
  const got = await fake.tousers();
  const seen = new Map<string, number>();
  for (const u of got) seen.set(u, (seen.get(u) ?? 0) + 1);
  let duplicates = 0;
  for (const n of seen.values()) duplicates += n - 1;
  const lost = openids.filter((o) => !seen.has(o)).length;
  return { delivered: got.length, duplicates, lost };
}

/** Waits until the fake has `n` messages, or nothing arrived for `idleMs`, or the budget ran out. */
async function waitForDeliveries(fake: FakeWechatProcess, n: number, t0: number, idleMs = 60_000) {
  let last = -1;
  let lastChange = performance.now();
  let lastArrival = t0;
  for (;;) {
    const c = await fake.count();
    if (c !== last) {
      last = c;
      lastChange = performance.now();
      lastArrival = lastChange;
      process.stdout.write(`\r  ${c} / ${n} delivered after ${((lastChange - t0) / 1000).toFixed(0)} s   `);
    }
    // Before the first arrival the cron run may still be finding and enqueueing: wait longer.
    const idle = c === 0 ? BUDGET_S * 1000 : idleMs;
    if (c >= n || performance.now() - lastChange > idle || performance.now() - t0 > BUDGET_S * 2000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  process.stdout.write("\n");
  return (lastArrival - t0) / 1000;
}

/**
 * CPU milliseconds (user + system) of every process in a process group, by command name
 * ("workerd", "node" for wrangler itself…), from /proc. A process that exits during the run
 * takes its ticks with it: wrangler's workerd and node processes live for the whole run.
 */
function groupCpuMs(pgid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue; // field 5: pgrp
      const ms = (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 1/100 s
      byName.set(name, (byName.get(name) ?? 0) + ms);
    } catch {
      // gone
    }
  }
  return byName;
}

function cpuSince(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}

async function benchWorkerd(fake: FakeWechatProcess): Promise<Result> {
  const d1 = migratedD1();
  try {
    const dueAt = Math.floor(Date.now() / MIN) * MIN;
    const seedStart = performance.now();
    const file = await openSqliteFile(d1.sqlite);
    const openids = await seedDuePatients(file.db, { count: N, dueAt });
    await file.close();
    console.log(
      `  seeded ${N} patients into local D1 in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const dev = await startWranglerDev(
      d1.persist,
      {
        STEADY_MODE: "dev",
        WECHAT_API_BASE: fake.baseUrl,
        WECHAT_APPID: "wx-fake-appid",
        WECHAT_SECRET: "fake-secret",
      },
      ["--test-scheduled"],
    );
    try {
      const pgid = dev.pid;
      const cpu0 = groupCpuMs(pgid);
      const t0 = performance.now();
      const cron = await fetch(`${dev.base}/__scheduled?cron=*+*+*+*+*`);
      if (!cron.ok) throw new Error(`/__scheduled answered ${cron.status}`);
      const seconds = await waitForDeliveries(fake, N, t0);
      const parts = cpuSince(cpu0, groupCpuMs(pgid));
      const count = await fake.count();
      if (count < N)
        console.log(`  only ${count} of ${N} arrived; wrangler's log ends:\n${dev.log().slice(-4000)}`);
      return {
        runtime: "workerd + local D1 + Queues",
        seconds,
        // The Worker (producer and consumer, with the local D1 and Queues simulators) runs in
        // workerd; wrangler's own node process only serves the dev session and is shown apart.
        cpuMs: parts.get("workerd") ?? 0,
        cpuParts: [...parts].sort((a, b) => b[1] - a[1]),
        ...(await deliveryCheck(fake, openids)),
        note: "CPU counts workerd (the Worker, local D1 and Queues), not wrangler's node process",
      };
    } finally {
      dev.stop();
    }
  } finally {
    removePersist(d1.persist);
  }
}

async function benchNode(fake: FakeWechatProcess): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), "steady-bench-reminders-"));
  // As the Node server opens its database (entry-node.ts): group commit, WAL checkpoints on a
  // background thread (its CPU is this process's too, so it is counted).
  const { db, client, close } = await openDb(`file:${join(dir, "bench.db")}`, undefined, {
    groupCommit: true,
    backgroundCheckpoint: true,
  });
  try {
    const dueAt = Date.parse("2026-11-20T00:00:00Z"); // 08:00 in Shanghai
    const seedStart = performance.now();
    const openids = await seedDuePatients(db, { count: N, dueAt });
    console.log(
      `  seeded ${N} patients into libSQL in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    let now = dueAt + 1000;
    const clock = () => now;
    const transport = nodeTransport();
    const sender = wechatSender(
      createWechatClient({
        baseUrl: fake.baseUrl,
        appId: "wx-fake-appid",
        appSecret: "fake-secret",
        clock,
        transport, // as the Node server sends (entry-node.ts)
      }),
    );
    const queue = localQueue<ReminderJob>(db, "steady-reminders", clock);
    const { main } = nodeConsumers({ db, clock, sender, sms: null });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // The clock runs with the wall from 08:00:01 (retries and the send window see real time).
    const tick = setInterval(() => {
      now = dueAt + 1000 + (performance.now() - t0);
    }, 50);
    const produced = await enqueueDue({ db, clock, sender, queue }, NODE_PRODUCER_OPTIONS);
    const tProduce = (performance.now() - t0) / 1000;
    const cpuProduce = process.cpuUsage(cpu0);
    // Two consumers polling the job table, as the server runs one poller plus the minute's drain.
    const drain = async () => {
      while ((await pollOnce(db, main, {}, clock)) > 0) {}
    };
    await Promise.all([drain(), drain()]);
    clearInterval(tick);
    const cpu = process.cpuUsage(cpu0);
    const seconds = await waitForDeliveries(fake, N, t0, 2000);
    const outcomes = (
      await client.execute(
        "SELECT status, min(error) AS error, count(*) AS n FROM reminder_sends GROUP BY status",
      )
    ).rows as unknown as { status: string; error: string | null; n: number }[];
    console.log(
      `  outcomes: ${outcomes.map((o) => `${o.status} ${o.n}${o.error ? ` (${o.error})` : ""}`).join(", ")}`,
    );
    return {
      runtime: "Node + libSQL job queue",
      seconds,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuParts: [
        ["producer (find, claim, enqueue)", (cpuProduce.user + cpuProduce.system) / 1000],
        [
          "consumers (lease, send, record)",
          (cpu.user + cpu.system - cpuProduce.user - cpuProduce.system) / 1000,
        ],
      ],
      ...(await deliveryCheck(fake, openids)),
      note: `this process only (the fake WeChat server runs in its own); producer ${tProduce.toFixed(1)} s for ${produced.queued} in ${produced.messages} messages`,
    };
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`Reminders at the 08:00 peak: ${N.toLocaleString("en")} patients due in one minute\n`);
  const results: Result[] = [];
  for (const runtime of RUNTIMES) {
    // A fresh fake per runtime: its delivery list is the check for duplicates and losses.
    const fake = await startFakeWechatProcess();
    try {
      console.log(`${runtime}:`);
      results.push(runtime === "node" ? await benchNode(fake) : await benchWorkerd(fake));
    } finally {
      fake.stop();
    }
  }
  console.log(
    "\nBudget: all handed to WeChat within 10 min, 0 lost, 0 duplicated, CPU < 0.5 ms per reminder",
  );
  for (const r of results) {
    const perReminder = r.cpuMs / Math.max(1, r.delivered);
    const rate = r.delivered / Math.max(0.001, r.seconds);
    const mark = (ok: boolean) => (ok ? "✓" : "✗");
    console.log(`\n  ${r.runtime}${r.note ? ` (${r.note})` : ""}`);
    console.log(
      `    ${mark(r.seconds <= BUDGET_S && r.lost === 0)} ${pad("last reminder at WeChat", 26)} ${r.seconds.toFixed(1)} s (budget ${BUDGET_S} s)`,
    );
    console.log(`    · ${pad("sends per second", 26)} ${rate.toFixed(0)}`);
    console.log(`    ${mark(r.duplicates === 0)} ${pad("duplicates", 26)} ${r.duplicates} (budget 0)`);
    console.log(`    ${mark(r.lost === 0)} ${pad("lost", 26)} ${r.lost} of ${N} (budget 0)`);
    console.log(
      `    ${mark(perReminder < BUDGET_CPU_MS)} ${pad("CPU per reminder", 26)} ${perReminder.toFixed(3)} ms (budget < ${BUDGET_CPU_MS} ms; ${(r.cpuMs / 1000).toFixed(1)} s in all)`,
    );
    for (const [part, ms] of r.cpuParts)
      console.log(
        `      ${pad(part, 34)} ${(ms / Math.max(1, r.delivered)).toFixed(3)} ms per reminder (${(ms / 1000).toFixed(1)} s)`,
      );
  }
  console.log(
    `\nLoad average: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")} (2 cores shared)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
