// Notices to family members over the real app, the fake WeChat server and the fake Tencent SMS
// server: a dose unlogged two hours after its time and an urgent reading reach the follower
// through their own WeChat acceptance or SMS, once, and only when the patient shares that kind of
// data and the link is active. Clock values are chosen by hand; comments give Shanghai time.
import { FAMILY_CONSENT_VERSION, SMS_CONSENT_VERSION } from "@steady/shared";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSms, startFakeSms } from "../../../tests/fakes/sms-server";
import { familyNotices } from "../db/schema";
import { createSmsClient } from "../sms/client";
import { tencentSmsSender } from "../sms/sender";
import { SMS_TEXTS } from "../sms/templates";
import { runFamilyNotices } from "./family-notices";
import { ensureFamilyTemplate, FAMILY_FIELDS, FAMILY_PAGE } from "./family-templates";
import { deliveredTo, type Harness, makeHarness, uuid } from "./harness.test-support";

const MIN = 60_000;
const SH_0800 = Date.parse("2026-11-20T00:00:00Z"); // 08:00 in Shanghai
const BEFORE = Date.parse("2026-11-19T12:00:00Z"); // 20:00 the evening before
const FAMILY_TPL = "tpl-family-notice";
const SMS_IDS = { family_missed: "4000001", family_urgent: "4000002" };

let h: Harness;
let fakeSms: FakeSms;
afterEach(async () => {
  await h?.close();
  await fakeSms?.close();
});

async function setup() {
  h = await makeHarness(BEFORE, undefined, {
    templates: { [FAMILY_TPL]: { keys: Object.values(FAMILY_FIELDS) } },
    pages: [FAMILY_PAGE],
  });
  await ensureFamilyTemplate(
    h.t.db,
    { templateId: FAMILY_TPL, longTerm: false, fields: FAMILY_FIELDS, page: FAMILY_PAGE },
    BEFORE,
  );
  fakeSms = await startFakeSms({
    templates: {
      [SMS_IDS.family_missed]: SMS_TEXTS.family_missed,
      [SMS_IDS.family_urgent]: SMS_TEXTS.family_urgent,
    },
    now: () => h.t.now,
  });
  h.sms = tencentSmsSender(
    createSmsClient({
      baseUrl: fakeSms.baseUrl,
      secretId: fakeSms.secretId,
      secretKey: fakeSms.secretKey,
      region: "ap-guangzhou",
      sdkAppId: fakeSms.sdkAppId,
      signName: fakeSms.signName,
      clock: () => h.t.now,
    }),
    SMS_IDS,
  );
}

const notices = () => runFamilyNotices({ db: h.t.db, clock: () => h.t.now, sender: h.sender, sms: h.sms });

/**
 * A follower of `patientToken` with the given sharing: their own login, the invite accepted, and
 * optionally WeChat acceptances of the family template and/or a phone with SMS consent.
 */
async function followerOf(
  patientToken: string,
  name: string,
  share: { doses: boolean; bp: boolean; glucose: boolean },
  opts: { wechat?: number; phone?: string; notices?: boolean } = {},
) {
  const inv = await h.t.call("POST", "/api/v1/family/invites", {
    token: patientToken,
    body: {
      id: uuid(),
      share,
      notices: opts.notices ?? true,
      consent: { version: FAMILY_CONSENT_VERSION, accepted: true },
    },
  });
  expect(inv.status).toBe(201);
  const token = await h.t.patientLogin(name);
  expect(
    (await h.t.call("POST", `/api/v1/family/invites/${inv.json.code}/accept`, { token, body: {} })).status,
  ).toBe(201);
  const openid = `dev:${name}`;
  for (let i = 0; i < (opts.wechat ?? 0); i++) {
    h.fake.subscribe(openid, FAMILY_TPL, 1);
    const r = await h.t.call("POST", "/api/v1/family/subscriptions", {
      token,
      body: { id: uuid(), templateId: FAMILY_TPL, result: "accept" },
    });
    expect(r.status).toBe(201);
  }
  if (opts.phone) {
    const r = await h.t.call("PUT", "/api/v1/me/sms", {
      token,
      body: { phone: opts.phone, consent: { version: SMS_CONSENT_VERSION, accepted: true } },
    });
    expect(r.status).toBe(200);
  }
  return { token, openid, linkId: inv.json.id as string };
}

const noticeRows = (linkId: string) =>
  h.t.db.select().from(familyNotices).where(eq(familyNotices.linkId, linkId));

describe("missed-dose notices", () => {
  it("reach the follower two hours after an unlogged dose, through their WeChat, once", async () => {
    await setup();
    const mum = await h.patient("mum", { times: ["08:00"], startDate: "2026-11-20" });
    const d = await followerOf(
      mum.token,
      "daughter",
      { doses: true, bp: false, glucose: false },
      { wechat: 2 },
    );

    h.t.setNow(SH_0800 + 119 * MIN); // 09:59: not yet
    expect((await notices()).due).toBe(0);
    h.t.setNow(SH_0800 + 120 * MIN + 30_000); // 10:00:30
    expect(await notices()).toMatchObject({ due: 1, wechat: 1 });
    expect(deliveredTo(h.fake, d.openid)).toEqual([
      expect.objectContaining({
        template_id: FAMILY_TPL,
        page: `${FAMILY_PAGE}?link=${d.linkId}`,
        data: {
          thing1: { value: "家人的用药还没有记录" },
          time2: { value: "2026年11月20日 08:00" },
          thing3: { value: "点开查看，方便时关心一下" },
        },
      }),
    ]);
    // No drug name goes to the family either.
    expect(JSON.stringify(deliveredTo(h.fake, d.openid))).not.toContain("氨氯地平");
    // Overlapping and later runs in the window: still one.
    await Promise.all([notices(), notices()]);
    h.t.setNow(SH_0800 + 140 * MIN);
    await notices();
    expect(deliveredTo(h.fake, d.openid)).toHaveLength(1);
    const [row] = await noticeRows(d.linkId);
    expect([row?.kind, row?.status, row?.channel]).toEqual(["missed_dose", "sent", "wechat"]);
  });

  it("say nothing about a dose the patient logged, or to a follower who does not see doses", async () => {
    await setup();
    const mum = await h.patient("mum2", { times: ["08:00"], startDate: "2026-11-20" });
    const bpOnly = await followerOf(
      mum.token,
      "bp-only",
      { doses: false, bp: true, glucose: false },
      { wechat: 1 },
    );
    const took = await h.patient("took", { times: ["08:00"], startDate: "2026-11-20" });
    const seesDoses = await followerOf(
      took.token,
      "sees",
      { doses: true, bp: false, glucose: false },
      { wechat: 1 },
    );
    h.t.setNow(SH_0800 + 30 * MIN);
    await h.t.call("POST", "/api/v1/me/doses", {
      token: took.token,
      body: { id: uuid(), planId: took.planId, scheduledAt: SH_0800, status: "taken" },
    });
    h.t.setNow(SH_0800 + 120 * MIN + 30_000);
    expect(await notices()).toMatchObject({ due: 0 });
    expect(deliveredTo(h.fake, bpOnly.openid)).toEqual([]);
    expect(deliveredTo(h.fake, seesDoses.openid)).toEqual([]);
  });

  it("go by SMS without WeChat quota (phone + consent), else are recorded as unreachable", async () => {
    await setup();
    const mum = await h.patient("mum3", { times: ["08:00"], startDate: "2026-11-20" });
    const bySms = await followerOf(
      mum.token,
      "by-sms",
      { doses: true, bp: false, glucose: false },
      { phone: "13900000001" },
    );
    const nobody = await followerOf(mum.token, "nobody", { doses: true, bp: false, glucose: false });
    h.t.setNow(SH_0800 + 120 * MIN + 30_000);
    expect(await notices()).toMatchObject({ due: 2, sms: 1, unreachable: 1 });
    expect(fakeSms.delivered.map((m) => [m.phoneNumber, m.text])).toEqual([
      ["+8613900000001", "【稳稳健康】您关注的家人08:00的用药还没有记录，方便时请关心一下。"],
    ]);
    const [s] = await noticeRows(bySms.linkId);
    expect([s?.status, s?.channel, s?.wechat, s?.sms]).toEqual(["sent", "sms", "no_quota", "sent"]);
    const [n] = await noticeRows(nobody.linkId);
    expect([n?.status, n?.channel, n?.sms]).toEqual(["unreachable", "none", "no_phone"]);
  });

  it("stop the moment the link is revoked, or notices are turned off", async () => {
    await setup();
    const mum = await h.patient("mum4", { times: ["08:00"], startDate: "2026-11-20" });
    const revoked = await followerOf(
      mum.token,
      "revoked",
      { doses: true, bp: false, glucose: false },
      { wechat: 1 },
    );
    const quiet = await followerOf(
      mum.token,
      "quiet",
      { doses: true, bp: false, glucose: false },
      { wechat: 1, notices: false },
    );
    await h.t.call("DELETE", `/api/v1/family/followers/${revoked.linkId}`, { token: mum.token });
    h.t.setNow(SH_0800 + 120 * MIN + 30_000);
    expect((await notices()).due).toBe(0);
    expect(deliveredTo(h.fake, revoked.openid)).toEqual([]);
    expect(deliveredTo(h.fake, quiet.openid)).toEqual([]);
  });
});

describe("urgent-reading notices", () => {
  it("go to followers who see that kind of reading, about readings after they accepted", async () => {
    await setup();
    const mum = await h.patient("mum5", { times: ["21:00"], startDate: "2026-11-20" });
    const seesBp = await followerOf(
      mum.token,
      "sees-bp",
      { doses: false, bp: true, glucose: false },
      { wechat: 1 },
    );
    const seesGlucose = await followerOf(
      mum.token,
      "sees-glu",
      { doses: false, bp: false, glucose: true },
      { wechat: 1 },
    );
    h.t.setNow(SH_0800 + 60 * MIN); // 09:00: a grade-3 reading raises an urgent alert
    const r = await h.t.call("POST", "/api/v1/me/bp", {
      token: mum.token,
      body: { id: uuid(), systolic: 186, diastolic: 112, measuredAt: SH_0800 + 59 * MIN },
    });
    expect(r.json.alert).toBeTruthy();
    h.t.setNow(SH_0800 + 61 * MIN); // the next minute's run
    expect(await notices()).toMatchObject({ due: 1, wechat: 1 });
    expect(deliveredTo(h.fake, seesBp.openid).map((m) => m.data.thing1?.value)).toEqual([
      "家人有一次测量需要关注",
    ]);
    expect(deliveredTo(h.fake, seesGlucose.openid)).toEqual([]);

    // Someone who follows only from now on hears nothing about that earlier reading.
    const late = await followerOf(
      mum.token,
      "late",
      { doses: false, bp: true, glucose: false },
      { wechat: 1 },
    );
    h.t.setNow(SH_0800 + 62 * MIN);
    await notices();
    expect(deliveredTo(h.fake, late.openid)).toEqual([]);
    expect(deliveredTo(h.fake, seesBp.openid)).toHaveLength(1);
  });
});
