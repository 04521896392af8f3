// Headless Debian Chromium through playwright-core (no browser download: docs/toolchain.md).
// Playwright gives each launch a fresh temporary profile (as docs/toolchain.md asks).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

export const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");

export async function launchBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A phone-sized page (390×844, zh-CN) as the mini-program's H5 tests use it: a patient's screen.
 * Page errors are collected into `errors` so a test can assert there were none.
 */
export async function phonePage(browser: Browser, errors: string[] = [], prefix = "") {
  const page = await browser.newPage({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: "zh-CN",
  });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => errors.push(`${prefix}${e.message}`));
  return page;
}

/**
 * Signs `page` in to the portal of the stack at `baseUrl` as a demo account (its password unless
 * told), from `/login` or another page that shows the sign-in form, and waits for the answer.
 */
export async function signInPortal(
  page: Page,
  stack: { baseUrl: string; password: string },
  email: string,
  opts: { password?: string; from?: string } = {},
) {
  await page.goto(`${stack.baseUrl}${opts.from ?? "/login"}`);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(opts.password ?? stack.password);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/login")),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
}
