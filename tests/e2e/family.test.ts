// Family follow (亲情关注) in real Chromium, on the mini-program's H5 build against the real API:
// the patient invites a family member with a consent of its own, the family member (a second dev
// login, in a browser profile of their own) accepts and sees today's doses, the patient revokes,
// and the family member's view is gone on the next read.
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS, launchBrowser } from "../support/browser";
import { type Stack, startStack } from "../support/stack";
import { buildH5, serveMiniapp } from "./miniapp-server";

let stack: Stack;
let web: Awaited<ReturnType<typeof serveMiniapp>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const contexts: BrowserContext[] = [];
let mum: Page;
let daughter: Page;
const mumName = `e2e-mum-${process.pid}`;
const daughterName = `e2e-daughter-${process.pid}`;
const pageErrors: string[] = [];
let inviteCode = "";
let linkId = "";

async function api(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
}
const login = async (name: string) =>
  (await api("POST", "/auth/wechat", null, { code: `dev:${name}` })).json.token as string;

/** A phone of its own (its own storage, so its own login). */
async function phone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return page;
}

beforeAll(async () => {
  buildH5();
  stack = await startStack({ patients: 3 });
  web = await serveMiniapp(stack.baseUrl);
  browser = await launchBrowser();
  // The patient enrols and keeps a plan with a dose every day at 00:01 and 23:59, so today always
  // lists two (enrolment itself is covered by miniapp.test.ts).
  const token = await login(mumName);
  const enrol = await api("POST", "/enrol", token, {
    code: stack.codes.clinicA,
    consent: { version: "2026-01", accepted: true },
    profile: { name: "王秀英", birthYear: 1950, sex: "female" },
  });
  expect(enrol.status).toBe(201);
  // Started yesterday: a plan started on the day it is entered has no doses before its entry
  // (shared/slots entryFloor), and this one must list both of today's.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(
    new Date(Date.now() - 24 * 3600_000),
  );
  const plan = await api("POST", "/me/plans", token, {
    id: crypto.randomUUID(),
    drug: "氨氯地平片",
    dose: "5 mg",
    times: ["00:01", "23:59"],
    startDate: today,
  });
  expect(plan.status).toBe(201);
  mum = await phone();
  daughter = await phone();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await web?.close();
  await stack?.stop();
});

const byId = (p: Page, testId: string) => p.locator(`[data-testid="${testId}"]:visible`);
const input = (p: Page, name: string) =>
  p.locator(`#f-${name} input:visible, input#f-${name}:visible`).first();
const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `family-${name}.png`) });
/** Waits until the element shows `text` (pages fill in after their API calls answer). */
const showing = (p: Page, testId: string, text: string) =>
  byId(p, testId).filter({ hasText: text }).first().waitFor();

it("the patient invites a family member, with a consent of its own", async () => {
  await mum.goto(`${web.url}/?dev=${mumName}#/packages/family/manage`);
  await byId(mum, "invite-form").waitFor();
  await showing(mum, "followers", "还没有家人关注您");
  // Share doses only.
  await byId(mum, "share-bp").click();
  await byId(mum, "share-glucose").click();
  await byId(mum, "invite-create").click();
  await expect(byId(mum, "invite-error").textContent()).resolves.toContain("勾选同意");
  await byId(mum, "family-consent").click();
  await byId(mum, "invite-create").click();
  inviteCode = ((await byId(mum, "invite-code").textContent()) ?? "").trim();
  expect(inviteCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  await showing(mum, "follower-row", inviteCode);
  await byId(mum, "invite-code").scrollIntoViewIfNeeded();
  await shot(mum, "1-invite");
});

it("the family member opens the invite with their own login and sees today's doses, nothing else", async () => {
  await daughter.goto(`${web.url}/?dev=${daughterName}#/packages/family/accept?code=${inviteCode}`);
  await showing(daughter, "invite-preview", "王** 邀请您关注");
  await input(daughter, "label").fill("女儿 小丽");
  await shot(daughter, "2-accept");
  await byId(daughter, "invite-accept").click();

  await showing(daughter, "family-view", "王秀英");
  const doses = byId(daughter, "family-dose");
  await expect.poll(() => doses.count(), { timeout: 15_000 }).toBe(2);
  await expect(doses.first().textContent()).resolves.toContain("氨氯地平片");
  // BP and glucose are not shared: said so, and no reading shows.
  await expect(byId(daughter, "not-shared").allTextContents()).resolves.toEqual([
    "对方没有分享血压。",
    "对方没有分享血糖。",
  ]);
  // Read-only: nothing to take, log or edit.
  await expect(byId(daughter, "take").count()).resolves.toBe(0);
  await shot(daughter, "3-view");

  // The patient sees who follows, in the family member's words.
  await mum.reload();
  await showing(mum, "follower-row", "女儿 小丽 正在关注");
  const token = await login(daughterName);
  const following = await api("GET", "/family/following", token);
  linkId = (following.json.following as Array<{ id: string }>)[0]?.id ?? "";
  expect((await api("GET", `/family/following/${linkId}`, token)).status).toBe(200);
});

it("the patient revokes; the family member's view is gone on the next read", async () => {
  await byId(mum, "revoke").first().click();
  await byId(mum, "revoke-confirm").waitFor();
  await byId(mum, "revoke-yes").click();
  await showing(mum, "family-note", "看不到了");
  // The list re-renders after the revoke answer: wait for the row to go, not for a fixed time.
  await expect.poll(() => byId(mum, "follower-row").count(), { timeout: 15_000 }).toBe(0);
  await shot(mum, "4-revoked");

  await daughter.reload();
  await byId(daughter, "family-gone").waitFor();
  await expect(byId(daughter, "family-view").count()).resolves.toBe(0);
  await expect(daughter.locator("body").textContent()).resolves.not.toContain("氨氯地平片");
  await shot(daughter, "5-gone");
  const token = await login(daughterName);
  expect((await api("GET", `/family/following/${linkId}`, token)).status).toBe(404);
  expect(pageErrors).toEqual([]);
});
