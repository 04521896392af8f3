// The security headers hold in a real browser (issue 11): the portal (sign-in, triage, a patient
// page, a programme page), the dev outbox page and the mini-program's H5 build load and work under
// their Content-Security-Policy with no violation reported — every `securitypolicyviolation` event
// and console error is collected and must be empty. Also: pages cannot be framed, and the Node
// server gives /m/ (the H5 build) and the portal the same headers. On the way, a rep's invite to
// clinic A is approved by clinic A's doctor on the portal's invite approvals page.

import { PAGE_CSP } from "@steady/worker/security-headers";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInPortal } from "../support/browser";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
const problems: string[] = [];

beforeAll(async () => {
  h5 = await startMiniappStack({ patients: 20, portal: true });
});

afterAll(() => h5?.stop());

/** A page that records CSP violations (DOM events, from the first script on) and console errors. */
async function watchedPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await h5.browser.newPage({ viewport, locale: "zh-CN" });
  page.setDefaultTimeout(20_000);
  await page.exposeFunction("__reportCsp", (what: string) => problems.push(`violation: ${what}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCsp: (s: string) => void }).__reportCsp(
        `${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  // Chromium reports each blocked load or inline script on the console as well.
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return page;
}

describe("the Node server's page headers", () => {
  it.each(["/", "/login", "/patients/x", "/programme", "/m/"])(
    "%s has the CSP, nosniff and no-referrer",
    async (path) => {
      const res = await fetch(`${h5.stack.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const csp = res.headers.get("content-security-policy") ?? "";
      // The portal has no inline script; the H5 template's one is allowed by its hash only.
      if (path === "/m/") expect(csp).toMatch(/script-src 'self' 'sha256-[\w+/=]+'; /);
      else expect(csp).toBe(PAGE_CSP);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    },
  );

  it("static assets are nosniff too", async () => {
    const html = await (await fetch(`${h5.stack.baseUrl}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await fetch(`${h5.stack.baseUrl}${script}`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("no CSP violation in Chromium", () => {
  it("portal: sign-in, triage, a patient page with charts", async () => {
    const page = await watchedPage();
    await signInPortal(page, h5.stack, "doctor.a@demo.test");
    const rows = page.getByTestId("triage-row");
    await rows.first().waitFor();
    await rows.first().getByRole("link").click();
    await page.locator('[data-testid^="chart-"][data-ready="true"]').first().waitFor(); // the charts drew
    await page.waitForLoadState("networkidle");
    await page.goto(`${h5.stack.baseUrl}/invites`);
    await page.getByTestId("invite-approvals").waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("portal: a programme page (rep's clinic with its chart) and the dev outbox page", async () => {
    const page = await watchedPage();
    await signInPortal(page, h5.stack, "rep@demo.test");
    await page.getByTestId("rep-clinics").locator("tbody tr a").first().click();
    await page.getByTestId("clinic-page").waitFor();
    await page.waitForLoadState("networkidle");
    await page.goto(`${h5.stack.baseUrl}/api/v1/dev/outbox.html`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    // The rep invites someone to clinic A: it waits for clinic A's doctor (next test).
    const clinics = (await (await page.request.get(`${h5.stack.baseUrl}/api/v1/clinics`)).json()) as {
      id: string;
      name: string;
    }[];
    const codes = (await (await page.request.get(`${h5.stack.baseUrl}/api/v1/codes`)).json()) as {
      code: string;
      clinicId: string;
    }[];
    const clinicA = codes.find((k) => k.code === h5.stack.codes.clinicA)?.clinicId ?? clinics[0]?.id;
    const invite = await page.request.post(`${h5.stack.baseUrl}/api/v1/clinics/${clinicA}/invites`, {
      data: { email: "new.doctor@clinic-a.test", role: "doctor", name: "新医生" },
      headers: { origin: h5.stack.baseUrl },
    });
    expect(invite.status()).toBe(201);
    expect((await invite.json()).status).toBe("pending_approval");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("portal: clinic A's doctor approves the rep's invite on the invite approvals page", async () => {
    const page = await watchedPage();
    await signInPortal(page, h5.stack, "doctor.a@demo.test");
    await page.getByTestId("triage-row").first().waitFor();
    await page.getByRole("link", { name: "邀请审批" }).click();
    const list = page.getByTestId("invite-approvals");
    await expect.poll(() => list.textContent()).toContain("new.doctor@clinic-a.test");
    await list.getByRole("button", { name: "批准并发送" }).click();
    await expect.poll(() => list.getByRole("status").textContent()).toContain("new.doctor@clinic-a.test");
    await expect.poll(() => list.textContent()).toContain("没有待批准的邀请");
    const outbox = (await (await page.request.get(`${h5.stack.baseUrl}/api/v1/dev/outbox`)).json()) as {
      messages: { to: string; body: string }[];
    };
    expect(outbox.messages.find((m) => m.to === "new.doctor@clinic-a.test")?.body).toContain(
      `${h5.stack.baseUrl}/invite/`,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it("mini-program H5 build: enrol page and today page", async () => {
    const page = await watchedPage({ width: 390, height: 844 });
    const main = await page.goto(
      `${h5.web.url}/?dev=csp-check&scene=${h5.stack.codes.clinicA}#/pages/enrol/index`,
    );
    expect(main?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.locator('[data-testid="enrol-doctor"]:visible').waitFor();
    await page.goto(`${h5.web.url}/?dev=csp-check#/pages/me/index`);
    await page.waitForLoadState("networkidle");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a page cannot be framed by another site", async () => {
    const page = await watchedPage();
    await page.setContent(
      `<iframe src="${h5.stack.baseUrl}/login" style="width:400px;height:300px"></iframe>`,
    );
    await page.waitForTimeout(1_000);
    const frame = page.frames().find((f) => f.url().startsWith(h5.stack.baseUrl));
    const content = frame ? await frame.evaluate(() => document.body?.textContent ?? "").catch(() => "") : "";
    expect(content).not.toContain("登录");
    // Chromium says why: the refusal is the one problem this page may report.
    expect(problems.some((p) => p.includes("frame-ancestors"))).toBe(true);
    problems.length = 0;
    await page.close();
  });
});
