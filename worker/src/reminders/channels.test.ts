// Channel choice per slot (docs/product.md): WeChat while quota lasts, then SMS with phone and
// consent, else nobody — recorded with the reason, and the patient shown to their doctor as
// unreachable. End to end over the real app, the fake WeChat server and the fake Tencent SMS
// server (which checks every request's TC3 signature).
import { SMS_CONSENT_VERSION } from "@steady/shared";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSms, startFakeSms } from "../../../tests/fakes/sms-server";
import { reminderChannels, reminderSends, subscriptionQuota } from "../db/schema";
import { createSmsClient } from "../sms/client";
import { tencentSmsSender } from "../sms/sender";
import { SMS_TEXTS } from "../sms/templates";
import { chooseChannel } from "./channels";
import { DOSE_TPL, deliveredTo, type Harness, makeHarness, uuid } from "./harness.test-support";
import { unreachablePatients } from "./unreachable";

const MIN = 60_000;
const HOUR = 60 * MIN;
const SH_0800 = Date.parse("2026-11-20T00:00:00Z"); // 08:00 in Shanghai (UTC+8)
const BEFORE = Date.parse("2026-11-19T12:00:00Z"); // 20:00 the evening before
const SMS_IDS = { dose: "3000001", follow_up: "3000002" };

const smsAvailable = { has: () => true };

describe("chooseChannel", () => {
  it("WeChat while the patient has quota, whatever else is set", () => {
    expect(
      chooseChannel({
        wechat: "quota",
        smsPurpose: "dose",
        contact: { phone: "+8613800000001", consent: true },
        sms: smsAvailable,
      }),
    ).toEqual({ channel: "wechat", wechat: "quota", sms: "not_needed" });
  });

  it("SMS when WeChat quota is exhausted, only with a phone number AND SMS consent", () => {
    const contact = { phone: "+8613800000001", consent: true };
    expect(chooseChannel({ wechat: "no_quota", smsPurpose: "dose", contact, sms: smsAvailable })).toEqual({
      channel: "sms",
      wechat: "no_quota",
      sms: "sent",
    });
    expect(
      chooseChannel({
        wechat: "no_quota",
        smsPurpose: "dose",
        contact: { ...contact, consent: false },
        sms: smsAvailable,
      }),
    ).toEqual({ channel: "none", wechat: "no_quota", sms: "no_consent" });
    expect(
      chooseChannel({ wechat: "no_quota", smsPurpose: "dose", contact: undefined, sms: smsAvailable }),
    ).toEqual({
      channel: "none",
      wechat: "no_quota",
      sms: "no_phone",
    });
  });

  it("none when SMS is not set up (or has no template for the message), and never SMS for a tip", () => {
    const contact = { phone: "+8613800000001", consent: true };
    expect(chooseChannel({ wechat: "no_quota", smsPurpose: "dose", contact, sms: null }).sms).toBe(
      "unavailable",
    );
    expect(
      chooseChannel({ wechat: "no_quota", smsPurpose: "dose", contact, sms: { has: () => false } }).sms,
    ).toBe("unavailable");
    expect(chooseChannel({ wechat: "refused", smsPurpose: null, contact, sms: smsAvailable })).toEqual({
      channel: "none",
      wechat: "refused",
      sms: "not_for_tips",
    });
  });
});

let h: Harness;
let fakeSms: FakeSms;
afterEach(async () => {
  await h?.close();
  await fakeSms?.close();
});

async function setup(over: { secretKey?: string; dailyLimitPerNumber?: number } = {}) {
  h = await makeHarness(BEFORE);
  fakeSms = await startFakeSms({
    templates: { [SMS_IDS.dose]: SMS_TEXTS.dose, [SMS_IDS.follow_up]: SMS_TEXTS.follow_up },
    // Tencent checks the signed timestamp against its clock: the fake's is the test's clock.
    now: () => h.t.now,
    ...(over.dailyLimitPerNumber ? { dailyLimitPerNumber: over.dailyLimitPerNumber } : {}),
  });
  h.sms = tencentSmsSender(
    createSmsClient({
      baseUrl: fakeSms.baseUrl,
      secretId: fakeSms.secretId,
      secretKey: over.secretKey ?? fakeSms.secretKey,
      region: "ap-guangzhou",
      sdkAppId: fakeSms.sdkAppId,
      signName: fakeSms.signName,
      clock: () => h.t.now,
    }),
    SMS_IDS,
  );
}

/** The patient's SMS settings through the API, as the mini-program's "My data" sends them. */
async function smsConsent(token: string, phone: string | null, accepted: boolean) {
  if (phone === null) return;
  const r = await h.t.call("PUT", "/api/v1/me/sms", {
    token,
    body: { phone, consent: { version: SMS_CONSENT_VERSION, accepted } },
  });
  expect(r.status).toBe(200);
}

const channelsOf = (patientId: string) =>
  h.t.db.select().from(reminderChannels).where(eq(reminderChannels.patientId, patientId));
const sendsOf = (patientId: string) =>
  h.t.db.select().from(reminderSends).where(eq(reminderSends.patientId, patientId));

describe("the scheduler picks the channel per slot", () => {
  it("quota left → WeChat; exhausted + phone + consent → SMS; no consent / no phone → nobody, with the reason", async () => {
    await setup();
    const plan = { times: ["08:00"], startDate: "2026-11-20", drug: "缬沙坦", dose: "80 mg" };
    const wx = await h.patient("wx", plan, { subscribe: 1 });
    const sms = await h.patient("sms", plan);
    const noConsent = await h.patient("noconsent", plan);
    const noPhone = await h.patient("nophone", plan);
    await smsConsent(wx.token, "13800000001", true); // has both: WeChat still goes first
    await smsConsent(sms.token, "13800000002", true);
    await smsConsent(noConsent.token, "13800000003", false);

    h.t.setNow(SH_0800 + 30_000); // 08:00:30
    const report = await h.run();
    expect(report).toMatchObject({ sent: 1, sms: 1, noQuota: 2, failed: 0 });

    expect(deliveredTo(h.fake, wx.openid)).toHaveLength(1);
    // One SMS, to the consenting patient only, neutral: the time, no drug name.
    expect(fakeSms.delivered.map((d) => [d.phoneNumber, d.text])).toEqual([
      ["+8613800000002", "【稳稳健康】您设置的08:00用药提醒时间到了，请按时用药。"],
    ]);
    expect(fakeSms.delivered[0]?.text).not.toContain("缬沙坦");

    const row = async (p: { patientId: string }) => {
      const [send] = await sendsOf(p.patientId);
      const [ch] = await channelsOf(p.patientId);
      return { status: send?.status, channel: send?.channel, choice: [ch?.channel, ch?.wechat, ch?.sms] };
    };
    expect(await row(wx)).toEqual({
      status: "sent",
      channel: "wechat",
      choice: ["wechat", "quota", "not_needed"],
    });
    expect(await row(sms)).toEqual({ status: "sent", channel: "sms", choice: ["sms", "no_quota", "sent"] });
    expect(await row(noConsent)).toEqual({
      status: "no_quota",
      channel: "none",
      choice: ["none", "no_quota", "no_consent"],
    });
    expect(await row(noPhone)).toEqual({
      status: "no_quota",
      channel: "none",
      choice: ["none", "no_quota", "no_phone"],
    });
    const [smsRow] = await channelsOf(sms.patientId);
    expect(smsRow?.providerCode).toBe("Ok");
    expect(smsRow?.providerRef).toMatch(/^2028:/);

    // The doctor sees exactly the two nobody reached, with the reason.
    const unreachable = await unreachablePatients(
      h.t.db,
      [wx, sms, noConsent, noPhone].map((p) => p.patientId),
    );
    expect([...unreachable.keys()].sort()).toEqual([noConsent.patientId, noPhone.patientId].sort());
    expect(unreachable.get(noPhone.patientId)).toEqual({
      since: new Date(SH_0800 + 30_000).toISOString(),
      wechat: "no_quota",
      sms: "no_phone",
    });

    // Nothing goes twice: a later run in the window sends nothing more by either channel.
    h.t.setNow(SH_0800 + 5 * MIN);
    await h.run();
    expect(fakeSms.delivered).toHaveLength(1);
    expect(deliveredTo(h.fake, wx.openid)).toHaveLength(1);

    // Consent given afterwards, or a WeChat acceptance, takes a patient off the list at once.
    await smsConsent(noConsent.token, "13800000003", true);
    h.fake.subscribe(noPhone.openid, DOSE_TPL, 1);
    await h.t.call("POST", "/api/v1/me/subscriptions", {
      token: noPhone.token,
      body: { id: uuid(), templateId: DOSE_TPL, result: "accept" },
    });
    expect((await unreachablePatients(h.t.db, [noConsent.patientId, noPhone.patientId])).size).toBe(0);
  });

  it("uses up the WeChat quota the patient has, then falls back to SMS for the next slot", async () => {
    await setup();
    const p = await h.patient(
      "twice",
      { times: ["08:00", "20:00"], startDate: "2026-11-20" },
      { subscribe: 1 },
    );
    await smsConsent(p.token, "13800000004", true);
    h.t.setNow(SH_0800 + 30_000);
    expect(await h.run()).toMatchObject({ sent: 1, sms: 0 });
    h.t.setNow(SH_0800 + 12 * HOUR + 30_000); // 20:00:30
    // (The 08:00 follow-up fell at 09:00, before this run's window: only the 20:00 reminder is due.)
    expect(await h.run()).toMatchObject({ sent: 0, sms: 1 });
    expect(fakeSms.delivered.map((d) => d.params)).toEqual([["20:00"]]);
    const [q] = await h.t.db
      .select()
      .from(subscriptionQuota)
      .where(eq(subscriptionQuota.patientId, p.patientId));
    expect(q?.remaining).toBe(0);
  });

  it("WeChat answering 43101 (no subscription after all) falls back to SMS for the same slot", async () => {
    await setup();
    const p = await h.patient("refused", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 2 });
    await smsConsent(p.token, "13800000005", true);
    h.fake.exhaust(p.openid, DOSE_TPL); // she turned the template off in WeChat's settings
    h.t.setNow(SH_0800 + 30_000);
    expect(await h.run()).toMatchObject({ sent: 0, sms: 1, refused: 0 });
    const [send] = await sendsOf(p.patientId);
    expect([send?.status, send?.channel]).toEqual(["sent", "sms"]);
    const [ch] = await channelsOf(p.patientId);
    expect([ch?.channel, ch?.wechat, ch?.sms]).toEqual(["sms", "refused", "sent"]);
    const [q] = await h.t.db
      .select()
      .from(subscriptionQuota)
      .where(eq(subscriptionQuota.patientId, p.patientId));
    expect(q?.remaining).toBe(0); // WeChat said none are left
  });

  it("WeChat's daily quota (45009): SMS for the rest of the day without calling WeChat, waiting where SMS cannot reach", async () => {
    await setup();
    const a = await h.patient(
      "daily-a",
      { times: ["08:00", "12:00"], startDate: "2026-11-20" },
      { subscribe: 3 },
    );
    const b = await h.patient("daily-b", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    await smsConsent(a.token, "13800000006", true); // b gave no phone
    const quota = async (patientId: string) =>
      (await h.t.db.select().from(subscriptionQuota).where(eq(subscriptionQuota.patientId, patientId)))[0]
        ?.remaining;
    h.fake.failNext("dailyQuota");
    h.t.setNow(SH_0800 + 30_000);
    expect(await h.run({ concurrency: 1 })).toMatchObject({ sent: 0, sms: 1, retry: 1 });
    // One call reached WeChat; the other send of the run did not call it at all.
    expect(h.fake.sendRequests().map((r) => r.errcode)).toEqual([45009]);
    expect(fakeSms.delivered.map((d) => d.phoneNumber)).toEqual(["+8613800000006"]);
    const [wait] = await sendsOf(b.patientId);
    // Midnight in Beijing (16:00 UTC) is when WeChat's daily quota clears.
    expect([wait?.status, wait?.errcode, wait?.nextAttemptAt]).toEqual([
      "retry",
      45009,
      Date.UTC(2026, 10, 20, 16, 0, 0),
    ]);
    expect([await quota(a.patientId), await quota(b.patientId)]).toEqual([3, 3]); // nothing spent
    const [ch] = await channelsOf(a.patientId);
    expect([ch?.channel, ch?.wechat, ch?.sms]).toEqual(["sms", "failed", "sent"]);

    // 12:00 the same day: still no call to WeChat; the reminder goes by SMS.
    h.t.setNow(SH_0800 + 4 * HOUR + 30_000);
    expect(await h.run()).toMatchObject({ sent: 0, sms: 1 });
    expect(h.fake.sendRequests()).toHaveLength(1);

    // The next morning WeChat carries them again.
    h.t.setNow(SH_0800 + 24 * HOUR + 30_000);
    expect(await h.run()).toMatchObject({ sent: 2, sms: 0 });
    expect(
      h.fake
        .sendRequests()
        .slice(1)
        .map((r) => r.errcode),
    ).toEqual([0, 0]);
  });

  it("a wrong SMS secret: Tencent answers AuthFailure.SignatureFailure, the send is failed and the patient unreachable", async () => {
    await setup({ secretKey: "wrong-secret" });
    const p = await h.patient("badkey", { times: ["08:00"], startDate: "2026-11-20" });
    await smsConsent(p.token, "13800000006", true);
    h.t.setNow(SH_0800 + 30_000);
    expect(await h.run()).toMatchObject({ sms: 0, failed: 1 });
    expect(fakeSms.delivered).toEqual([]);
    expect(fakeSms.requests.map((r) => r.code)).toEqual(["AuthFailure.SignatureFailure"]);
    const [send] = await sendsOf(p.patientId);
    expect(send?.status).toBe("failed");
    expect(send?.error).toMatch(/^SMS AuthFailure\.SignatureFailure/);
    const [ch] = await channelsOf(p.patientId);
    expect([ch?.channel, ch?.sms, ch?.providerCode]).toEqual([
      "sms",
      "failed",
      "AuthFailure.SignatureFailure",
    ]);
    expect((await unreachablePatients(h.t.db, [p.patientId])).get(p.patientId)).toMatchObject({
      wechat: "no_quota",
      sms: "failed",
    });
  });

  it("a number over Tencent's daily limit is recorded with that code", async () => {
    await setup({ dailyLimitPerNumber: 1 });
    const p = await h.patient("limit", { times: ["08:00", "08:30"], startDate: "2026-11-20" });
    await smsConsent(p.token, "13800000007", true);
    h.t.setNow(SH_0800 + 30_000);
    await h.run();
    h.t.setNow(SH_0800 + 30 * MIN + 30_000);
    await h.run();
    expect(fakeSms.delivered).toHaveLength(1);
    const codes = (await channelsOf(p.patientId)).map((c) => c.providerCode).sort();
    expect(codes).toEqual(["LimitExceeded.PhoneNumberDailyLimit", "Ok"]);
  });

  it("the weekly tip never goes by SMS", async () => {
    await setup();
    const p = await h.patient("tips", { times: ["07:00"], startDate: "2026-11-20" });
    await smsConsent(p.token, "13800000008", true);
    // Saturday 2026-11-21, 10:30 in Shanghai: the tip is due.
    h.t.setNow(Date.parse("2026-11-21T02:30:00Z"));
    await h.run({ sendWindowMinutes: 30 });
    const tip = (await sendsOf(p.patientId)).find((s) => s.kind === "tip");
    expect(tip?.status).toBe("no_quota");
    const ch = (await channelsOf(p.patientId)).find((c) => c.sendId === tip?.id);
    expect([ch?.channel, ch?.sms]).toEqual(["none", "not_for_tips"]);
    expect(fakeSms.delivered).toEqual([]);
  });
});
