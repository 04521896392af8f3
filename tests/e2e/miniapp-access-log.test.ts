// 谁看过我的数据 (issue 11): a doctor opens the patient's page in the portal's API; the patient
// then sees, in the H5 mini-program, the doctor's role, name and what they did, newest first.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, launchBrowser, phonePage } from "../support/browser";
import { enrolByApi, type Stack, stackApi, startStack } from "../support/stack";
import { buildH5, serveMiniapp } from "./miniapp-server";

let stack: Stack;
let web: Awaited<ReturnType<typeof serveMiniapp>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const patient = `e2e-access-${process.pid}`;

let api: ReturnType<typeof stackApi>;

beforeAll(async () => {
  buildH5();
  stack = await startStack({ patients: 3 });
  api = stackApi(stack);
  web = await serveMiniapp(stack.baseUrl);
  browser = await launchBrowser();
  page = await phonePage(browser);

  const { patientId } = await enrolByApi(stack, patient, { name: "周秀英", birthYear: 1949, sex: "female" });
  const login = await api("POST", "/auth/login", {
    body: { email: "doctor.a@demo.test", password: "steady-demo" },
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  expect((await api("GET", `/patients/${patientId}/summary`, { cookie })).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

it("lists the doctor who opened the patient's record, with role, name and what they did", async () => {
  await page.goto(`${web.url}/?dev=${patient}#/pages/me/index`);
  await page.locator('[data-testid="open-access-log"]:visible').click();
  const entry = page.locator('[data-testid="access-entry"]:visible').first();
  await expect.poll(() => entry.textContent()).toContain("陈晓东 医生");
  expect(await entry.textContent()).not.toContain("医生 陈晓东"); // the title is said once
  expect(await entry.textContent()).toContain("查看了您的健康概况");
  // The 我的 page was scrolled down to its button: bring the list into view for the picture.
  await page.locator('[data-testid="page-access-log"]:visible').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, "miniapp-access-log.png") });
});
