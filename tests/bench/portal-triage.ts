// Bench: the clinic triage list at 2,000 patients — server time of GET /api/v1/patients and the
// time to first paint of the list in Chromium — plus the portal's first-route JS (gzip).
//   pnpm --filter @steady/tests exec tsx bench/portal-triage.ts
// Seeds 2,500 demo patients with 90 days of history: the demo puts every fifth in clinic B, so
// doctor A's clinic has exactly 2,000.
import { execFileSync } from "node:child_process";
import { launchBrowser } from "../support/browser";
import { startStack } from "../support/stack";
import { buildPortal, PORTAL_DIR } from "./portal-build";

const RUNS_API = 30;
const RUNS_BROWSER = 5;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  console.log("Building the portal…");
  buildPortal();
  console.log(execFileSync("node", ["scripts/size.mjs"], { cwd: PORTAL_DIR, encoding: "utf8" }));

  console.log("Seeding 2,500 patients × 90 days (clinic A: 2,000)…");
  const t0 = performance.now();
  const stack = await startStack({ patients: 2500 });
  console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The server (in this process) refreshes triage snapshots and programme figures when it starts:
  // measure the list, not that. Wait until the process is quiet (≤ 10 % of a core for a second).
  for (let i = 0; i < 60; i++) {
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 <= 100) break;
  }
  try {
    const login = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "doctor.a@demo.test", password: stack.password }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;

    // Server: the list over loopback HTTP (routing, auth, query, triage, JSON) — an upper bound
    // on server time. The first call warms caches and is reported apart.
    const times: number[] = [];
    let rows = 0;
    let bytes = 0;
    for (let i = 0; i <= RUNS_API; i++) {
      const start = performance.now();
      const res = await fetch(`${stack.baseUrl}/api/v1/patients?sort=risk`, { headers: { cookie } });
      const body = await res.text();
      const took = performance.now() - start;
      if (i === 0) {
        rows = (JSON.parse(body) as unknown[]).length;
        bytes = Buffer.byteLength(body);
        console.log(
          `\nGET /api/v1/patients: ${rows} rows, ${(bytes / 1024).toFixed(0)} KB JSON; first call ${ms(took)}`,
        );
      } else times.push(took);
    }
    console.log(
      `  ${RUNS_API} calls: p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, min ${ms(Math.min(...times))}`,
    );

    // Browser: navigate to the list and read the app's own mark (set two animation frames after
    // the first rows render), First Contentful Paint and the list request's timing.
    const browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    await context.request.post(`${stack.baseUrl}/api/v1/auth/login`, {
      data: { email: "doctor.a@demo.test", password: stack.password },
    });
    const results: {
      cold: boolean;
      rowsPainted: number;
      fcp: number;
      listFetch: number;
      afterData: number;
    }[] = [];
    for (let i = 0; i < RUNS_BROWSER; i++) {
      const page = await context.newPage();
      await page.goto(`${stack.baseUrl}/`);
      await page.waitForFunction(
        () => performance.getEntriesByName("steady:triage-rows-painted").length > 0,
        null,
        {
          timeout: 60_000,
        },
      );
      const r = await page.evaluate(() => {
        const mark = performance.getEntriesByName("steady:triage-rows-painted")[0] as PerformanceEntry;
        const fcp = performance.getEntriesByName("first-contentful-paint")[0];
        const list = performance
          .getEntriesByType("resource")
          .find((e) => /\/api\/v1\/patients\?/.test(e.name)) as PerformanceResourceTiming | undefined;
        return {
          rowsPainted: mark.startTime,
          fcp: fcp?.startTime ?? Number.NaN,
          listFetch: list ? list.responseEnd - list.requestStart : Number.NaN,
          afterData: list ? mark.startTime - list.responseEnd : Number.NaN,
          domRows: document.querySelectorAll('[data-testid="triage-row"]').length,
        };
      });
      results.push({ cold: i === 0, ...r });
      if (i === 0)
        console.log(`\nChromium: list shows ${r.domRows} of ${rows} rows in the DOM (virtualised)`);
      await page.close();
    }
    await browser.close();
    console.log("  run   rows painted   first contentful paint   list request   parse+render after data");
    for (const [i, r] of results.entries()) {
      console.log(
        `  ${String(i + 1).padEnd(2)}${r.cold ? " cold" : " warm"} ${ms(r.rowsPainted).padStart(13)} ${ms(r.fcp).padStart(24)} ${ms(r.listFetch).padStart(14)} ${ms(r.afterData).padStart(25)}`,
      );
    }
    const warm = results.filter((r) => !r.cold).map((r) => r.rowsPainted);
    console.log(
      `  time to first paint of the list (from navigation start), warm median: ${ms(pct(warm, 50))}`,
    );
    const after = results.filter((r) => !r.cold).map((r) => r.afterData);
    console.log(
      `  of which in the browser after the list arrived (parse, filter, render): ${ms(pct(after, 50))}`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
