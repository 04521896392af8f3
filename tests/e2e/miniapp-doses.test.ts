// A taken dose stays taken (issue 13): the H5 build in real Chromium against the real API.
// Tap → upload → still taken; offline → online; a reload inside the undo window; a second
// phone's dose; and a second Take on a taken slot asks first and is kept as an extra dose.
// The undo window is shortened with `?undoMs=` (browser build only) so uploads happen in
// seconds rather than a minute.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { localDateOf, localTimeOf } from "@steady/shared";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, phonePage } from "../support/browser";
import { enrolByApi, patientApi } from "../support/stack";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
let page: Page;
let api: ReturnType<typeof patientApi>;
const patient = `e2e-doses-${process.pid}`;
const UNDO_MS = 2_000;
const pageErrors: string[] = [];
let planId: string;
let planB: string;
/** Shanghai wall-clock times of the plan: one a few minutes ago (due), one and two later. */
let times: string[];

const shanghai = (ms: number) => localTimeOf(ms, "Asia/Shanghai");
const shanghaiDate = (ms: number) => localDateOf(ms, "Asia/Shanghai");
interface Slot {
  planId: string;
  scheduledAt: string;
  status: string;
  doseId?: string;
  extraDoseIds?: string[];
}

beforeAll(async () => {
  h5 = await startMiniappStack();
  page = await phonePage(h5.browser, pageErrors);

  // Enrolled through the API (the enrolment screens have their own test), three doses today:
  // one due a few minutes ago, two later today (the plan's start is now, see shared/slots).
  const { token } = await enrolByApi(h5.stack, patient, { name: "李桂兰", birthYear: 1950, sex: "female" });
  api = patientApi(h5.stack, token);
  const now = Date.now();
  // Near midnight the later doses would fall on tomorrow: keep all three on today.
  const dueAt = Math.max(now - 5 * 60_000, Date.parse(`${shanghaiDate(now)}T00:00:00+08:00`));
  times = [
    shanghai(dueAt),
    shanghai(Math.min(now + 60 * 60_000, Date.parse(`${shanghaiDate(now)}T23:58:00+08:00`))),
    "23:59",
  ];
  times = [...new Set(times)].sort();
  planId = randomUUID();
  const plan = await api("POST", "/me/plans", {
    id: planId,
    drug: "氨氯地平片",
    dose: "1 片 5mg",
    times,
    startDate: shanghaiDate(now),
  });
  expect(plan.status).toBe(201);
  planB = randomUUID();
  const second = await api("POST", "/me/plans", {
    id: planB,
    drug: "二甲双胍片",
    dose: "1 片 0.5g",
    times: [times[0]],
    startDate: shanghaiDate(now),
  });
  expect(second.status).toBe(201);
});

afterAll(() => h5?.stop());

const byId = (testId: string) => page.locator(`[data-testid="${testId}"]:visible`);
const rowAt = (time: string, drug = "氨氯地平片"): Locator =>
  byId("dose-row")
    .filter({ has: page.locator(".dose-time", { hasText: time }) })
    .filter({ hasText: drug })
    .first();
async function storedDoses(): Promise<Array<{ id: string; body: Record<string, unknown> }>> {
  const raw = await page.evaluate(() => localStorage.getItem("steady.queue.v1"));
  if (!raw) return [];
  const parsed = JSON.parse(raw);
  return (Array.isArray(parsed) ? parsed : (parsed.data ?? [])).filter(
    (i: { kind: string }) => i.kind === "dose",
  );
}
async function serverSlot(time: string, plan = planId): Promise<Slot> {
  const slots: Slot[] = (await api("GET", `/me/today?date=${shanghaiDate(Date.now())}`)).json.slots ?? [];
  const slot = slots.find((s) => s.planId === plan && shanghai(Date.parse(s.scheduledAt)) === time);
  if (!slot) throw new Error(`no slot at ${time}`);
  return slot;
}
async function shot(name: string, row?: Locator) {
  if (row) await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, `miniapp-doses-${name}.png`) });
}
const open = () => page.goto(`${h5.web.url}/?dev=${patient}&undoMs=${UNDO_MS}#/pages/today/index`);

it("tap → upload answered created → the dose stays taken, and after a reload", async () => {
  await open();
  const row = rowAt(times[0] as string);
  await row.waitFor();
  await expect(row.getAttribute("data-status")).resolves.toBe("due");
  await row.getByTestId("take").click();
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  // The undo window closes, the upload goes out and the item leaves the outbox...
  await expect.poll(async () => (await storedDoses()).length, { timeout: 20_000 }).toBe(0);
  expect((await serverSlot(times[0] as string)).status).toBe("taken");
  // ...and the card still says taken, with no Take button (the bug: "该吃了" again).
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  await expect(row.getByTestId("take").count()).resolves.toBe(0);
  await expect(row.getByTestId("dose-status").textContent()).resolves.not.toContain("待上传");
  await page.waitForTimeout(1_500); // the refetch that follows an upload
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  await shot("1-taken-after-upload", row);
  await page.reload();
  await rowAt(times[0] as string).waitFor();
  await expect(rowAt(times[0] as string).getAttribute("data-status")).resolves.toBe("taken");
});

it("a second phone's dose shows after a refresh", async () => {
  const at = times[2] as string;
  const slot = await serverSlot(at);
  const other = await api("POST", "/me/doses", {
    id: randomUUID(),
    planId,
    scheduledAt: Date.parse(slot.scheduledAt),
    status: "taken",
  });
  expect(other.status).toBe(201);
  await open();
  await expect.poll(() => rowAt(at).getAttribute("data-status")).toBe("taken");
});

it("offline → online: taken all along, uploaded once when the network returns", async () => {
  await open();
  const at = times[1] as string;
  const row = rowAt(at);
  await row.waitFor();
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await row.getByTestId("take").click();
  await page.waitForTimeout(UNDO_MS + 1_500); // the upload is tried and fails
  expect(await storedDoses()).toHaveLength(1);
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  await expect(row.getByTestId("dose-status").textContent()).resolves.toContain("待上传");
  await shot("2-offline-taken", row);
  await page.unroute("**/api/**");
  await page.locator(`[role="button"]:visible`, { hasText: "立即上传" }).first().click();
  await expect.poll(async () => (await storedDoses()).length, { timeout: 20_000 }).toBe(0);
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  expect((await serverSlot(at)).status).toBe("taken");
});

it("a reload inside the undo window keeps the Take, and it is uploaded afterwards", async () => {
  await open();
  const row = rowAt(times[0] as string, "二甲双胍片");
  await row.waitFor();
  await row.getByTestId("take").click();
  await row.getByTestId("undo").waitFor();
  await page.reload(); // the app is killed inside the undo minute
  const again = rowAt(times[0] as string, "二甲双胍片");
  await again.waitFor();
  await expect(again.getAttribute("data-status")).resolves.toBe("taken");
  // No timer of the old page survives: the app's own retry sends it (every 30 s at most).
  await expect.poll(async () => (await storedDoses()).length, { timeout: 45_000 }).toBe(0);
  await expect(again.getAttribute("data-status")).resolves.toBe("taken");
  expect((await serverSlot(times[0] as string, planB)).status).toBe("taken");
});

it("a second Take on a taken dose asks first, and a confirmed one is kept as an extra dose", async () => {
  await open();
  const at = times[0] as string;
  const row = rowAt(at);
  await row.waitFor();
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  await row.getByTestId("take-again").click();
  const ask = row.getByTestId("take-again-ask");
  await expect(ask.textContent()).resolves.toContain("这次已经记过了，确定又吃了一次吗？");
  await shot("3-take-again-ask", row);
  // "No" changes nothing.
  await row.getByTestId("take-again-no").click();
  await expect(ask.count()).resolves.toBe(0);
  expect(await storedDoses()).toHaveLength(0);
  // "Yes": one more event, marked extra, visible on the card before and after upload.
  await row.getByTestId("take-again").click();
  await row.getByTestId("take-again-yes").click();
  await expect(row.getByTestId("extra-doses").textContent()).resolves.toContain("另多吃了 1 次");
  const queued = await storedDoses();
  expect(queued.map((q) => q.body.extra)).toEqual([true]);
  await expect.poll(async () => (await storedDoses()).length, { timeout: 20_000 }).toBe(0);
  await page.waitForTimeout(1_000);
  await expect(row.getByTestId("extra-doses").textContent()).resolves.toContain("另多吃了 1 次");
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  await shot("4-extra-dose", row);
  const slot = await serverSlot(at);
  expect(slot.status).toBe("taken");
  expect(slot.extraDoseIds).toEqual([queued[0]?.id]);
  // The export lists both events of that slot; only the confirmed one is marked extra.
  const exported = (await api("GET", "/me/export")).json.doses as Array<{
    planId: string;
    scheduledAt: number;
    status: string;
    extra?: boolean;
  }>;
  const ofSlot = exported.filter(
    (d) => d.planId === planId && d.scheduledAt === Date.parse(slot.scheduledAt) && d.status === "taken",
  );
  expect(ofSlot.map((d) => Boolean(d.extra)).sort()).toEqual([false, true]);
  await page.reload();
  await expect(rowAt(at).getByTestId("extra-doses").textContent()).resolves.toContain("另多吃了 1 次");
  expect(pageErrors).toEqual([]);
});

it("screens changed in issue 13, at 390×844 in normal and large type", async () => {
  // Reminder settings: one choice saved at once, its answer under it.
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/reminders/index`);
  await byId("reminder-settings-form").waitFor();
  await byId("delay-30").click();
  await expect.poll(() => byId("note-followUpDelayMinutes").textContent()).toContain("已保存");
  await shot("5-reminder-settings");
  // Today's reminder card for a patient who never subscribed: offered to start, not "used up".
  await open();
  const card = byId("reminders-card");
  await card.waitFor();
  await expect(card.textContent()).resolves.toContain("还没有开通微信提醒");
  await expect(card.textContent()).resolves.not.toContain("已用完");
  await shot("6-today-reminders-never", card);
  // The time picker of a plan, opened: readable.
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/plans/edit`);
  await byId("time-0").click();
  await page.locator(".weui-picker__item").first().waitFor();
  const size = await page
    .locator(".weui-picker__item")
    .first()
    .evaluate((el) => getComputedStyle(el).fontSize);
  expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(20);
  await shot("7-time-picker");
  // Large type: the due card's buttons stay on one line each.
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/me/index`);
  await byId("large-on").click();
  await shot("8-me-large");
  const statin = await api("POST", "/me/plans", {
    id: randomUUID(),
    drug: "阿托伐他汀钙片",
    dose: "1 片 20mg",
    times: [times[0]],
    startDate: shanghaiDate(Date.now()),
  });
  expect(statin.status).toBe(201);
  await open();
  const due = rowAt(times[0] as string, "阿托伐他汀钙片");
  await due.waitFor();
  const take = due.getByTestId("take");
  await shot("9-today-large", due);
  await expect(take.textContent()).resolves.toContain("✓ 已服用");
  // One line: every character box of the label sits on the same line.
  const lines = await take.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
  });
  expect(lines).toBe(1);
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/reminders/index`);
  await byId("reminder-settings-form").waitFor();
  await shot("10-reminder-settings-large");
  // The dose calendar: weekday heads, the month written, day numbers at body size.
  await page.goto(`${h5.web.url}/?dev=${patient}#/packages/trends/index`);
  await byId("calendar-grid").waitFor();
  await expect(byId("cal-weekday").allTextContents()).resolves.toEqual([
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "日",
  ]);
  await expect(byId("cal-month").first().textContent()).resolves.toMatch(/^\d{1,2}月$/);
  const dateSize = await page
    .locator(".cal-date:visible")
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(dateSize).toBeGreaterThanOrEqual(18);
  await shot("11-trends-calendar-large", byId("adherence-calendar").first());
  expect(pageErrors).toEqual([]);
});
