// Refills and revisits end to end (issue 13), the H5 build and the portal in real Chromium against
// the real server: the patient starts tracking a plan's tablets, taps 取了药 offline (the run-out
// moves at once, the refill waits in the outbox) and it is uploaded once back online; sets the
// next visit; the doctor corrects the supply in the portal (If-Match) and sees the run-out; the
// manager's dashboard shows the supply KPIs. Screenshots at 390×844, normal and large type:
// tests/artifacts/refills-*.png.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { localDateOf, localTimeOf } from "@steady/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, phonePage, signInPortal } from "../support/browser";
import { enrolByApi, patientApi } from "../support/stack";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
let page: Page;
let api: ReturnType<typeof patientApi>;
let patientId: string;
let planId: string;
const patient = `e2e-refills-${process.pid}`;
const pageErrors: string[] = [];
const shanghai = (ms: number) => localTimeOf(ms, "Asia/Shanghai");
const shanghaiDate = (ms: number) => localDateOf(ms, "Asia/Shanghai");

beforeAll(async () => {
  h5 = await startMiniappStack({ portal: true });
  page = await phonePage(h5.browser, pageErrors);
  const enrolled = await enrolByApi(h5.stack, patient, { name: "赵凤英", birthYear: 1949, sex: "female" });
  patientId = enrolled.patientId;
  api = patientApi(h5.stack, enrolled.token);
  planId = randomUUID();
  const plan = await api("POST", "/me/plans", {
    id: planId,
    drug: "氨氯地平片",
    dose: "1 片 5mg",
    times: ["08:00", "20:00"],
    startDate: shanghaiDate(Date.now()),
  });
  expect(plan.status).toBe(201);
}, 600_000);

afterAll(() => h5?.stop());

const byId = (testId: string) => page.locator(`[data-testid="${testId}"]:visible`);
const input = (name: string) => page.locator(`#f-${name} input:visible, input#f-${name}:visible`).first();
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `refills-${name}.png`) });
/** The portal on a desktop-sized page, signed in as a demo account. */
async function portalAs(email: string) {
  const portal = await h5.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  portal.setDefaultTimeout(20_000);
  portal.on("pageerror", (e) => pageErrors.push(`portal ${email}: ${e.message}`));
  await signInPortal(portal, h5.stack, email);
  return portal;
}
async function queued(kind: string) {
  const raw = await page.evaluate(() => localStorage.getItem("steady.queue.v1"));
  if (!raw) return [];
  const parsed = JSON.parse(raw);
  return (Array.isArray(parsed) ? parsed : (parsed.data ?? [])).filter(
    (i: { kind: string }) => i.kind === kind,
  );
}

it("refill screen: the patient records the tablets on hand, then 取了药 offline and online", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/plans/index`);
  await byId("supply-track").click();
  await input("onHand").fill("6");
  await input("perDose").fill("1");
  await input("packSize").fill("28");
  await byId("supply-save").click();
  // The count travels as a plan edit; the forecast appears once the server answered.
  await expect
    .poll(() => byId("supply-forecast").textContent(), { timeout: 20_000 })
    .toContain("还剩约 6 片");
  const before = (await byId("supply-forecast").textContent()) ?? "";
  expect(before).toMatch(/预计 \d{4}-\d\d-\d\d 吃完/);
  await shot("1-plans");

  // Offline: the tap is kept on the phone and the run-out moves at once.
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await byId("refill").click();
  await expect
    .poll(async () => `${await byId("supply-forecast").textContent()} ${pageErrors.join("; ")}`, {
      timeout: 10_000,
    })
    .toContain("还剩约 34 片");
  expect(await byId("supply-forecast").textContent()).not.toBe(before);
  await expect(byId("supply-note").textContent()).resolves.toContain("待上传");
  await page.waitForTimeout(1_500); // the upload is tried and fails
  expect(await queued("refill")).toHaveLength(1);
  await shot("2-refill-offline");

  // Online: uploaded once through /me/sync, the server agrees, the screen does not go back.
  await page.unroute("**/api/**");
  await page.locator(`[role="button"]:visible`, { hasText: "立即上传" }).first().click();
  await expect.poll(async () => (await queued("refill")).length, { timeout: 20_000 }).toBe(0);
  await expect.poll(() => byId("supply-forecast").textContent()).toContain("还剩约 34 片");
  const plans = await api("GET", "/me/plans");
  const supply = plans.json.plans.find((p: { id: string }) => p.id === planId).supply;
  expect(supply.refills).toHaveLength(1);
  expect(supply.stock).toBe(34);
  await expect.poll(() => byId("supply-forecast").textContent()).toContain(`预计 ${supply.runOutDate} 吃完`);
  await expect(byId("supply-note").textContent()).resolves.not.toContain("待上传");
  await shot("3-refill-synced");
}, 180_000);

it("revisit screen: the patient sets the next visit on 我的", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/me/index`);
  await byId("revisit-edit").click();
  const date = shanghaiDate(Date.now() + 14 * 86_400_000);
  await input("revisitDate").fill(date);
  await input("hospital").fill("市第一人民医院");
  await input("department").fill("心内科");
  await byId("revisit-save").click();
  await expect.poll(() => byId("revisit-shown").textContent()).toBe(`${date} · 市第一人民医院 心内科`);
  expect((await api("GET", "/me/revisit")).json.revisit).toMatchObject({ date, setBy: "patient" });
  await byId("revisit-card").scrollIntoViewIfNeeded();
  await shot("4-revisit");
});

it("large type: the refill and revisit screens stay readable", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/me/index`);
  await byId("large-on").click();
  await byId("revisit-card").scrollIntoViewIfNeeded();
  const size = await byId("revisit-shown").evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(20);
  await shot("5-revisit-large");
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/plans/index`);
  await byId("supply-forecast").waitFor();
  const forecast = await byId("supply-forecast").evaluate((el) =>
    Number.parseFloat(getComputedStyle(el).fontSize),
  );
  expect(forecast).toBeGreaterThanOrEqual(20);
  const button = await byId("refill").boundingBox();
  expect(button?.height ?? 0).toBeGreaterThanOrEqual(56);
  await shot("6-plans-large");
  expect(pageErrors).toEqual([]);
});

it("trends: a dose taken but not uploaded is taken on the calendar, as on the today card", async () => {
  const now = Date.now();
  const today = shanghaiDate(now);
  const at = Math.max(now - 5 * 60_000, Date.parse(`${today}T00:00:00+08:00`));
  const made = await api("POST", "/me/plans", {
    id: randomUUID(),
    drug: "厄贝沙坦片",
    dose: "1 片 150mg",
    times: [shanghai(at)],
    startDate: today,
  });
  expect(made.status).toBe(201);
  // Uploads fail; everything else reaches the server (the calendar itself comes from it).
  await page.route("**/api/v1/me/sync", (route) => route.abort("internetdisconnected"));
  await page.goto(`${h5.web.url}/?dev=${patient}&undoMs=500#/pages/today/index`);
  const row = byId("dose-row").filter({ hasText: "厄贝沙坦片" }).first();
  await row.getByTestId("take").click();
  await expect.poll(() => row.getAttribute("data-status")).toBe("taken");
  await page.waitForTimeout(1_500); // the upload is tried and fails
  expect(await queued("dose")).toHaveLength(1);
  const server = (await api("GET", "/me/summary?days=30")).json.calendar.find(
    (d: { date: string }) => d.date === today,
  );
  expect(server.taken).toBe(0);
  expect(server.due).toBeGreaterThanOrEqual(1);
  await page.goto(`${h5.web.url}/?dev=${patient}#/packages/trends/index`);
  const cell = page.locator(`.cal-day[aria-label^="${today} "]:visible`);
  await expect.poll(() => cell.getAttribute("aria-label")).toBe(`${today} 1/${server.due}`);
  if (server.due === 1) expect(await cell.getAttribute("class")).toContain("cal-all");
  // The rate beside it counts the same days: not the server's 0 %.
  expect(await byId("adherence-rate").textContent()).not.toMatch(/服药率 0%/);
  await byId("adherence-calendar").first().scrollIntoViewIfNeeded();
  await shot("10-trends-offline-dose");
  await page.unroute("**/api/v1/me/sync");
});

it("portal: the doctor corrects the supply with If-Match and sees the run-out", async () => {
  const portal = await portalAs("doctor.a@demo.test");
  await portal.goto(`${h5.stack.baseUrl}/patients/${patientId}`);
  const section = portal.getByTestId("supply");
  await section.waitFor();
  const before = (await api("GET", "/me/plans")).json.plans.find((p: { id: string }) => p.id === planId);
  await expect.poll(() => section.textContent()).toContain(`${before.supply.stock} 片`);
  await portal.getByTestId(`supply-edit-${planId}`).click();
  const form = portal.getByTestId("supply-form");
  // Meanwhile the patient edits the plan on the phone: the version the form is based on is old.
  const current = (await api("GET", "/me/plans")).json.plans.find((p: { id: string }) => p.id === planId);
  const edited = await api(
    "PATCH",
    `/me/plans/${planId}`,
    { dose: "1 片 5mg（早晚）" },
    {
      "if-match": `"${current.version}"`,
    },
  );
  expect(edited.status).toBe(200);
  await form.getByLabel("现有片数").fill("-1");
  await form.getByTestId("supply-submit").click();
  await portal.getByText("请填 0–10000 之间的片数（可到 1/4 片）").waitFor();
  await form.getByLabel("现有片数").fill("20");
  await form.getByLabel("每次几片").fill("0.5");
  await form.getByTestId("supply-submit").click();
  // 412: the form says the plan changed and offers to save on the latest version.
  const stale = portal.getByTestId("supply-stale");
  await stale.waitFor();
  expect(await stale.textContent()).toContain(`第 ${edited.json.version} 版`);
  await portal.screenshot({ path: join(ARTIFACTS, "refills-7-portal-stale.png") });
  await portal.getByRole("button", { name: "在最新版本上保存我的数字" }).click();
  const saved = portal.getByTestId("supply-saved");
  await saved.waitFor();
  const after = (await api("GET", "/me/plans")).json.plans.find((p: { id: string }) => p.id === planId);
  expect(after.supply).toMatchObject({ onHand: 20, perDose: 0.5, packSize: 28 });
  expect(await saved.textContent()).toContain("剩余 20 片");
  expect(await saved.textContent()).toContain(after.supply.runOutDate);
  expect(await section.textContent()).toContain(after.supply.runOutDate);
  await portal.screenshot({ path: join(ARTIFACTS, "refills-8-portal-supply.png") });
  await portal.close();
});

it("the manager's dashboard shows supply-based adherence and refills on time", async () => {
  const manager = await portalAs("manager@demo.test");
  await manager.getByTestId("programme-dashboard").waitFor();
  expect(await manager.getByTestId("kpi-pdc").textContent()).toContain("药量依从率（PDC ≥ 80%）");
  expect(await manager.getByTestId("kpi-refill").textContent()).toContain("按时续药率");
  const report = await manager.request.get(`${h5.stack.baseUrl}/api/v1/reports/programme`);
  const totals = (await report.json()).totals;
  // A handful of patients: every supply count is small, published as "<5", never exact.
  for (const k of ["supplyAssessed90d", "refillsDue90d"]) expect([0, "<5"]).toContain(totals[k]);
  await manager.getByTestId("kpis").screenshot({ path: join(ARTIFACTS, "refills-9-programme-kpis.png") });
  await manager.close();
});
