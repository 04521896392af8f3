// The rep's onboarding in real Chromium against the real server and demo data: the rep signs in,
// creates a clinic, records its agreement, invites a doctor; the doctor accepts (sets a password)
// and signs in; the rep prints the A4 poster (screenshot and one-page PDF); a patient enrols with
// that code through the API; the rep's dashboard shows the clinic with its first patient as "<5".
// Then the manager's programme dashboard. Screenshots go to tests/artifacts/programme-*.png.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPortal } from "../bench/portal-build";
import { ARTIFACTS, launchBrowser, signInPortal } from "../support/browser";
import { type Stack, startStack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let rep: { context: BrowserContext; page: Page };
const pageErrors: string[] = [];
const DOCTOR = { email: "zhao.ming@huaxi.example.cn", name: "赵明", password: "huaxi-zhao-2026" };
let clinicUrl = "";
let inviteLink = "";
let code = "";

async function open(viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return { context, page };
}

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(ARTIFACTS, `programme-${name}.png`), fullPage });

beforeAll(async () => {
  buildPortal();
  stack = await startStack({ patients: 20 });
  browser = await launchBrowser();
  rep = await open();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("a rep onboards a clinic", () => {
  it("signs in and lands on their clinics, not on a patient list", async () => {
    await signInPortal(rep.page, stack, "rep@demo.test");
    await rep.page.getByTestId("rep-home").waitFor();
    expect(new URL(rep.page.url()).pathname).toBe("/programme");
    const table = rep.page.getByTestId("rep-clinics");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    expect(await table.textContent()).toContain("北京协和医院");
    // The rep's session cannot reach patient data.
    const patients = await rep.page.request.get(`${stack.baseUrl}/api/v1/patients`);
    expect(patients.status()).toBe(403);
    await shot(rep.page, "rep-home", true);
  });

  it("creates a clinic and records its signed agreement", async () => {
    const form = rep.page.getByRole("form", { name: "新建诊所" });
    await form.getByLabel("医院", { exact: true }).fill("四川大学华西医院");
    await form.getByLabel("科室", { exact: true }).fill("心内科");
    await form.getByLabel("城市", { exact: true }).fill("成都");
    await form.getByLabel("医院级别").selectOption("三级");
    await form.getByRole("button", { name: "创建诊所" }).click();
    await rep.page.getByTestId("clinic-page").waitFor();
    clinicUrl = rep.page.url();
    expect(await rep.page.getByRole("heading", { level: 1 }).textContent()).toBe("四川大学华西医院 心内科");
    expect(await rep.page.getByTestId("stage").locator("[aria-current=step]").textContent()).toContain(
      "已创建",
    );

    const agreement = rep.page.getByTestId("agreement");
    await agreement.getByLabel("签署日期").fill("2026-11-18");
    await agreement.getByLabel("协议编号").fill("HX-2026-041");
    await agreement.getByRole("button", { name: "记录协议" }).click();
    await expect.poll(() => agreement.textContent()).toContain("编号 HX-2026-041");
  });

  it("invites a doctor: the invite waits for approval and the rep never sees a link", async () => {
    const team = rep.page.getByTestId("team");
    await team.getByLabel("邮箱").fill(DOCTOR.email);
    await team.getByLabel("姓名").fill(DOCTOR.name);
    await team.getByLabel("角色").selectOption("doctor");
    const [answer] = await Promise.all([
      rep.page.waitForResponse((r) => r.url().endsWith("/invites") && r.request().method() === "POST"),
      team.getByRole("button", { name: "发送邀请" }).click(),
    ]);
    expect(await answer.text()).not.toMatch(/\/invite\//);
    await expect.poll(() => rep.page.getByTestId("invite-submitted").textContent()).toContain("批准后");
    await expect.poll(() => team.textContent()).not.toMatch(/\/invite\//);
    await expect
      .poll(() => rep.page.getByTestId("stage").locator("[aria-current=step]").textContent())
      .toContain("已邀请医生");
    await shot(rep.page, "clinic-invited", true);
  });

  it("a platform admin approves it in the portal; the link reaches the invitee's (dev) outbox", async () => {
    const admin = await open();
    await signInPortal(admin.page, stack, "admin@demo.test");
    await admin.page.getByRole("link", { name: "待批准邀请" }).click();
    const table = admin.page.getByTestId("invite-approvals");
    await expect.poll(() => table.textContent()).toContain(DOCTOR.email);
    await shot(admin.page, "invite-approvals", true);
    await table.getByRole("button", { name: "批准并发送" }).click();
    await expect.poll(() => table.getByRole("status").textContent()).toContain(DOCTOR.email);
    await admin.page.goto(`${stack.baseUrl}/api/v1/dev/outbox.html`);
    const body = (await admin.page.locator("body").textContent()) ?? "";
    inviteLink = new RegExp(`${stack.baseUrl}/invite/[\\w-]{40,}`).exec(body)?.[0] ?? "";
    expect(inviteLink).not.toBe("");
    await shot(admin.page, "dev-outbox", true);
    await admin.context.close();
  });
});

describe("the doctor", () => {
  it("accepts the invite by setting a password, then signs in to the clinician portal", async () => {
    const doctor = await open({ width: 1280, height: 900 });
    await doctor.page.goto(inviteLink);
    const form = doctor.page.getByTestId("invite-form");
    await form.waitFor();
    expect(await form.textContent()).toContain("四川大学华西医院 心内科 邀请您以医生身份加入");
    await form.getByLabel("您的姓名").fill(`${DOCTOR.name} 医生`);
    await form.getByLabel("设置密码").fill(DOCTOR.password);
    await form.getByLabel("再次输入密码").fill("not-the-same-1");
    await form.getByRole("button", { name: "接受邀请" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toContain("不一致");
    await form.getByLabel("再次输入密码").fill(DOCTOR.password);
    await form.getByRole("button", { name: "接受邀请" }).click();
    await doctor.page.getByTestId("invite-done").waitFor();
    await shot(doctor.page, "invite-accepted");

    // The link works once.
    const again = await doctor.page.request.get(
      `${stack.baseUrl}/api/v1/invites/${inviteLink.split("/invite/")[1]}`,
    );
    expect(again.status()).toBe(410);

    await doctor.page.getByRole("link", { name: "去登录" }).click();
    await doctor.page.getByLabel("邮箱").fill(DOCTOR.email);
    await doctor.page.getByLabel("密码").fill(DOCTOR.password);
    await doctor.page.getByRole("button", { name: "登录", exact: true }).click();
    await doctor.page.getByRole("heading", { name: "患者分诊" }).waitFor();
    expect(new URL(doctor.page.url()).pathname).toBe("/");
    await doctor.context.close();
  });
});

describe("the poster", () => {
  it("the rep prints an A4 poster with the doctor's QR and zh-CN steps for patients", async () => {
    await rep.page.goto(clinicUrl);
    await expect
      .poll(() => rep.page.getByTestId("stage").locator("[aria-current=step]").textContent())
      .toContain("医生已加入");
    const codes = rep.page.getByTestId("codes");
    code = ((await codes.locator("code").first().textContent()) ?? "").trim();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await codes.textContent()).toContain("赵明 医生");

    // A4 at 96 dpi is 794 × 1123 CSS px: the poster fills exactly that.
    await rep.page.setViewportSize({ width: 794, height: 1123 });
    await codes.getByRole("link", { name: "打印海报" }).click();
    const poster = rep.page.getByTestId("poster");
    await poster.waitFor();
    const img = poster.locator("img");
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
      .toBe(true);
    const text = (await poster.textContent()) ?? "";
    for (const s of [
      "扫码加入稳稳用药提醒",
      "赵明 医生",
      "四川大学华西医院 心内科",
      "扫一扫",
      "知情同意",
      code,
    ]) {
      expect(text).toContain(s);
    }
    const box = await poster.boundingBox();
    expect(Math.round(box?.width ?? 0)).toBe(794);
    expect(Math.round(box?.height ?? 0)).toBe(1123);
    // The QR is big enough to scan from a metre away (≥ 90 mm ≈ 340 px) and fully on the page.
    const qr = await img.boundingBox();
    expect(qr?.width ?? 0).toBeGreaterThan(340);
    expect((qr?.y ?? 0) + (qr?.height ?? 0)).toBeLessThan((box?.y ?? 0) + (box?.height ?? 0));
    await poster.screenshot({ path: join(ARTIFACTS, "programme-poster.png") });

    // Printed: one A4 page.
    await rep.page.emulateMedia({ media: "print" });
    const pdf = await rep.page.pdf({ preferCSSPageSize: true, printBackground: true });
    await rep.page.emulateMedia({ media: "screen" });
    writeFileSync(join(ARTIFACTS, "programme-poster.pdf"), pdf);
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
    // A4 in PDF points: 595 × 842.
    expect(Math.round(Number(mediaBox?.[1]))).toBe(595);
    expect(Math.round(Number(mediaBox?.[2]))).toBe(842);
    await rep.page.setViewportSize({ width: 1366, height: 900 });
  });
});

describe("a patient enrols with the poster's code", () => {
  it("via the API (WeChat login in dev mode, then enrol with consent)", async () => {
    const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
      fetch(`${stack.baseUrl}${path}`, {
        method: init.method ?? "GET",
        headers: {
          "content-type": "application/json",
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });
    const login = await api("/api/v1/auth/wechat", {
      method: "POST",
      body: { code: "dev:huaxi-first-patient" },
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const info = (await (await api(`/api/v1/enrol/${code}`, { token })).json()) as {
      programme: { consentVersion: string };
      doctor: { name: string };
    };
    expect(info.doctor.name).toBe("赵明 医生");
    const enrol = await api("/api/v1/enrol", {
      method: "POST",
      token,
      body: {
        code,
        consent: { version: info.programme.consentVersion, accepted: true },
        profile: { name: "王秀英", birthYear: 1956, sex: "female" },
      },
    });
    expect(enrol.status).toBe(201);
  });

  it("the rep's dashboard shows the clinic with its first patient, as <5", async () => {
    await rep.page.goto(`${stack.baseUrl}/programme`);
    const row = rep.page.locator("tr", { hasText: "四川大学华西医院 心内科" });
    await row.waitFor();
    expect(await row.locator("[data-col=enrolled]").textContent()).toBe("<5");
    expect(await row.textContent()).toContain("首位患者已入组");
    // Nothing about the patient reaches the rep's page.
    expect(await rep.page.content()).not.toContain("王秀英");
    await shot(rep.page, "rep-dashboard", true);
    await row.getByRole("link").click();
    await rep.page.getByTestId("clinic-results").waitFor();
    expect(await rep.page.getByTestId("clinic-enrolled").textContent()).toBe("<5");
    await shot(rep.page, "clinic-first-patient", true);
  });
});

describe("the programme manager", () => {
  it("sees enrolment against target, adherence against baseline and target, regions and cohorts", async () => {
    const manager = await open({ width: 1440, height: 900 });
    await signInPortal(manager.page, stack, "manager@demo.test");
    const dash = manager.page.getByTestId("programme-dashboard");
    await dash.waitFor();
    const kpis = await manager.page.getByTestId("kpis").textContent();
    expect(kpis).toContain("目标 2000 人");
    expect(kpis).toContain("基线 65%，目标 80%");
    await expect
      .poll(() => manager.page.getByTestId("enrolment-chart").getAttribute("data-ready"))
      .toBe("true");
    expect(await manager.page.getByTestId("regions").textContent()).toContain("西南");
    expect(await manager.page.getByTestId("clinics").textContent()).toContain("四川大学华西医院 心内科");
    expect(await manager.page.content()).not.toContain("王秀英");
    const csv = await manager.page.request.get(`${stack.baseUrl}/api/v1/reports/programme.csv?table=clinics`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain("四川大学华西医院 心内科");
    await shot(manager.page, "manager-dashboard", true);
    // A manager cannot open patient routes either.
    expect((await manager.page.request.get(`${stack.baseUrl}/api/v1/patients`)).status()).toBe(403);
    await manager.context.close();
  });

  it("no page threw", () => {
    expect(pageErrors).toEqual([]);
  });
});
