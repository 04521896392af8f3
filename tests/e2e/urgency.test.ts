// Issue #15 in real Chromium against the real server and the default demo (50 patients): a patient
// of clinic A logs an after-meal 13.6 yesterday, then BP 185/115 and a fasting glucose of 2.8 now.
// Doctor A finds them first in triage and first in the alert inbox (ADR 0012); their glucose chart
// draws one series per context with out-of-range readings marked, the BP chart separate target
// lines for systolic and diastolic. The manager's and the rep's pages keep their end labels and
// columns, and the rep sees no doctor's name or email. Screenshots: tests/artifacts/urgency-*.png.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPortal } from "../bench/portal-build";
import { ARTIFACTS, launchBrowser, signInPortal } from "../support/browser";
import { type Stack, startStack } from "../support/stack";

const MIN = 60_000;
let stack: Stack;
let browser: Browser;
const pageErrors: string[] = [];
let patientId = "";
const NAME = "郑晓红";

beforeAll(async () => {
  buildPortal();
  stack = await startStack({ patients: 50 });
  browser = await launchBrowser();
  // The patient, through the API as the mini-program would.
  const api = (path: string, body: unknown, token?: string) =>
    fetch(`${stack.baseUrl}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: stack.baseUrl,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, json: await r.json() }));
  const login = await api("/api/v1/auth/wechat", { code: "dev:urgency-zheng" });
  const token = login.json.token as string;
  patientId = login.json.patientId as string;
  const enrol = await api(
    "/api/v1/enrol",
    {
      code: stack.codes.clinicA,
      consent: { version: "2026-01", accepted: true },
      profile: { name: NAME, birthYear: 1956, sex: "female" },
    },
    token,
  );
  expect(enrol.status).toBe(201);
  const now = Date.now();
  const id = (n: number) => `0194f3a0-0000-7000-8000-${String(900_000 + n).padStart(12, "0")}`;
  const readings: [string, Record<string, unknown>][] = [
    [
      "/api/v1/me/glucose",
      { id: id(1), value: 6.1, unit: "mmol/L", context: "fasting", measuredAt: now - 49 * 60 * MIN },
    ],
    [
      "/api/v1/me/glucose",
      { id: id(2), value: 13.6, unit: "mmol/L", context: "after_meal_2h", measuredAt: now - 22 * 60 * MIN },
    ],
    [
      "/api/v1/me/glucose",
      { id: id(3), value: 8.9, unit: "mmol/L", context: "bedtime", measuredAt: now - 18 * 60 * MIN },
    ],
    ["/api/v1/me/bp", { id: id(4), systolic: 142, diastolic: 92, measuredAt: now - 24 * 60 * MIN }],
    ["/api/v1/me/bp", { id: id(5), systolic: 185, diastolic: 115, measuredAt: now - 3 * MIN }],
    [
      "/api/v1/me/glucose",
      { id: id(6), value: 2.8, unit: "mmol/L", context: "fasting", measuredAt: now - 2 * MIN },
    ],
  ];
  for (const [path, body] of readings) expect((await api(path, body, token)).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function open(email: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signInPortal(page, stack, email, { from: "/" });
  return page;
}

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(ARTIFACTS, `urgency-${name}.png`), fullPage });

describe("doctor A", () => {
  let page: Page;

  it("sees the patient with a fresh crisis first in 紧急, with the alert that put them there", async () => {
    page = await open("doctor.a@demo.test");
    await page.getByTestId("triage-row").first().waitFor();
    await page.getByRole("button", { name: /紧急/ }).first().click();
    await shot(page, "triage");
    const rows = page.locator('[data-testid=triage-row][data-tier="urgent"]');
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await rows.first().locator("td.name a").textContent()).toBe(NAME);
    expect(await rows.first().getByTestId("lead-alert").textContent()).toContain("严重低血糖");
  });

  it("sees the patient's two alerts at the top of the inbox, the newest critical first", async () => {
    await page.goto(`${stack.baseUrl}/alerts`);
    const open = page.getByTestId("inbox-alert");
    await open.first().waitFor();
    await shot(page, "alerts");
    const firstTwo = [await open.nth(0).textContent(), await open.nth(1).textContent()];
    expect(firstTwo[0]).toContain(NAME);
    expect(firstTwo[0]).toContain("严重低血糖");
    expect(firstTwo[1]).toContain(NAME);
    expect(firstTwo[1]).toContain("血压危急");
  });

  it("opens the patient: glucose per context with out-of-range marks, BP with separate target lines", async () => {
    await page.goto(`${stack.baseUrl}/patients/${patientId}`);
    for (const id of ["chart-bp", "chart-glucose"])
      await expect
        .poll(() => page.getByTestId(id).getAttribute("data-ready"), { timeout: 20_000 })
        .toBe("true");
    await page.getByTestId("chart-bp").scrollIntoViewIfNeeded();
    await shot(page, "patient-charts");
    await page
      .getByTestId("chart-glucose")
      .screenshot({ path: join(ARTIFACTS, "urgency-glucose-chart.png") });
    await page.getByTestId("chart-bp").screenshot({ path: join(ARTIFACTS, "urgency-bp-chart.png") });
    const glucose = (await page.getByTestId("chart-glucose").textContent()) ?? "";
    for (const label of ["空腹", "餐后2小时", "睡前", "2级低血糖 <3.0", ">10.0"])
      expect(glucose).toContain(label);
    // Dates on the time axis, never clock seconds.
    expect(glucose).not.toMatch(/\d\d:\d\d:\d\d/);
    const bp = (await page.getByTestId("chart-bp").textContent()) ?? "";
    expect(bp).toContain("收缩压目标 <135");
    expect(bp).toContain("舒张压目标 <85");
  });
});

describe("programme pages", () => {
  it("the manager's charts keep their end labels", async () => {
    const page = await open("manager@demo.test");
    await page.getByTestId("programme-dashboard").waitFor();
    await expect
      .poll(() => page.getByTestId("enrolment-chart").getAttribute("data-ready"), { timeout: 20_000 })
      .toBe("true");
    await shot(page, "manager", true);
  });

  it("the rep's clinic page shows how many doctors, not who they are; the API sends no emails", async () => {
    const page = await open("rep@demo.test");
    await page.goto(`${stack.baseUrl}/programme`);
    const link = page.locator("table a", { hasText: /./ }).first();
    await link.waitFor();
    await shot(page, "rep-home", true);
    await link.click();
    await page.getByTestId("clinic-results").waitFor();
    await shot(page, "rep-clinic", true);
    const html = await page.content();
    expect(html).not.toContain("@demo.test");
    const clinicId = page.url().split("/").pop() ?? "";
    const res = await page.request.get(`${stack.baseUrl}/api/v1/clinics/${clinicId}`);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("@");
    const detail = JSON.parse(text);
    expect(detail.members).toEqual([]);
    expect(detail.doctors).toBeGreaterThan(0);
    expect(await page.getByTestId("team-counts").textContent()).toContain(`${detail.doctors} 位医生`);
    // A doctor's name is on their enrolment code only (the poster carries it).
    expect(text.replace(/"doctorName":"[^"]*"/g, "")).not.toContain("陈晓东");
  });

  it("no page threw", () => {
    expect(pageErrors).toEqual([]);
  });
});
