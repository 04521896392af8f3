// Safety reporting end to end (issue 12), in real Chromium against the real server: each capture
// route ends as a case in the safety officer's inbox — the patient's report in the H5 mini-program
// (online, then offline → online through the outbox), the clinician's report from the patient
// page, a follow-up call with an event, the rep's write-only form (a case number, 403 on cases)
// and a note with a screening hit. Then safety@demo.test opens the patient's case, triages it
// with If-Match, forwards it, records the MAH's acknowledgement, downloads E2B XML / FHIR / CSV,
// and asks the patient a question that the patient answers in the mini-program.
// Screenshots: tests/artifacts/safety-*.png.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { localDateOf } from "@steady/shared";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, phonePage, signInPortal } from "../support/browser";
import { enrolByApi, patientApi } from "../support/stack";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
let api: ReturnType<typeof patientApi>;
const pageErrors: string[] = [];
const patient = `e2e-safety-${process.pid}`;
let patientId = "";
const planId = randomUUID();

/** Case numbers as each capture route showed them (or, for the call and the note, as listed). */
const numbers: Record<string, string> = {};

beforeAll(async () => {
  h5 = await startMiniappStack({ patients: 20, portal: true });
  // Enrolled at clinic A through the API (enrolment has its own test), one plan from today.
  const enrolled = await enrolByApi(h5.stack, patient, { name: "赵淑芬", birthYear: 1953, sex: "female" });
  patientId = enrolled.patientId;
  api = patientApi(h5.stack, enrolled.token);
  const plan = await api("POST", "/me/plans", {
    id: planId,
    drug: "氨氯地平片",
    dose: "1 片 5mg",
    times: ["08:00"],
    startDate: localDateOf(Date.now(), "Asia/Shanghai"),
  });
  expect(plan.status).toBe(201);
});

afterAll(() => h5?.stop());

// --- the mini-program (H5, phone-sized) --------------------------------------------------

let phone: Page;
async function openPhone(hash: string) {
  if (!phone) {
    phone = await phonePage(h5.browser, pageErrors, "miniapp: ");
  }
  await phone.goto(`${h5.web.url}/?dev=${patient}#${hash}`);
}
const tid = (p: Page, id: string) => p.locator(`[data-testid="${id}"]:visible`).first();
const phoneShot = (name: string) => phone.screenshot({ path: join(ARTIFACTS, `safety-miniapp-${name}.png`) });

async function queuedReports(): Promise<unknown[]> {
  const raw = await phone.evaluate(() => localStorage.getItem("steady.queue.v1"));
  const parsed = raw ? JSON.parse(raw) : [];
  return (Array.isArray(parsed) ? parsed : (parsed.data ?? [])).filter(
    (i: { kind: string }) => i.kind === "side_effect",
  );
}

describe("patient: 身体不适 / 副作用 in the mini-program", () => {
  it("reports from the today page: chips, the medicine, contact yes → a case number and the server's advice", async () => {
    await openPhone("/pages/today/index");
    await tid(phone, "side-effect-entry").click();
    await tid(phone, "page-side-effect").waitFor();
    await tid(phone, "chip-dizzy").click();
    await tid(phone, `plan-${planId}`).click();
    await tid(phone, "since-yesterday").click();
    await tid(phone, "still-yes").click();
    await tid(phone, "stopped-no").click();
    await tid(phone, "contact-yes").click();
    await phoneShot("1-report-form");
    await tid(phone, "send-report").click();
    const number = await tid(phone, "case-number").textContent();
    numbers.patient = /STD-\d{4}-\d{6}/.exec(number ?? "")?.[0] ?? "";
    expect(numbers.patient).toMatch(/^STD-/);
    const advice = tid(phone, "advice");
    await expect(advice.textContent()).resolves.toContain("请不要自行停药或改变剂量");
    await expect(advice.getAttribute("data-urgent")).resolves.toBe("false");
    await phoneShot("2-report-sent");
  });

  it("offline: the report waits in the outbox with 120 advice, and goes up when the network returns", async () => {
    await openPhone("/packages/safety/report");
    await tid(phone, "page-side-effect").waitFor();
    await phone.route("**/api/**", (route) => route.abort("internetdisconnected"));
    await tid(phone, "chip-palpitations").click();
    await tid(phone, "serious-hospital").click();
    await tid(phone, "contact-yes").click();
    await tid(phone, "send-report").click();
    await tid(phone, "saved-offline").waitFor();
    const advice = tid(phone, "advice");
    await expect(advice.getAttribute("role")).resolves.toBe("alert");
    await expect(advice.textContent()).resolves.toContain("120");
    expect(await queuedReports()).toHaveLength(1);
    await phoneShot("3-offline-saved");
    await phone.unroute("**/api/**");
    await openPhone("/pages/today/index");
    const retry = phone.locator(`[role="button"]:visible`, { hasText: "立即上传" }).first();
    await expect
      .poll(async () => (await queuedReports()).length === 0 || (await retry.count()) > 0)
      .toBe(true);
    if ((await queuedReports()).length) await retry.click();
    await expect.poll(async () => (await queuedReports()).length, { timeout: 30_000 }).toBe(0);
    const mine = (await api("GET", "/me/side-effects")).json.reports as Array<{
      caseNumber: string;
      seriousness: string[];
      symptoms: string[];
    }>;
    expect(mine).toHaveLength(2);
    const offline = mine.find((r) => r.symptoms.includes("心慌"));
    expect(offline?.seriousness).toEqual(["hospitalisation"]);
    numbers.patientOffline = offline?.caseNumber ?? "";
  });
});

// --- the portal ----------------------------------------------------------------------------

async function portalAs(email: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await h5.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (e) => pageErrors.push(`portal ${email}: ${e.message}`));
  await signInPortal(page, h5.stack, email, { from: "/" });
  return { ctx, page };
}
const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(ARTIFACTS, `safety-portal-${name}.png`), fullPage });

describe("capture in the portal", () => {
  it("doctor A reports from the patient page (two events, the suspect medicine), then writes a note with 皮疹", async () => {
    const { ctx, page } = await portalAs("doctor.a@demo.test");
    await page.goto(`${h5.stack.baseUrl}/patients/${patientId}`);
    const section = page.getByTestId("ae-section");
    await section.getByRole("button", { name: "报告不良事件" }).click();
    const form = page.getByTestId("ae-form");
    await form.getByLabel("事件描述 1").fill("脚踝水肿");
    await form.getByRole("button", { name: "+ 再加一个事件" }).click();
    await form.getByLabel("事件描述 2").fill("面部潮红");
    await form.getByLabel("氨氯地平片 1 片 5mg").check();
    await shot(page, "1-clinician-form");
    await form.getByRole("button", { name: "提交" }).click();
    const done = await page.getByTestId("ae-done").textContent();
    numbers.clinician = /STD-\d{4}-\d{6}/.exec(done ?? "")?.[0] ?? "";
    expect(numbers.clinician).toMatch(/^STD-/);

    // A note is screened: an adverse-event word opens a `screening` case for the officer.
    await page.getByPlaceholder("写一条记录（仅诊所内可见）").fill("复诊：患者说两周来手臂起皮疹，瘙痒");
    await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes(`/patients/${patientId}/notes`) && r.request().method() === "POST",
      ),
      page.getByRole("button", { name: "保存记录" }).click(),
    ]);
    await shot(page, "2-clinician-done");
    await ctx.close();
  });

  it("assistant A records a reached call with an event; the safety question is asked first", async () => {
    const { ctx, page } = await portalAs("assistant.a@demo.test");
    await page.goto(`${h5.stack.baseUrl}/follow-ups`);
    const row = page.getByTestId("worklist-row").first();
    const patientPage = (await row.getByRole("link").first().getAttribute("href")) ?? "";
    await row.getByRole("button", { name: "记录通话" }).click();
    const form = row.getByTestId("call-form");
    await form.getByLabel("已联系上").check();
    await form.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => form.textContent()).toContain("请先问安全性问题并记录回答。");
    const q = form.getByTestId("safety-question");
    await q.getByLabel("有（请记录）").check();
    await q.getByLabel(/患者说了什么（原话）/).fill("上周头晕摔了一跤，去急诊住院观察了一晚");
    await q.getByLabel("住院或延长住院").check();
    await form.getByLabel("副作用").check();
    await shot(page, "3-call-safety-question");
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/follow-ups") && r.request().method() === "POST"),
      form.getByRole("button", { name: "保存" }).click(),
    ]);
    expect(res.status()).toBe(201);
    expect(res.request().postDataJSON()).toMatchObject({
      outcome: "reached",
      safety: { asked: true, anyEvent: true, seriousness: ["hospitalisation"] },
      missedDoseReasons: ["side_effect"],
    });
    expect((await res.json()).missedDoseReasons).toEqual(["side_effect"]);
    // The patient page keeps the reason with the call.
    await page.goto(`${h5.stack.baseUrl}${patientPage}`);
    await expect
      .poll(() => page.getByTestId("call-missed-reasons").first().textContent())
      .toBe("漏服原因: 副作用");
    await ctx.close();
  });

  it("the rep's write-only form gives a case number, and the rep reads no case (403)", async () => {
    const { ctx, page } = await portalAs("rep@demo.test");
    await page.goto(`${h5.stack.baseUrl}/programme/safety-report`);
    const form = page.getByTestId("rep-ae-form");
    await form.getByLabel("药师").check();
    await form.getByLabel("姓名缩写").fill("LMH");
    await form.getByLabel("性别").selectOption("male");
    await form.getByLabel("年龄（岁）").fill("71");
    await form.getByLabel(/^药品/).fill("氨氯地平片");
    await form.getByLabel(/对方说了什么/).fill("药房药师说这位患者吃药后牙龈肿");
    await shot(page, "4-rep-form");
    await form.getByRole("button", { name: "提交" }).click();
    numbers.rep = (await page.getByTestId("case-number").textContent()) ?? "";
    expect(numbers.rep).toMatch(/^STD-/);
    await expect.poll(() => page.getByTestId("receipts").textContent()).toContain(numbers.rep);
    await shot(page, "5-rep-done");
    for (const path of ["/api/v1/safety/cases", "/api/v1/safety/cases.csv"]) {
      expect((await page.request.get(`${h5.stack.baseUrl}${path}`)).status()).toBe(403);
    }
    await ctx.close();
  });
});

describe("the safety officer", () => {
  let ctx: BrowserContext;
  let page: Page;
  let caseId = "";

  it("sees every route's case in the inbox, soonest deadline first, with the timeliness figures", async () => {
    ({ ctx, page } = await portalAs("safety@demo.test"));
    await page.waitForURL(/\/safety$/);
    const rows = page.getByTestId("case-row");
    await rows.first().waitFor();
    await page.getByTestId("timeliness").waitFor();
    const text = (await page.getByTestId("cases").textContent()) ?? "";
    for (const n of [numbers.patient, numbers.patientOffline, numbers.clinician, numbers.rep]) {
      expect(text).toContain(n);
    }
    // The call and the note: one case each, from their own source.
    const list = (await (await page.request.get(`${h5.stack.baseUrl}/api/v1/safety/cases`)).json()) as Array<{
      id: string;
      caseNumber: string;
      source: string;
      forwardDueAt: string;
      description: string | null;
    }>;
    const call = list.find((c) => c.source === "follow_up_call");
    const screening = list.find((c) => c.source === "screening");
    expect(call?.description).toContain("头晕摔了一跤");
    expect(screening?.description ?? "").toContain("皮疹");
    expect(text).toContain(call?.caseNumber);
    expect(text).toContain(screening?.caseNumber);
    for (const word of ["患者小程序", "医生／助理", "随访电话", "医药代表", "文本筛查"])
      expect(text).toContain(word);
    const due = list.map((c) => Date.parse(c.forwardDueAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    caseId = list.find((c) => c.caseNumber === numbers.patient)?.id ?? "";
    numbers.screening = screening?.caseNumber ?? "";
    await shot(page, "6-inbox", true);
  });

  it("opens the patient's case, triages it with If-Match, forwards it and records the MAH's case id", async () => {
    await page.getByRole("link", { name: numbers.patient }).click();
    await page.getByTestId("case-page").waitFor();
    await expect.poll(() => page.getByTestId("case-events").textContent()).toContain("头晕");
    const triage = page.getByTestId("triage-form");
    await triage.getByLabel("因果关系评估").selectOption("possibly_related");
    await triage.getByLabel("病例叙述").fill("患者服用氨氯地平后头晕，未停药。");
    await triage.getByLabel("状态").selectOption("triaged");
    const [patch] = await Promise.all([
      page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(`/safety/cases/${caseId}`)),
      triage.getByRole("button", { name: "保存" }).click(),
    ]);
    expect(patch.headers()["if-match"]).toBe('"1"');
    await expect.poll(() => page.locator("#case-title").textContent()).toContain("已分诊");

    // A stale If-Match is refused (412), never overwrites.
    const stale = await page.request.patch(`${h5.stack.baseUrl}/api/v1/safety/cases/${caseId}`, {
      headers: { "if-match": '"1"', "content-type": "application/json", origin: h5.stack.baseUrl },
      data: { narrative: "旧版本上的修改" },
    });
    expect(stale.status()).toBe(412);

    const actions = page.getByTestId("case-actions");
    await actions.getByRole("button", { name: "转发给 MAH" }).click();
    await expect.poll(() => page.locator("#case-title").textContent()).toContain("已转发");
    await actions.getByLabel("MAH 病例号").fill("MAH-CN-2026-00042");
    await actions.getByRole("button", { name: "记录 MAH 确认" }).click();
    await expect.poll(() => page.getByTestId("mah-case-id").textContent()).toBe("MAH-CN-2026-00042");
    await expect.poll(() => page.getByTestId("case-audit").textContent()).toContain("acknowledged");
    await shot(page, "7-case-acknowledged", true);
  });

  it("downloads E2B(R3) XML, FHIR AdverseEvent and the reconciliation CSV with the case in them", async () => {
    // The E2B link as the officer clicks it: a real download.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "E2B(R3) XML" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${numbers.patient}.xml`);
    const xml = readFileSync((await download.path()) as string, "utf8");
    expect(xml).toContain("<PORR_IN049016UV");
    expect(xml).toContain(numbers.patient);
    expect(xml).toContain("头晕");
    expect(xml).toContain("氨氯地平片");
    // Patient by initials/sex/age only: never the name.
    expect(xml).not.toContain("赵淑芬");

    const fhir = await page.request.get(`${h5.stack.baseUrl}/api/v1/safety/cases/${caseId}/fhir`);
    expect(fhir.headers()["content-type"]).toContain("application/fhir+json");
    const resource = await fhir.json();
    expect(resource.resourceType).toBe("AdverseEvent");
    expect(JSON.stringify(resource)).toContain(numbers.patient);
    expect(JSON.stringify(resource)).toContain("头晕");
    expect(JSON.stringify(resource)).not.toContain("赵淑芬");

    const [csvDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "对账表 CSV" }).click(),
    ]);
    const csv = readFileSync((await csvDownload.path()) as string, "utf8").split(/\r?\n/);
    expect(csv[0]).toMatch(/^case_number,mah_case_id,source,status,/);
    const line = csv.find((l) => l.startsWith(`${numbers.patient},`)) ?? "";
    expect(line).toContain("MAH-CN-2026-00042");
    expect(line).toContain(",patient_app,acknowledged,");
    expect(line).toMatch(/,yes,/); // forwarded on time
    expect(csv.some((l) => l.startsWith(`${numbers.rep},,rep,new,`))).toBe(true);
  });

  it("confirms the screening hit of the note into triage", async () => {
    await page.goto(`${h5.stack.baseUrl}/safety`);
    await page.getByRole("link", { name: numbers.screening }).click();
    const review = page.getByTestId("screening-review");
    await expect.poll(() => review.textContent()).toContain("皮疹");
    await shot(page, "8-screening-review");
    const [patch] = await Promise.all([
      page.waitForRequest((r) => r.method() === "PATCH"),
      review.getByRole("button", { name: "确认为不良事件" }).click(),
    ]);
    expect(patch.headers()["if-match"]).toBe('"1"');
    await expect.poll(() => page.locator("#case-title").textContent()).toContain("已分诊");
    await expect(review.count()).resolves.toBe(0);
    await page.goto(`${h5.stack.baseUrl}/safety/cases/${caseId}`);
    await page.getByTestId("case-page").waitFor();
  });

  it("asks the patient a follow-up question, which the patient answers in the mini-program", async () => {
    const fu = page.getByTestId("case-follow-ups");
    await fu.getByLabel("患者（小程序）").check();
    await fu.getByLabel("问题").fill("头晕现在好些了吗？有没有摔倒？");
    await fu.getByRole("button", { name: "提交" }).click();
    await expect.poll(() => fu.textContent()).toContain("头晕现在好些了吗？有没有摔倒？");

    await openPhone("/packages/safety/mine");
    const report = phone.locator('[data-testid="report"]:visible', { hasText: numbers.patient });
    await expect.poll(() => report.textContent()).toContain("头晕现在好些了吗？有没有摔倒？");
    await phoneShot("4-question");
    await report.locator("textarea").fill("好多了，没有再摔倒");
    await report.locator('[data-testid="send-answer"]').click();
    await expect.poll(() => report.textContent()).toContain("您的回答：好多了，没有再摔倒");
    await phoneShot("5-answered");

    await page.reload();
    await expect
      .poll(() => page.getByTestId("case-follow-ups").textContent())
      .toContain("好多了，没有再摔倒");
    await shot(page, "9-case-answered", true);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});
