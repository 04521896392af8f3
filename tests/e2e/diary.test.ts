// The 用药日记 print page in real Chromium against the real server and demo data: doctor A opens a
// patient's diary for a full month and for the current one, and Chromium's PDF is one A4 page
// each time (issue 13 item 6). Also the self-report section on the patient page. Screenshot:
// tests/artifacts/portal-diary.png.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildPortal } from "../bench/portal-build";
import { ARTIFACTS, launchBrowser, signInPortal } from "../support/browser";
import { type Stack, startStack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  buildPortal();
  stack = await startStack({ patients: 20 });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signInPortal(page, stack, "doctor.a@demo.test", { from: "/" });
  await page.getByTestId("triage-row").first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const pdfPages = async () => {
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  await page.emulateMedia({ media: "screen" });
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
};

const month = (offset: number) => {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
};

it("opens the diary from the patient page and prints a full month on one page", async () => {
  // The patient with the most readings makes the fullest page.
  const list = await (await page.request.get(`${stack.baseUrl}/api/v1/patients`)).json();
  let best = { id: "", n: -1 };
  for (const row of list as { patientId: string }[]) {
    const d = await (
      await page.request.get(`${stack.baseUrl}/api/v1/patients/${row.patientId}/diary?month=${month(-1)}`)
    ).json();
    const n = d.bp.length + d.glucose.length;
    if (n > best.n) best = { id: row.patientId, n };
  }
  expect(best.n).toBeGreaterThan(10);
  await page.goto(`${stack.baseUrl}/patients/${best.id}`);
  await page.getByTestId("self-report-section").waitFor();
  await page.getByRole("link", { name: "用药日记" }).click();
  await page.getByTestId("diary").waitFor();
  expect(new URL(page.url()).pathname).toBe(`/patients/${best.id}/diary`);
  expect(await pdfPages()).toBe(1);

  await page.goto(`${stack.baseUrl}/patients/${best.id}/diary?month=${month(-1)}`);
  await page.getByTestId("diary-calendar").waitFor();
  expect(await page.locator('[data-testid="diary-bp"] li, [data-testid="diary-glucose"] li').count()).toBe(
    best.n,
  );
  await page.screenshot({ path: join(ARTIFACTS, "portal-diary.png"), fullPage: true });
  expect(await pdfPages()).toBe(1);
  expect(pageErrors).toEqual([]);
});
