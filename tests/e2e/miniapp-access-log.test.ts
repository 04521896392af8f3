// 谁看过我的数据 (issue 11): a doctor opens the patient's page in the portal's API; the patient
// then sees, in the H5 mini-program, the doctor's role, name and what they did, newest first.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, phonePage } from "../support/browser";
import { enrolByApi, portalCookieByApi, stackApi } from "../support/stack";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
let page: Page;
const patient = `e2e-access-${process.pid}`;

beforeAll(async () => {
  h5 = await startMiniappStack();
  page = await phonePage(h5.browser);

  const { patientId } = await enrolByApi(h5.stack, patient, {
    name: "周秀英",
    birthYear: 1949,
    sex: "female",
  });
  const cookie = await portalCookieByApi(h5.stack, "doctor.a@demo.test");
  expect((await stackApi(h5.stack)("GET", `/patients/${patientId}/summary`, { cookie })).status).toBe(200);
});

afterAll(() => h5?.stop());

it("lists the doctor who opened the patient's record, with role, name and what they did", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/me/index`);
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
