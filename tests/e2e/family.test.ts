// Family follow (亲情关注) in real Chromium, on the mini-program's H5 build against the real API:
// the patient invites a family member with a consent of its own, the family member (a second dev
// login, in a browser profile of their own) accepts and sees today's doses, the patient revokes,
// and the family member's view is gone on the next read.
import { join } from "node:path";
import { localDateOf } from "@steady/shared";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ARTIFACTS } from "../support/browser";
import { enrolByApi, stackApi } from "../support/stack";
import { type MiniappStack, startMiniappStack } from "./miniapp-server";

let h5: MiniappStack;
let api: ReturnType<typeof stackApi>;
const contexts: BrowserContext[] = [];
let mum: Page;
let daughter: Page;
const mumName = `e2e-mum-${process.pid}`;
const daughterName = `e2e-daughter-${process.pid}`;
const pageErrors: string[] = [];
let inviteCode = "";
let linkId = "";

const login = async (name: string) =>
  (await api("POST", "/auth/wechat", { body: { code: `dev:${name}` } })).json.token as string;

/** A phone of its own (its own storage, so its own login). */
async function phone() {
  const context = await h5.browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return page;
}

beforeAll(async () => {
  h5 = await startMiniappStack();
  api = stackApi(h5.stack);
  // The patient enrols and keeps a plan with a dose every day at 00:01 and 23:59, so today always
  // lists two (enrolment itself is covered by miniapp.test.ts).
  const { token } = await enrolByApi(h5.stack, mumName, { name: "王秀英", birthYear: 1950, sex: "female" });
  // Started yesterday: a plan started on the day it is entered has no doses before its entry
  // (shared/slots entryFloor), and this one must list both of today's.
  const plan = await api("POST", "/me/plans", {
    token,
    body: {
      id: crypto.randomUUID(),
      drug: "氨氯地平片",
      dose: "5 mg",
      times: ["00:01", "23:59"],
      startDate: localDateOf(Date.now() - 24 * 3600_000, "Asia/Shanghai"),
    },
  });
  expect(plan.status).toBe(201);
  mum = await phone();
  daughter = await phone();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await h5?.stop();
});

const byId = (p: Page, testId: string) => p.locator(`[data-testid="${testId}"]:visible`);
const input = (p: Page, name: string) =>
  p.locator(`#f-${name} input:visible, input#f-${name}:visible`).first();
const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `family-${name}.png`) });
/** Waits until the element shows `text` (pages fill in after their API calls answer). */
const showing = (p: Page, testId: string, text: string) =>
  byId(p, testId).filter({ hasText: text }).first().waitFor();

it("the patient invites a family member, with a consent of its own", async () => {
  await mum.goto(`${h5.web.url}/?dev=${mumName}#/packages/family/manage`);
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
  await daughter.goto(`${h5.web.url}/?dev=${daughterName}#/packages/family/accept?code=${inviteCode}`);
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
  const following = await api("GET", "/family/following", { token });
  linkId = (following.json.following as Array<{ id: string }>)[0]?.id ?? "";
  expect((await api("GET", `/family/following/${linkId}`, { token })).status).toBe(200);
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
  expect((await api("GET", `/family/following/${linkId}`, { token })).status).toBe(404);
  expect(pageErrors).toEqual([]);
});
