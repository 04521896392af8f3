// The clinician portal in real Chromium against the real server and demo data: doctor A signs in,
// finds an urgent patient first, filters by condition, opens them (charts render), acknowledges
// the alert, edits the plan and prints the report; the assistant escalates a call, which reaches doctor A's list;
// doctor B cannot reach clinic A's patient by URL. Screenshots go to tests/artifacts/portal-*.png.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPortal } from "../bench/portal-build";
import { ARTIFACTS, launchBrowser, signInPortal } from "../support/browser";
import { type Stack, startStack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let urgentPatient: { id: string; name: string };

beforeAll(async () => {
  buildPortal();
  stack = await startStack({ patients: 40 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage() {
  await page?.close();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
}

const submitLogin = () =>
  Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/login")),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);

const signIn = (email: string, password = stack.password) =>
  signInPortal(page, stack, email, { password, from: "/" });

const shot = (name: string, fullPage = false) =>
  page.screenshot({ path: join(ARTIFACTS, `portal-${name}.png`), fullPage });

/** The server's own view, with the browser's session cookie. */
async function apiGet(path: string) {
  const res = await page.request.get(`${stack.baseUrl}${path}`);
  return {
    status: res.status(),
    json: res.headers()["content-type"]?.includes("json") ? await res.json() : null,
    text: await res.text(),
  };
}

describe("sign-in messages", () => {
  it("says when the password is wrong, and when the account is locked", async () => {
    await newPage();
    await signIn("manager@demo.test", "wrong-1");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("邮箱或密码不正确");
    // Five wrong passwords lock the account; the next try says for how long.
    for (let i = 2; i <= 5; i++) {
      await page.getByLabel("密码").fill(`wrong-${i}`);
      await submitLogin();
    }
    await page.getByLabel("密码").fill(stack.password);
    await submitLogin();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("已暂时锁定");
    expect(await page.getByRole("alert").textContent()).toMatch(/请 1[45] 分钟后再试/);
    await shot("login-locked");
  });
});

describe("doctor A", () => {
  it("signs in and sees the triage list, an urgent patient first, reasons in words", async () => {
    await newPage();
    await signIn("doctor.a@demo.test");
    const rows = page.getByTestId("triage-row");
    await rows.first().waitFor();
    expect(await rows.first().getAttribute("data-tier")).toBe("urgent");
    const first = await rows.first().textContent();
    expect(first).toContain("未处理的紧急警报");
    const link = rows.first().getByRole("link");
    urgentPatient = {
      name: (await link.textContent()) ?? "",
      id: ((await link.getAttribute("href")) ?? "").split("/").pop() ?? "",
    };
    // Tiers never go back up the list.
    const tiers = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-tier")));
    const order = ["urgent", "attention", "silent", "stable"];
    expect(tiers.map((t) => order.indexOf(t ?? ""))).toEqual(
      [...tiers.map((t) => order.indexOf(t ?? ""))].sort(),
    );
    await shot("triage");
  });

  it("filters by tier and by name from the keyboard", async () => {
    await page.keyboard.press("/");
    await page.keyboard.type(urgentPatient.name);
    await expect.poll(() => page.getByTestId("triage-row").count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("triage-row").first().getByRole("link").textContent()).toBe(
      urgentPatient.name,
    );
    await page.getByRole("searchbox").fill("");
    // Back to the whole list: "显示 N / N".
    await expect
      .poll(() => page.getByText(/显示 \d+ \/ \d+ 位患者/).textContent())
      .toMatch(/显示 (\d+) \/ \1 /);
    const attention = page.getByRole("button", { name: /需关注/ });
    const counted = Number(await attention.locator(".count").textContent());
    expect(counted).toBeGreaterThan(0);
    await attention.click();
    // The button's count is the number of rows it shows (all of them fit on one screen here).
    await expect.poll(() => page.getByTestId("triage-row").count()).toBe(counted);
    const tiers = await page
      .getByTestId("triage-row")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-tier")));
    expect(new Set(tiers)).toEqual(new Set(["attention"]));
    await page.getByRole("button", { name: /全部/ }).click();
  });

  it("filters by condition: diabetes shows exactly the seed's diabetic patients, the comorbid included", async () => {
    // The seed gives metformin, and so the condition diabetes or both, to its diabetic patients.
    const all = (await apiGet("/api/v1/patients")).json as { name: string; condition: string | null }[];
    const diabetic = all.filter((r) => r.condition === "diabetes" || r.condition === "both");
    expect(diabetic.length).toBeGreaterThan(0);
    expect(diabetic.length).toBeLessThan(all.length);
    const select = page.getByLabel("按病种筛选");
    await select.selectOption("diabetes");
    await expect
      .poll(() => page.getByText(/显示 \d+ \/ \d+ 位患者/).textContent())
      .toContain(`显示 ${diabetic.length} / ${all.length} `);
    // Only the rows on screen are rendered: they are the diabetic patients, in the server's order.
    const rows = page.getByTestId("triage-row");
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(Math.min(diabetic.length, 5));
    const shown = await rows.evaluateAll((els) =>
      els.map((e) => [e.querySelector("a")?.textContent ?? "", e.getAttribute("data-condition")]),
    );
    expect(shown.map(([name]) => name)).toEqual(diabetic.slice(0, shown.length).map((r) => r.name));
    expect(shown.every(([, c]) => c === "diabetes" || c === "both")).toBe(true);
    expect(await select.locator("option:checked").textContent()).toBe(`患 2 型糖尿病 (${diabetic.length})`);
    // The server applies the same filter to the list it exports.
    const api = await apiGet("/api/v1/patients?condition=diabetes");
    expect(api.json.length).toBe(diabetic.length);
    await shot("triage-condition");
    await select.selectOption("all");
    await expect
      .poll(() => page.getByText(/显示 \d+ \/ \d+ 位患者/).textContent())
      .toContain(`显示 ${all.length} / ${all.length} `);
  });

  it("exports the triage list as CSV", async () => {
    const csv = await apiGet("/api/v1/patients/export.csv?lang=zh-CN");
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("分级,姓名,医生,病种,原因");
    expect(lines[1]).toContain(urgentPatient.name);
  });

  it("opens the urgent patient: adherence calendar, BP and glucose charts render", async () => {
    await page.getByTestId("triage-row").first().getByRole("link").click();
    await page.getByTestId("patient-page").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(urgentPatient.name);
    await page.locator('[data-testid="chart-calendar"][data-ready="true"]').waitFor();
    const charts = page.locator('[data-testid^="chart-"][data-ready="true"]');
    await expect.poll(() => charts.count()).toBeGreaterThanOrEqual(2);
    // ECharts drew SVG with Chinese month names (zh locale).
    expect(await page.locator('[data-testid="chart-calendar"] svg text').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d{1,2}月$/)]),
    );
    expect(await page.getByTestId("adherence-30").textContent()).toContain("近 30 天");
    await page.waitForTimeout(300); // let the SVG settle for the picture (not an assertion)
    await shot("patient", true);
  });

  it("shows a diabetic patient's glucose chart with the 3.9–10.0 band, hypos marked, and time in range", async () => {
    await page.goto(`${stack.baseUrl}/`);
    const hypoRow = page.getByTestId("triage-row").filter({ hasText: "低血糖" }).first();
    await hypoRow.getByRole("link").click();
    const chart = page.locator('[data-testid="chart-glucose"][data-ready="true"]');
    await chart.waitFor();
    const texts = await chart.locator("svg text").allTextContents();
    expect(texts).toEqual(expect.arrayContaining(["目标范围 3.9–10.0", "2级低血糖 <3.0"]));
    // Hypos marked: beside the level-2 line's own label, a legend entry for the marked readings.
    expect(texts.filter((x) => /^(2级)?低血糖 <3\.[09]$/.test(x)).length).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("glucose-tir").textContent()).toMatch(/^\d+%$/);
    await page.waitForTimeout(300); // let the SVG settle for the picture (not an assertion)
    await shot("patient-glucose", true);
    await page.goto(`${stack.baseUrl}/patients/${urgentPatient.id}`);
    await page.getByTestId("patient-page").waitFor();
  });

  it("acknowledges the alert: it leaves the patient's page and the inbox records who and when", async () => {
    const open = page.getByTestId("open-alert");
    const before = await open.count();
    expect(before).toBeGreaterThan(0);
    await open.first().getByRole("button", { name: "确认已处理" }).click();
    await expect.poll(() => open.count()).toBe(before - 1);
    await page.getByRole("link", { name: /警报/ }).click();
    const acked = page.getByTestId("acked-alert").filter({ hasText: urgentPatient.name });
    await acked.first().waitFor();
    expect(await acked.first().textContent()).toContain("由 陈晓东 医生 于");
    const inbox = await apiGet("/api/v1/alerts");
    const mine = inbox.json.alerts.filter(
      (a: { patient: { id: string } }) => a.patient.id === urgentPatient.id,
    );
    expect(
      mine.some(
        (a: { acknowledged: { by: { id: string } } | null }) => a.acknowledged?.by.id === "user-doctorA",
      ),
    ).toBe(true);
    await shot("alerts");
  });

  it("edits the plan: new dose and times, history shows the change by the doctor", async () => {
    await page.goto(`${stack.baseUrl}/patients/${urgentPatient.id}`);
    const plans = page.getByTestId("plans").first();
    await plans.waitFor();
    await plans.getByRole("button", { name: "修改", exact: true }).first().click();
    const form = page.getByTestId("plan-form");
    await form.locator('input[name="dose"]').fill("10 mg");
    await form.locator('input[name="times"]').fill("08:00 20:00");
    await form.getByRole("button", { name: "保存" }).click();
    await form.waitFor({ state: "detached" });
    await expect.poll(() => plans.textContent()).toContain("10 mg");
    expect(await plans.textContent()).toContain("08:00 · 20:00");
    const summary = await apiGet(`/api/v1/patients/${urgentPatient.id}/summary?days=30`);
    const edited = summary.json.plans.find((p: { dose: string }) => p.dose === "10 mg");
    expect(edited.history.at(-1)).toMatchObject({
      dose: "10 mg",
      times: ["08:00", "20:00"],
      changedBy: "user-doctorA",
    });
  });

  it("a plan changed by someone else while the doctor edits it: 412 notice, then the edit redone on top", async () => {
    await page.goto(`${stack.baseUrl}/patients/${urgentPatient.id}`);
    const plans = page.getByTestId("plans").first();
    await plans.waitFor();
    await plans.getByRole("button", { name: "修改", exact: true }).first().click();
    const form = page.getByTestId("plan-form");
    const title = (await form.locator("h3").textContent()) ?? "";
    await form.locator('input[name="dose"]').fill("7.5 mg");
    // Meanwhile (another tab, or the patient) the evening time changes, through the API.
    const summary = await apiGet(`/api/v1/patients/${urgentPatient.id}/summary?days=7`);
    const plan = summary.json.plans.find((p: { drug: string; stoppedAt: string | null }) =>
      title.includes(p.drug),
    );
    const other = await page.request.patch(
      `${stack.baseUrl}/api/v1/patients/${urgentPatient.id}/plans/${plan.id}`,
      {
        headers: { origin: stack.baseUrl, "if-match": `"${plan.version}"` },
        data: { times: ["07:30", "19:30"] },
      },
    );
    expect(other.status()).toBe(200);
    await form.getByRole("button", { name: "保存" }).click();
    const dialog = page.getByRole("alertdialog", { name: "您编辑期间，别人已保存了修改" });
    await dialog.waitFor();
    expect(await dialog.locator("tbody").textContent()).toContain("07:30 19:30");
    await shot("plan-conflict");
    await dialog.getByRole("button", { name: "在最新内容上保存我的修改" }).click();
    await form.waitFor({ state: "detached" });
    const after = (await apiGet(`/api/v1/patients/${urgentPatient.id}/summary?days=7`)).json.plans.find(
      (p: { id: string }) => p.id === plan.id,
    );
    // Both changes stand: the doctor's dose over the other edit's times.
    expect(after).toMatchObject({ dose: "7.5 mg", times: ["07:30", "19:30"], version: plan.version + 2 });
  });

  it("sets the patient's condition: cleared, it shows as not set and in that filter; then restored", async () => {
    const before = (await apiGet(`/api/v1/patients/${urgentPatient.id}/summary?days=7`)).json.patient
      .condition;
    expect(before).not.toBeNull(); // the seed sets everyone's
    const change = async (value: string) => {
      await page.getByRole("button", { name: "修改病种" }).click();
      await page.getByLabel("选择病种").selectOption(value);
      await page.getByRole("form", { name: "修改病种" }).getByRole("button", { name: "保存" }).click();
      await page.getByRole("form", { name: "修改病种" }).waitFor({ state: "detached" });
    };
    await change("unset");
    await expect.poll(() => page.getByTestId("patient-condition").textContent()).toBe("病种：病种未填写");
    const unset = await apiGet("/api/v1/patients?condition=unset");
    expect(unset.json.map((r: { patientId: string }) => r.patientId)).toEqual([urgentPatient.id]);
    await change(before);
    await expect.poll(() => page.getByTestId("patient-condition").textContent()).not.toBe("病种：病种未填写");
    expect((await apiGet("/api/v1/patients?condition=unset")).json).toEqual([]);
  });

  it("prints a one-page report", async () => {
    await page.getByRole("link", { name: "打印报告" }).click();
    await page.getByTestId("report").waitFor();
    await page.locator('[data-testid="report-chart-calendar"][data-ready="true"]').waitFor();
    await page.waitForTimeout(300);
    await shot("report", true);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    await page.emulateMedia({ media: "screen" });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
  });

  it("switches to English", async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Triage" }).waitFor();
    try {
      // Which patient is first depends on the demo data and the alert acknowledged above; any
      // first row must carry its tier and reasons in English, and no Chinese reason text.
      const first = (await page.getByTestId("triage-row").first().textContent()) ?? "";
      expect(first).toMatch(/Urgent|Needs attention|No data|Stable/);
      expect(first).toMatch(
        /unacknowledged urgent|doses in 14 days|BP 7-day mean|no data for|glycaemia in|escalated by|cannot reach|nothing logged/,
      );
      expect(first).not.toMatch(/未处理|天内服药|天无记录/);
    } finally {
      await page.getByRole("button", { name: "中文" }).click();
      await page.getByRole("heading", { name: "患者分诊" }).waitFor();
    }
  });
});

describe("assistant A", () => {
  let called: { id: string; name: string };

  it("records a call from the worklist and escalates it", async () => {
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByLabel("邮箱").waitFor();
    await signIn("assistant.a@demo.test");
    await page.getByRole("link", { name: "随访工作单" }).click();
    const rows = page.getByTestId("worklist-row");
    await rows.first().waitFor();
    const first = rows.first();
    const link = first.getByRole("link").first();
    called = {
      name: (await link.textContent()) ?? "",
      id: ((await link.getAttribute("href")) ?? "").split("/").pop() ?? "",
    };
    await first.getByRole("button", { name: "记录通话" }).click();
    const form = first.getByTestId("call-form");
    await form.getByLabel("上报医生").check();
    await form.getByRole("textbox").fill("电话中说头晕两天，想停药");
    await shot("worklist");
    await form.getByRole("button", { name: "保存" }).click();
    // A contact starts next month's cycle: the patient leaves the list.
    await expect
      .poll(() =>
        page
          .getByTestId("worklist-row")
          .filter({ has: page.locator(`a[href="/patients/${called.id}"]`) })
          .count(),
      )
      .toBe(0);
    const calls = await apiGet(`/api/v1/patients/${called.id}/follow-ups`);
    expect(calls.json.calls[0]).toMatchObject({ outcome: "escalated", note: "电话中说头晕两天，想停药" });
    expect(calls.json.calls[0].by.name).toBe("林静 医学助理");
  });

  it("cannot edit plans (no edit controls, and the API refuses)", async () => {
    await page.goto(`${stack.baseUrl}/patients/${called.id}`);
    await page.getByTestId("patient-page").waitFor();
    expect(await page.getByRole("button", { name: "修改", exact: true }).count()).toBe(0);
    expect(await page.getByText("仅医生可修改用药方案").count()).toBe(1);
    const res = await page.request.post(`${stack.baseUrl}/api/v1/patients/${called.id}/plans`, {
      headers: { origin: stack.baseUrl },
      data: {
        id: "0194f3a0-0000-7000-8000-00000000e2e1",
        drug: "x",
        dose: "1",
        times: ["08:00"],
        startDate: "2026-01-01",
      },
    });
    expect(res.status()).toBe(403);
  });

  it("the escalation shows on doctor A's triage list", async () => {
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByLabel("邮箱").waitFor();
    await signIn("doctor.a@demo.test");
    const row = page
      .getByTestId("triage-row")
      .filter({ has: page.locator(`a[href="/patients/${called.id}"]`) });
    await page.getByRole("searchbox").fill(called.name);
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain("助理已上报");
  });
});

describe("doctor B", () => {
  it("gets a not-found page for clinic A's patient, and the API answers 404", async () => {
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByLabel("邮箱").waitFor();
    await signIn("doctor.b@demo.test");
    await page.getByTestId("triage-row").first().waitFor();
    await page.goto(`${stack.baseUrl}/patients/${urgentPatient.id}`);
    await page.getByTestId("not-found").waitFor();
    expect(await page.getByTestId("not-found").textContent()).toContain("未找到该患者");
    expect(await page.getByText(urgentPatient.name).count()).toBe(0);
    expect((await apiGet(`/api/v1/patients/${urgentPatient.id}/summary`)).status).toBe(404);
    await shot("doctor-b-not-found");
  });

  it("threw no script errors on any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
