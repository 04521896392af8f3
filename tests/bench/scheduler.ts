// Benchmark: one reminder-scheduler run for 10,000 patients with 3 doses a day, over an embedded
// libSQL file (WAL) and real HTTP to the fake WeChat server (in its own process, so its work is
// not counted). Prints wall and CPU time of runs at the busiest minute (08:00 in Shanghai, when
// 90 % of patients are due at once), in a quiet minute, in a minute whose reminders were all sent
// already, and at the 09:00 follow-up peak.
//   pnpm --filter @steady/tests exec tsx bench/scheduler.ts [patients] [--d1]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { addDays, expandSlots, localDateOf } from "@steady/shared";
import { openDb } from "../../worker/src/db/node";
import {
  doseEvents,
  enrolments,
  medicationPlans,
  patients,
  planRevisions,
  subscriptionQuota,
} from "../../worker/src/db/schema";
import { NODE_SCHEDULER_OPTIONS } from "../../worker/src/reminders/host";
import { DEFAULT_OPTIONS } from "../../worker/src/reminders/options";
import { type RunReport, runScheduler } from "../../worker/src/reminders/scheduler";
import { wechatSender } from "../../worker/src/reminders/sender";
import { DEV_TEMPLATES, ensureReminderTemplates } from "../../worker/src/reminders/templates";
import { DEMO_PROGRAMME_ID, seedDemo } from "../../worker/src/seed/demo";
import { createWechatClient } from "../../worker/src/wechat/client";

const PATIENTS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const HISTORY_DAYS = 14;
const TIMES = ["08:00", "13:00", "20:00"];
const SH_0800 = Date.parse("2026-11-20T00:00:00Z"); // Friday 08:00 in Shanghai
const MIN = 60_000;
/** As the Node server runs it; --d1 for the Workers defaults (≤ 100 parameters per statement, 6 connections). */
const OPTIONS = process.argv.includes("--d1")
  ? DEFAULT_OPTIONS
  : { ...DEFAULT_OPTIONS, ...NODE_SCHEDULER_OPTIONS };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "steady-bench-scheduler-"));
  const { db, client, close } = await openDb(`file:${join(dir, "bench.db")}`);
  const fake = await startFakeInChildProcess();
  try {
    const seedStart = performance.now();
    await seedDemo(db, { patients: 0, days: 0, now: SH_0800 - 30 * 24 * 3600_000 });
    await ensureReminderTemplates(db, DEV_TEMPLATES, SH_0800);
    const rows = await seedPatients(db);
    await client.execute("ANALYZE");
    console.log(
      `Seeded ${PATIENTS} patients × ${TIMES.length} doses/day (${rows} rows, ${HISTORY_DAYS} days of history) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const sender = wechatSender(
      createWechatClient({ baseUrl: fake.baseUrl, appId: "wx-fake-appid", appSecret: "fake-secret" }),
    );
    const run = async (label: string, at: number) => {
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await runScheduler({ db, clock: () => at, sender }, OPTIONS);
      const ms = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const other = Object.entries({
        "no quota": r.noQuota,
        failed: r.failed,
        retry: r.retry,
        taken: r.taken,
      })
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ");
      console.log(
        `${label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(5)} ms  examined ${pad(r.examined)}  due ${pad(r.due)}  sent ${pad(r.sent)}${other ? `  (${other})` : ""}`,
      );
      return { ms, cpuMs, r };
    };
    const pad = (n: number) => String(n).padStart(5);

    console.log(
      `\nScheduler runs (maxPerRun ${OPTIONS.maxPerRun}, concurrency ${OPTIONS.concurrency}, send window ${OPTIONS.sendWindowMinutes} min, ≤ ${OPTIONS.maxBoundParams} parameters per statement):`,
    );
    await run("quiet minute (11:17 Shanghai, nothing due)", SH_0800 + 3 * 60 * MIN + 17 * MIN);
    const peak: { ms: number; cpuMs: number; r: RunReport }[] = [];
    for (let m = 0; m < 10; m++) {
      const res = await run(`08:0${m} Shanghai: peak, run ${m + 1}`, SH_0800 + m * MIN + 30_000);
      peak.push(res);
      if (res.r.sent === 0) break;
    }
    await run("08:15 Shanghai: all claimed already", SH_0800 + 15 * MIN);
    for (let m = 0; m < 10; m++) {
      const res = await run(
        `09:0${m} Shanghai: follow-up peak, run ${m + 1}`,
        SH_0800 + 60 * MIN + m * MIN + 30_000,
      );
      if (res.r.sent === 0) break;
    }
    const sent = peak.reduce((n, p) => n + p.r.sent, 0);
    const first = peak[0];
    if (first) {
      console.log(
        `\nOne scheduler run at the 08:00 peak: ${first.ms.toFixed(0)} ms wall, ${first.cpuMs.toFixed(0)} ms CPU, ` +
          `for ${first.r.sent} sends; ${sent} reminders sent in ${peak.filter((p) => p.r.sent > 0).length} runs.`,
      );
    }
    const stats = (await (await fetch(`${fake.baseUrl}/__fake/stats`)).json()) as { messages: number };
    console.log(
      `Fake WeChat delivered ${stats.messages} messages. Load average: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(" ")}`,
    );
  } finally {
    fake.stop();
    close();
    if (process.env.BENCH_KEEP_DB) console.log(`Database kept: ${join(dir, "bench.db")}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The standalone fake WeChat server (every user subscribed) on a free port, in a child process. */
async function startFakeInChildProcess(): Promise<{ baseUrl: string; stop(): void }> {
  const script = fileURLToPath(new URL("../fakes/wechat-server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, FAKE_WECHAT_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Fake WeChat API on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`fake WeChat server exited (${code})`)));
  });
  return { baseUrl, stop: () => child.kill() };
}

/** 10 % of patients in New York, the rest in Shanghai; one plan of 3 times; ~80 % of past doses taken. */
async function seedPatients(db: Awaited<ReturnType<typeof openDb>>["db"]): Promise<number> {
  let rows = 0;
  const enrolledAt = SH_0800 - (HISTORY_DAYS + 1) * 24 * 3600_000;
  const CHUNK = 250;
  for (let start = 0; start < PATIENTS; start += CHUNK) {
    const stmts = [];
    const ps = [];
    const es = [];
    const plans = [];
    const revs = [];
    const quota = [];
    const doses: (typeof doseEvents.$inferInsert)[] = [];
    for (let i = start; i < Math.min(PATIENTS, start + CHUNK); i++) {
      const id = `bench-p-${i}`;
      const timezone = i % 10 === 9 ? "America/New_York" : "Asia/Shanghai";
      const startDate = localDateOf(enrolledAt, timezone);
      const planId = `bench-plan-${i}`;
      ps.push({ id, openid: `bench:${i}`, name: `患者${i}`, timezone, createdAt: enrolledAt });
      es.push({
        id: `bench-e-${i}`,
        patientId: id,
        clinicId: i % 5 === 4 ? "clinic-b" : "clinic-a",
        programmeId: DEMO_PROGRAMME_ID,
        doctorId: i % 5 === 4 ? "user-doctorB" : "user-doctorA",
        code: i % 5 === 4 ? "B-DEMO-WANG" : "A-DEMO-CHEN",
        consentVersion: "2026-01",
        consentedAt: enrolledAt,
        enrolledAt,
        status: "active" as const,
      });
      const plan = { id: planId, drug: "氨氯地平", dose: "5 mg", times: TIMES, startDate };
      plans.push({
        ...plan,
        patientId: id,
        endDate: null,
        requestJson: "{}",
        createdAt: enrolledAt,
        updatedAt: enrolledAt,
      });
      revs.push({ planId, validFrom: enrolledAt, ...plan, endDate: null, changedBy: "patient" });
      quota.push({
        patientId: id,
        templateId: "dev-dose-reminder",
        remaining: 50,
        acceptedTotal: 50,
        updatedAt: enrolledAt,
      });
      const yesterday = addDays(localDateOf(SH_0800, timezone), -1);
      for (const s of expandSlots(plan, startDate, yesterday, timezone)) {
        if ((s.scheduledAt / MIN + i) % 5 === 0) continue; // ~1 in 5 not logged
        doses.push({
          id: `${planId}-${s.scheduledAt}`,
          patientId: id,
          planId,
          scheduledAt: s.scheduledAt,
          localDate: s.localDate,
          status: "taken",
          at: s.scheduledAt + 10 * MIN,
          recordedAt: s.scheduledAt + 10 * MIN,
          requestJson: "{}",
        });
      }
    }
    stmts.push(db.insert(patients).values(ps), db.insert(enrolments).values(es));
    stmts.push(db.insert(medicationPlans).values(plans), db.insert(planRevisions).values(revs));
    stmts.push(db.insert(subscriptionQuota).values(quota));
    for (let i = 0; i < doses.length; i += 400)
      stmts.push(db.insert(doseEvents).values(doses.slice(i, i + 400)));
    await db.batch(stmts as unknown as Parameters<typeof db.batch>[0]);
    rows += ps.length + es.length + plans.length + revs.length + quota.length + doses.length;
  }
  return rows;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
