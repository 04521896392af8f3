// The default demo (`pnpm start`: 600 patients in 12 clinics, a few enrolled today) as a
// programme manager and a rep see it, in real Chromium: the headline figures are there — total
// enrolled against the target, 3-month adherence overall and per clinic — every count is rounded
// to 5 or "<5", and each says so on hover. Screenshots go to tests/artifacts/programme-demo-*.png.
import { join } from "node:path";
import { DEMO_PATIENTS } from "@steady/worker/seed";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPortal } from "../bench/portal-build";
import { ARTIFACTS, launchBrowser, signInPortal } from "../support/browser";
import { type Stack, startStack } from "../support/stack";

let stack: Stack;
let browser: Browser;
const pageErrors: string[] = [];

async function open(email: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signInPortal(page, stack, email);
  return page;
}
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `programme-demo-${name}.png`), fullPage: true });

beforeAll(async () => {
  buildPortal();
  const started = performance.now();
  stack = await startStack({ patients: DEMO_PATIENTS, env: { STEADY_REMINDERS: "0" } });
  console.log(`default demo seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Report = {
  pending: number;
  totals: Record<string, number | string | null>;
  enrolment: { month: string; enrolled: number | string; cumulative: number | null }[];
  clinics: Record<string, number | string | null>[];
  regions: Record<string, number | string | null>[];
};

describe("the default demo", () => {
  it("the programme report has its headline figures, all rounded to 5", async () => {
    const manager = await open("manager@demo.test");
    // Each dashboard request brings up to 300 patients' figures up to date; read until none wait.
    let report: Report | null = null;
    for (let i = 0; i < 5 && (report == null || report.pending > 0); i++) {
      report = (await (
        await manager.request.get(`${stack.baseUrl}/api/v1/reports/programme`)
      ).json()) as Report;
    }
    const r = report as Report;
    expect(r.pending).toBe(0);
    expect(r.totals.enrolled).toBe(DEMO_PATIENTS); // 600, a multiple of 5: published as is
    expect(typeof r.totals.adherence90d).toBe("number");
    expect(typeof r.totals.active7d).toBe("number");
    expect(typeof r.totals.bpControlRate).toBe("number");
    // Baseline ~65 %: the demo's 3-month adherence is in a realistic band.
    expect(r.totals.adherence90d as number).toBeGreaterThan(0.5);
    expect(r.totals.adherence90d as number).toBeLessThan(0.8);
    expect(r.clinics.length).toBeGreaterThanOrEqual(10);
    expect(new Set(r.clinics.map((c) => c.region)).size).toBeGreaterThanOrEqual(3);
    // A few enrolled today: this month is small or rounded, and the cumulative series still ends
    // at the total.
    expect(r.enrolment.at(-1)?.cumulative).toBe(r.totals.enrolled);
    // 3-month adherence wherever its base is 5 or more (a share, or its ceiling when "<5" reached it).
    for (const c of [...r.clinics, ...r.regions]) {
      if (typeof c.eligible90d === "number" && c.eligible90d >= 5)
        expect(c.adherence90d != null || c.adherent90d === "<5", String(c.name ?? c.region)).toBe(true);
      expect(c.enrolled).not.toBe("hidden");
    }
    const numbers =
      JSON.stringify(r).match(
        /"(enrolled|active7d|eligible90d|adherent90d|bpAssessed7d|bpControlled7d|size|cumulative)":\d+/g,
      ) ?? [];
    for (const n of numbers) expect(Number(n.split(":")[1]) % 5, n).toBe(0);

    await manager.goto(`${stack.baseUrl}/programme`);
    await manager.getByTestId("programme-dashboard").waitFor();
    const kpis = manager.getByTestId("kpis");
    expect(await kpis.textContent()).toContain(`${DEMO_PATIENTS}`);
    expect(await kpis.textContent()).toContain("目标 2000 人，已完成 30%");
    // Hover text on a rounded figure and on a "<5".
    const title = await kpis.locator(".cell-rounded").first().getAttribute("title");
    expect(title).toContain("四舍五入到5的倍数");
    const clinics = manager.getByTestId("clinics");
    expect(await clinics.textContent()).toContain("北京协和医院 心内科（A）");
    const small = clinics.locator(".cell-small").first();
    if ((await small.count()) > 0) expect(await small.getAttribute("title")).toMatch(/少于5人/);
    await shot(manager, "manager");
    await manager.context().close();
  });

  it("a rep sees their clinics with the same figures", async () => {
    const rep = await open("rep@demo.test");
    await rep.getByTestId("rep-clinics").waitFor();
    const text = await rep.getByTestId("rep-clinics").textContent();
    expect(text).toContain("北京协和医院 心内科（A）");
    expect(text).not.toContain("武汉市中心医院"); // onboarded by the other rep
    await shot(rep, "rep");
    await rep.locator("tr", { hasText: "北京协和医院 心内科（A）" }).getByRole("link").click();
    await rep.getByTestId("clinic-results").waitFor();
    await shot(rep, "rep-clinic-a");
    await rep.context().close();
  });

  it("no page threw", () => {
    expect(pageErrors).toEqual([]);
  });
});
