// The patient mini-program (H5 build) in real Chromium against the real API and demo data:
// enrol with a demo code, add a plan, take a dose, log an urgent BP reading, log two
// readings with the network cut, and check that the server ends up with each exactly once —
// also after the queue is replayed.
import { join } from "node:path";
import { localDateOf, localTimeOf } from "@steady/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, phonePage } from "../support/browser";
import { portalCookieByApi, stackApi } from "../support/stack";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
let api: ReturnType<typeof stackApi>;
let page: Page;
const patient = `e2e-${process.pid}`;
const pageErrors: string[] = [];

beforeAll(async () => {
  h5 = await startMiniappStack({ patients: 5 });
  api = stackApi(h5.stack);
  // An older reader's phone: narrow screen, text at its large setting (toggled in the app).
  page = await phonePage(h5.browser, pageErrors);
});

afterAll(() => h5?.stop());

/** A phone-screen screenshot with `testId` scrolled into view (Taro pages scroll inside a container). */
async function shot(name: string, testId?: string) {
  if (testId) await byId(testId).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, `miniapp-${name}.png`) });
}
const input = (name: string) => page.locator(`#f-${name} input:visible, input#f-${name}:visible`).first();
/** Taro's H5 router keeps earlier pages in the DOM, hidden: only look at the visible one. */
const byId = (testId: string) => page.locator(`[data-testid="${testId}"]:visible`);
const tap = (testId: string) => byId(testId).first().click();

/** A token of the patient, through the same dev login the H5 app uses. */
async function patientToken() {
  return (await api("POST", "/auth/wechat", { body: { code: `dev:${patient}` } })).json.token as string;
}

/** The patient's own view of the server. */
async function serverReadings(kind: "bp" | "glucose") {
  const token = await patientToken();
  const res = await api("GET", `/me/readings?kind=${kind}`, { token });
  expect(res.status).toBe(200);
  return res.json.readings as Array<{ id: string; systolic?: number }>;
}

/** The offline queue as the app stored it (Taro keeps `{data}` in localStorage). */
async function storedQueue(): Promise<Array<{ id: string; kind: string }>> {
  const raw = await page.evaluate(() => localStorage.getItem("steady.queue.v1"));
  if (!raw) return [];
  const parsed = JSON.parse(raw);
  return Array.isArray(parsed) ? parsed : (parsed.data ?? []);
}

it("enrols with a demo code through a separate consent screen", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}&scene=${h5.stack.codes.clinicA}#/pages/enrol/index`);
  const doctor = byId("enrol-doctor");
  await doctor.waitFor();
  await expect(doctor.textContent()).resolves.toMatch(/医生/);
  await shot("1-enrol-doctor");
  await tap("doctor-ok");

  // Consent is its own screen and cannot be passed without ticking the box.
  await byId("enrol-consent").waitFor();
  await byId("consent-agree").click({ force: true }); // disabled until ticked
  await expect(byId("enrol-profile").count()).resolves.toBe(0);
  await tap("consent-check");
  await shot("2-consent", "consent-check");
  await tap("consent-agree");

  // The profile form says which field is wrong, in words.
  await byId("enrol-profile").waitFor();
  await input("name").fill("王秀英");
  await input("birthYear").fill("56");
  await tap("enrol-submit");
  await expect(byId("error-birthYear").textContent()).resolves.toContain("出生年份");
  await expect(byId("error-sex").textContent()).resolves.toContain("性别");
  await shot("3-profile-errors", "error-birthYear");
  await input("birthYear").fill("1956");
  await tap("sex-female");
  await tap("enrol-submit");
  await byId("enrol-done").waitFor();
  await expect(byId("enrol-done").textContent()).resolves.toMatch(/已加入/);
  await tap("enrol-start");
  await byId("page-today").waitFor();
});

it("switches to large type and adds a medicine plan", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/me/index`);
  await tap("large-on");
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/plans/index`);
  await tap("plan-add");
  await byId("page-plan-edit").waitFor();
  await tap("plan-save");
  await expect(page.locator(".field-error").first().textContent()).resolves.toContain("药名");
  await input("drug").fill("氨氯地平片");
  await input("dose").fill("1 片 5mg");
  await shot("4-plan-form");
  await tap("plan-save");
  await byId("page-plans").first().waitFor();
  await expect(byId("plan-row").first().textContent()).resolves.toContain("氨氯地平片");
  // Uploaded: the "waiting" banner goes away once the server has the plan.
  await byId("sync-pending").first().waitFor({ state: "hidden" });
  await shot("5-plans");
});

it("takes today's dose, shows undo and the reminder offer", async () => {
  // The plan above (08:00, starting today) has no dose today when it was added after 10:00
  // (shared/slots entryFloor); a second one, due a few minutes ago, always has one.
  const token = await patientToken();
  const now = Date.now();
  const day = localDateOf(now, "Asia/Shanghai");
  const dueAt = Math.max(now - 5 * 60_000, Date.parse(`${day}T00:00:00+08:00`));
  const time = localTimeOf(dueAt, "Asia/Shanghai");
  const plan = await api("POST", "/me/plans", {
    token,
    body: { id: crypto.randomUUID(), drug: "缬沙坦胶囊", dose: "80mg", times: [time], startDate: day },
  });
  expect(plan.status).toBe(201);
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/today/index`);
  const row = byId("dose-row").filter({ hasText: "缬沙坦胶囊" }).first();
  await row.waitFor();
  await row.getByTestId("take").click();
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  await row.getByTestId("undo").waitFor();
  await row.getByTestId("remind").click();
  await expect(row.getByTestId("remind-outcome").textContent()).resolves.toContain("浏览器");
  await shot("6-today-taken", "dose-row");
  // Undo puts the slot back; taking again leaves one Take, held for the undo window.
  await row.getByTestId("undo").click();
  await expect(row.getAttribute("data-status")).resolves.not.toBe("taken");
  await row.getByTestId("take").click();
  await expect(row.getAttribute("data-status")).resolves.toBe("taken");
  const queued = (await storedQueue()).filter((i) => i.kind === "dose");
  expect(queued).toHaveLength(1);
});

it("logs an urgent blood pressure and shows what to do now", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/log/index?kind=bp`);
  await byId("bp-form").waitFor();
  await tap("howto-toggle");
  await byId("howto").waitFor();
  // Validation in plain words first: the lower number above the upper one.
  await input("systolic").fill("120");
  await input("diastolic").fill("130");
  await tap("save-bp");
  await expect(byId("error-diastolic").textContent()).resolves.toContain("低压应该比高压小");
  await input("systolic").fill("186");
  await input("diastolic").fill("124");
  await tap("save-bp");
  const urgent = byId("feedback-urgent");
  await urgent.waitFor();
  const text = await urgent.textContent();
  expect(text).toContain("立即就医");
  expect(text).toContain("120");
  await shot("7-bp-urgent", "feedback-urgent");
  // Uploaded once the reading leaves the queue (the Take above waits out its undo minute).
  await expect.poll(async () => (await storedQueue()).filter((i) => i.kind === "bp").length).toBe(0);
  expect((await serverReadings("bp")).filter((r) => r.systolic === 186)).toHaveLength(1);
});

it("keeps readings logged without network and uploads each exactly once when it returns", async () => {
  // Cut the network to the API.
  await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
  await input("systolic").fill("142");
  await input("diastolic").fill("91");
  await tap("save-bp");
  await byId("feedback").waitFor();
  await input("systolic").fill("128");
  await input("diastolic").fill("82");
  await tap("save-bp");
  await expect(byId("sync-pending").textContent()).resolves.toContain("条记录等待上传");
  const offline = (await storedQueue()).filter((i) => i.kind === "bp");
  expect(offline).toHaveLength(2);
  await shot("8-offline-waiting");

  // A reload while offline (the app was killed) keeps both.
  await page.reload();
  await byId("page-log").waitFor();
  expect((await storedQueue()).filter((i) => i.kind === "bp").map((i) => i.id)).toEqual(
    offline.map((i) => i.id),
  );

  // Back online: upload.
  await page.unroute("**/api/**");
  await page.locator(`[role="button"]:visible`, { hasText: "立即上传" }).first().click();
  await expect.poll(async () => (await storedQueue()).filter((i) => i.kind === "bp").length).toBe(0);
  await shot("9-back-online");

  const afterSync = await serverReadings("bp");
  for (const item of offline) expect(afterSync.filter((r) => r.id === item.id)).toHaveLength(1);
  expect(afterSync).toHaveLength(3);

  // Replay: put the same two records back in the queue (as if the app died before it could
  // remove them) and reload. The server answers "duplicate", the queue empties, nothing doubles.
  await page.evaluate(
    (items) => {
      localStorage.setItem("steady.queue.v1", JSON.stringify({ data: items }));
    },
    await replayItems(offline.map((i) => i.id)),
  );
  await page.reload();
  await byId("page-log").waitFor();
  await expect.poll(async () => (await storedQueue()).filter((i) => i.kind === "bp").length).toBe(0);
  const afterReplay = await serverReadings("bp");
  expect(afterReplay.map((r) => r.id).sort()).toEqual(afterSync.map((r) => r.id).sort());
  expect(pageErrors).toEqual([]);
});

it("shows trends from the server: BP dots against the target band, the dose calendar, the weekly tip", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/packages/trends/index`);
  await byId("chart-bp").waitFor();
  // Three readings (186/124, 142/91, 128/82), each drawn twice: systolic and diastolic.
  await expect(page.locator(".chart-dot:visible").count()).resolves.toBe(6);
  // No green band shared by both series (a diastolic 124 must not sit "in the green"); the
  // scale is labelled up to the highest reading.
  await expect(byId("chart-bp").locator(".chart-band").count()).resolves.toBe(0);
  const ticks = (await byId("chart-bp").getByTestId("chart-tick").allTextContents()).map(Number);
  expect(Math.max(...ticks)).toBeGreaterThanOrEqual(180);
  await expect(byId("adherence-calendar").textContent()).resolves.toContain("服药日历");
  // Her first week in the programme: the first item of its education content, title and text.
  await expect(byId("weekly-tip").textContent()).resolves.toContain("固定时间服药把服药和刷牙、早饭连在一起");
  await shot("10-trends", "chart-bp");
  await shot("11-trends-calendar", "adherence-calendar");
  await shot("11b-weekly-tip", "weekly-tip");
});

it("an edit of a plan the doctor changed meanwhile is not saved over it: the plans page shows both, the patient redoes it", async () => {
  const login = await api("POST", "/auth/wechat", { body: { code: `dev:${patient}` } });
  const { token, patientId } = login.json as { token: string; patientId: string };
  const myPlans = async () =>
    (await api("GET", "/me/plans", { token })).json.plans as Array<{
      id: string;
      drug: string;
      dose: string;
      times: string[];
      version: number;
    }>;
  const plan = (await myPlans()).find((p) => p.drug === "氨氯地平片");
  expect(plan).toBeDefined();
  // The patient opens the edit page (the phone holds version n)…
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/plans/index`);
  await byId("plan-row").filter({ hasText: "氨氯地平片" }).getByTestId("plan-edit").click();
  await byId("page-plan-edit").waitFor();
  // …while the doctor moves the dose time in the portal.
  const cookie = await portalCookieByApi(h5.stack, "doctor.a@demo.test");
  const moved = await api("PATCH", `/patients/${patientId}/plans/${plan?.id}`, {
    cookie,
    headers: { "if-match": `"${plan?.version}"` },
    body: { times: ["07:00"] },
  });
  expect(moved.status).toBe(200);
  await input("dose").fill("2 片 10mg");
  await tap("plan-save");
  const card = byId("plan-conflict").first();
  await card.waitFor();
  await expect(byId("conflict-dose").first().textContent()).resolves.toContain("2 片 10mg");
  await expect(byId("conflict-times").first().textContent()).resolves.toContain("07:00");
  await shot("7-plan-conflict", "plan-conflict");
  // Nothing of the patient's was written over the doctor's change.
  expect((await myPlans()).find((p) => p.id === plan?.id)).toMatchObject({
    dose: plan?.dose,
    times: ["07:00"],
  });
  await tap("conflict-redo");
  await byId("plan-conflict").first().waitFor({ state: "hidden" });
  await expect
    .poll(async () => (await myPlans()).find((p) => p.id === plan?.id))
    .toMatchObject({ dose: "2 片 10mg", times: ["07:00"], version: (plan?.version ?? 0) + 2 });
});

it("exports the patient's data and deletes the account only after an explicit confirmation", async () => {
  await page.goto(`${h5.web.url}/?dev=${patient}#/pages/me/index`);
  const download = page.waitForEvent("download");
  await tap("export");
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^steady-export-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(
    await (await file.createReadStream()).toArray().then((b) => Buffer.concat(b).toString()),
  );
  expect(exported.bloodPressure).toHaveLength(3);

  await tap("delete");
  await byId("delete-confirm").waitFor();
  await shot("12-delete-confirm", "delete-confirm");
  expect(await serverReadings("bp")).toHaveLength(3); // nothing happens before the confirmation
  await tap("delete-yes");
  await byId("deleted").waitFor();
  // The same WeChat user logging in again is a new, empty patient.
  expect(await serverReadings("bp")).toEqual([]);
});

/** Queue items for readings the server already holds, rebuilt from the server's copies. */
async function replayItems(ids: string[]) {
  const readings = await serverReadings("bp");
  return readings
    .filter((r) => ids.includes(r.id))
    .map((r, i) => ({
      id: r.id,
      kind: "bp",
      body: {
        id: r.id,
        systolic: r.systolic,
        diastolic: (r as { diastolic?: number }).diastolic,
        ...((r as { pulse?: number | null }).pulse != null ? { pulse: (r as { pulse?: number }).pulse } : {}),
        measuredAt: Date.parse((r as unknown as { measuredAt: string }).measuredAt),
      },
      queuedAt: i,
      state: "pending",
      attempts: 0,
    }));
}
