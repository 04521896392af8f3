// 用药日记 and the monthly self-report in the H5 mini-program against the real server (issue 13
// items 6–7): the patient answers the nine questions on 我的, opens the diary and sees this
// month's dose, the high BP marked 偏高 and their score; the doctor's API sees the same answers.
// Screenshots: tests/artifacts/miniapp-diary.png (portrait) and miniapp-diary-landscape.png.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, phonePage } from "../support/browser";
import { enrolByApi, portalCookieByApi, stackApi } from "../support/stack";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
let page: Page;
let token: string;
let patientId: string;
const patient = `e2e-diary-${process.pid}`;

let api: ReturnType<typeof stackApi>;

beforeAll(async () => {
  h5 = await startMiniappStack();
  api = stackApi(h5.stack);
  page = await phonePage(h5.browser);

  ({ token, patientId } = await enrolByApi(h5.stack, patient, {
    name: "吴桂芳",
    birthYear: 1951,
    sex: "female",
  }));
  const bp = { id: crypto.randomUUID(), systolic: 158, diastolic: 97, measuredAt: Date.now() - 60_000 };
  expect((await api("POST", "/me/bp", { token, body: bp })).status).toBe(201);
});

afterAll(() => h5?.stop());

it("answers the monthly questions on 我的, then shows the month in 用药日记", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/me/index`);
  await page.locator('[data-testid="self-report-start"]:visible').click();
  for (const item of [
    "forget",
    "decide_not",
    "forget_refill",
    "run_out",
    "skip_before_visit",
    "feel_better",
    "feel_sick",
    "someone_elses",
    "careless",
  ]) {
    await page.locator(`[data-testid="sr-${item}-1"]:visible`).click();
  }
  await page.locator('[data-testid="self-report-send"]:visible').click();
  await page.locator('[data-testid="self-report-done"]:visible').waitFor();
  const mine = await api("GET", "/me/self-reports", { token });
  expect(mine.json.reports).toHaveLength(1);
  expect(mine.json.reports[0]).toMatchObject({ score: 9, perfect: true });

  await page.locator('[data-testid="open-diary"]:visible').click();
  await page.locator('[data-testid="diary-calendar"]:visible').waitFor();
  await expect
    .poll(() => page.locator('[data-testid="diary-bp"]:visible').textContent())
    .toContain("158/97 ▲ 偏高");
  expect(await page.locator('[data-testid="diary-self-report"]:visible').textContent()).toContain("9 分");
  await page.screenshot({ path: join(ARTIFACTS, "miniapp-diary.png"), fullPage: true });
  await page.setViewportSize({ width: 844, height: 390 });
  await page.screenshot({ path: join(ARTIFACTS, "miniapp-diary-landscape.png") });

  const cookie = await portalCookieByApi(h5.stack, "doctor.a@demo.test");
  const seen = await api("GET", `/patients/${patientId}/self-reports`, { cookie });
  expect(seen.status).toBe(200);
  expect(seen.json.reports[0]).toMatchObject({ score: 9 });
});
