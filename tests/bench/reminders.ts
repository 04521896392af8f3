// `pnpm bench:reminders`: the 08:00 peak of a national programme (issue 14, ADR 0016). N patients
// (REMINDER_BENCH_PATIENTS, default 100,000) all have a dose at one minute; one cron run finds and
// enqueues them, the queue consumer sends them to the fake WeChat server (its own process, not
// counted). Measured on workerd (wrangler dev: local D1 + local Queues) and on Node (libSQL file +
// the libSQL job queue): seconds until the last reminder reaches WeChat, sends per second,
// duplicates, lost, and CPU per reminder, printed against the budget. The CPU judged is what the
// reminder work costs the runtime: on Node this process (producer and consumers shown apart); on
// workerd the Worker's own isolate, from a V8 CPU profile over the inspector (wrangler dev
// --inspector-port), since the workerd process also runs miniflare's local D1 and Queues, which in
// production run outside the Worker's CPU; that whole process (from /proc) is shown apart, with
// wrangler's node and esbuild. REMINDER_BENCH_PROFILE=off runs workerd without the profile.
//   REMINDER_BENCH_PATIENTS=20000 REMINDER_BENCH_RUNTIMES=workerd pnpm bench:reminders
import { mkdtempSync, rmSync } from "node:fs";
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
import { freePort } from "../support/free-port";
import {
  bucketsBy,
  bundleModules,
  connectIsolateProfiler,
  functionKey,
  type IsolateProfiler,
  summarizeProfile,
} from "../support/isolate-profile";
import { cpuSince, groupCpuMs } from "../support/process-cpu";
import { openSqliteFile, seedDuePatients } from "../support/reminder-seed";
import { migratedD1, removePersist, startWranglerDev } from "../support/wrangler-dev";

const N = Number(process.env.REMINDER_BENCH_PATIENTS ?? 100_000);
const RUNTIMES = (process.env.REMINDER_BENCH_RUNTIMES ?? "workerd,node").split(",");
const BUDGET_S = 600;
const BUDGET_CPU_MS = 0.5;
const MIN = 60_000;
/** `off`: no profile of the Worker's isolate on workerd (to see what profiling costs). */
const PROFILE = process.env.REMINDER_BENCH_PROFILE !== "off";
const SAMPLING_US = 1000;

interface Result {
  runtime: string;
  seconds: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /**
   * CPU judged against the budget (ms): what the reminder work (finding, enqueueing, sending,
   * recording) costs the runtime it runs on; null when not measured.
   */
  cpuMs: number | null;
  /** What cpuMs counts, part by part (ms). */
  cpuParts: [string, number][];
  /** More CPU figures shown apart, not judged: a label, its ms and its parts. */
  apart: { label: string; ms: number; parts: [string, number][] }[];
  /** Further lines (how the figures were measured). */
  lines: string[];
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
async function waitForDeliveries(
  fake: FakeWechatProcess,
  n: number,
  t0: number,
  idleMs = 60_000,
  onFirst?: (ms: number) => void,
) {
  let last = -1;
  let lastChange = performance.now();
  let lastArrival = t0;
  for (;;) {
    const c = await fake.count();
    if (c !== last) {
      lastChange = performance.now();
      if (last <= 0 && c > 0) onFirst?.(lastChange - t0);
      last = c;
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
 * The profile's check: busy loops of two lengths run in the Worker's isolate, the difference of
 * their times by the profile against that of workerd's CPU by /proc (the difference cancels what
 * each evaluation costs besides its loop; the isolate does nothing else meanwhile).
 */
async function checkProfiler(profiler: IsolateProfiler, pgid: number): Promise<string[]> {
  const loop = async (n: number) => {
    const cpu0 = groupCpuMs(pgid);
    await profiler.start(SAMPLING_US);
    await profiler.evaluate(
      `(() => { let x = 0; for (let i = 0; i < ${n}; i++) x = (x + i * 7) % 1000003; return x; })()`,
    );
    const s = summarizeProfile(await profiler.stop(), SAMPLING_US);
    return { profile: s.busyMs, proc: cpuSince(cpu0, groupCpuMs(pgid)).get("workerd") ?? 0 };
  };
  const short = await loop(5e7);
  const long = await loop(5e8);
  // And a Worker doing nothing: waiting must not count as busy.
  await profiler.start(SAMPLING_US);
  await new Promise((r) => setTimeout(r, 2000));
  const idle = summarizeProfile(await profiler.stop(), SAMPLING_US);
  return [
    `profiler check: a busy loop in the isolate, ${(long.proc - short.proc).toFixed(0)} ms of workerd CPU by /proc, ${(long.profile - short.profile).toFixed(0)} ms by the profile (long loop minus short)`,
    `profiler check: the Worker idle for ${(idle.spanMs / 1000).toFixed(1)} s, ${idle.samples} samples (${idle.idleSamples} idle), ${idle.busyMs.toFixed(0)} ms busy by the profile`,
  ];
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
    const inspectorPort = await freePort();
    const dev = await startWranglerDev(
      d1.persist,
      {
        STEADY_MODE: "dev",
        WECHAT_API_BASE: fake.baseUrl,
        WECHAT_APPID: "wx-fake-appid",
        WECHAT_SECRET: "fake-secret",
      },
      ["--test-scheduled", ...(PROFILE ? ["--inspector-port", String(inspectorPort)] : [])],
    );
    const profiler = PROFILE ? await connectIsolateProfiler(inspectorPort) : null;
    try {
      const pgid = dev.pid;
      const lines = profiler ? await checkProfiler(profiler, pgid) : [];
      const cpu0 = groupCpuMs(pgid);
      await profiler?.start(SAMPLING_US);
      const t0 = performance.now();
      const cron = await fetch(`${dev.base}/__scheduled?cron=*+*+*+*+*`);
      if (!cron.ok) throw new Error(`/__scheduled answered ${cron.status}`);
      let firstMs = 0;
      const seconds = await waitForDeliveries(fake, N, t0, undefined, (ms) => {
        firstMs = ms;
      });
      // The last step's outcomes are recorded (and its message acked) after its sends arrive.
      await new Promise((r) => setTimeout(r, 2000));
      const profile = await profiler?.stop();
      const parts = new Map(
        [...cpuSince(cpu0, groupCpuMs(pgid))].map(([name, ms]) => [
          name === "MainThread" ? "wrangler (node)" : name,
          ms,
        ]),
      );
      const count = await fake.count();
      if (count < N)
        console.log(`  only ${count} of ${N} arrived; wrangler's log ends:\n${dev.log().slice(-4000)}`);
      const delivered = await deliveryCheck(fake, openids);
      // The whole workerd process: the Worker *and* miniflare's local D1 and Queues simulators
      // (in production those run outside the Worker's CPU); wrangler's node and esbuild apart.
      const whole = {
        label: "workerd process (Worker + local D1 + Queues)",
        ms: parts.get("workerd") ?? 0,
        parts: [...parts].sort((a, b) => b[1] - a[1]),
      };
      if (!profiler || !profile)
        return {
          runtime: "workerd + local D1 + Queues",
          seconds,
          cpuMs: null,
          cpuParts: [],
          apart: [whole],
          lines: ["the Worker's isolate was not profiled (REMINDER_BENCH_PROFILE=off)"],
          ...delivered,
          note: "",
        };
      const s = summarizeProfile(profile, SAMPLING_US);
      const bundle = [...s.self.keys()].find((f) => f.frame.url.endsWith("entry-worker.js"));
      const moduleOf = bundle ? bundleModules(await profiler.scriptSource(bundle.frame.scriptId)) : () => "?";
      // A built-in counts for the source that called it (the D1 client's fetch, WeChat's fetch…).
      const byModule = bucketsBy(s, ({ frame, caller }) => {
        const f = frame.url ? frame : caller;
        if (!f) return frame.functionName || "(native)"; // (program), (garbage collector)
        return f.url.endsWith("entry-worker.js") ? moduleOf(f.lineNumber) : f.url; // cloudflare-internal:d1-api…
      });
      const per = (ms: number) => (ms / Math.max(1, delivered.delivered)).toFixed(3);
      lines.push(
        // The profile starts just before the cron request, so its clock and t0 agree to a few ms;
        // the fake is polled every 250 ms. Before the first send the producer runs (mostly) alone.
        `isolate busy before the first reminder reached WeChat (${(firstMs / 1000).toFixed(1)} s: mostly the producer) ${per(s.busyUntil(firstMs))} ms per reminder, after it ${per(s.busyMs - s.busyUntil(firstMs))}`,
        `isolate profile: ${s.samples} samples (${s.idleSamples} idle) every ${s.periodUs} µs (asked ${SAMPLING_US}) over ${(s.spanMs / 1000).toFixed(1)} s`,
        `isolate self time by source (ms per reminder): ${byModule
          .slice(0, 8)
          .map(([k, ms]) => `${k} ${(ms / Math.max(1, delivered.delivered)).toFixed(3)}`)
          .join(", ")}`,
        // Only the Worker's bundle and the runtime's JS for its bindings: no simulator code.
        `scripts in the profile: ${[...new Set([...s.self.keys()].map((f) => f.frame.url).filter(Boolean))].join(", ")}`,
      );
      return {
        runtime: "workerd + local D1 + Queues",
        seconds,
        cpuMs: s.busyMs,
        cpuParts: bucketsBy(s, functionKey).slice(0, 8),
        apart: [whole],
        lines,
        ...delivered,
        note: "CPU judged: the Worker's own isolate (V8 CPU profile), not the local D1 and Queues simulators",
      };
    } finally {
      profiler?.close();
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
      apart: [],
      lines: [],
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
  const perReminder = (r: Result, ms: number) => ms / Math.max(1, r.delivered);
  const partLines = (r: Result, parts: [string, number][]) => {
    for (const [part, ms] of parts)
      console.log(
        `      ${pad(part, 44)} ${perReminder(r, ms).toFixed(3)} ms per reminder (${(ms / 1000).toFixed(1)} s)`,
      );
  };
  for (const r of results) {
    const rate = r.delivered / Math.max(0.001, r.seconds);
    const mark = (ok: boolean) => (ok ? "✓" : "✗");
    console.log(`\n  ${r.runtime}${r.note ? ` (${r.note})` : ""}`);
    console.log(
      `    ${mark(r.seconds <= BUDGET_S && r.lost === 0)} ${pad("last reminder at WeChat", 26)} ${r.seconds.toFixed(1)} s (budget ${BUDGET_S} s)`,
    );
    console.log(`    · ${pad("sends per second", 26)} ${rate.toFixed(0)}`);
    console.log(`    ${mark(r.duplicates === 0)} ${pad("duplicates", 26)} ${r.duplicates} (budget 0)`);
    console.log(`    ${mark(r.lost === 0)} ${pad("lost", 26)} ${r.lost} of ${N} (budget 0)`);
    if (r.cpuMs === null) console.log(`    · ${pad("CPU per reminder", 26)} not measured`);
    else
      console.log(
        `    ${mark(perReminder(r, r.cpuMs) < BUDGET_CPU_MS)} ${pad("CPU per reminder", 26)} ${perReminder(r, r.cpuMs).toFixed(3)} ms (budget < ${BUDGET_CPU_MS} ms; ${(r.cpuMs / 1000).toFixed(1)} s in all)`,
      );
    partLines(r, r.cpuParts);
    for (const a of r.apart) {
      console.log(
        `    · ${pad(a.label, 26)} ${perReminder(r, a.ms).toFixed(3)} ms per reminder, not judged (${(a.ms / 1000).toFixed(1)} s in all)`,
      );
      partLines(r, a.parts);
    }
    for (const line of r.lines) console.log(`    · ${line}`);
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
