// Reminders end to end, a minute at a time as the Node server runs them: the producer claims and
// enqueues on the libSQL job queue, the consumer sends (harness.test-support.ts). Real libSQL
// file, real HTTP to the fake WeChat server, the real client (token cache included). Clock values
// are chosen by hand; each comment shows the local time. The queue's own rules (redelivery, dead
// letters) are in queue.test.ts; channels and SMS in channels.test.ts.
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { reminderSends, subscriptionQuota } from "../db/schema";
import { createWechatClient } from "../wechat/client";
import { DOSE_TPL, deliveredTo, type Harness, makeHarness, TIP_TPL, uuid } from "./harness.test-support";
import { wechatSender } from "./sender";

const MIN = 60_000;
const HOUR = 60 * MIN;
// Asia/Shanghai is UTC+8 all year: 08:00 on 2026-11-20 is 00:00Z.
const SH_0800 = Date.parse("2026-11-20T00:00:00Z");
const BEFORE = Date.parse("2026-11-19T12:00:00Z"); // 20:00 the evening before, when plans are made

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function sendsOf(patientId: string) {
  return h.t.db.select().from(reminderSends).where(eq(reminderSends.patientId, patientId));
}
async function quotaOf(patientId: string) {
  const [q] = await h.t.db
    .select()
    .from(subscriptionQuota)
    .where(and(eq(subscriptionQuota.patientId, patientId), eq(subscriptionQuota.templateId, DOSE_TPL)));
  return q?.remaining;
}

describe("exactly once", () => {
  it("sends a slot due now once across overlapping runs on two connections", async () => {
    h = await makeHarness(BEFORE);
    const mei = await h.patient("mei", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 5 });
    const other = await h.secondConnection();
    h.t.setNow(SH_0800 + 30_000); // 08:00:30
    // The other "process" has its own WeChat client and token cache.
    const sender = wechatSender(
      createWechatClient({ baseUrl: h.fake.baseUrl, appId: h.fake.appId, appSecret: h.fake.appSecret }),
    );
    // Five runs (producer and consumer) on this connection and three on another, all at once,
    // like a cron retry overlapping a slow run in another isolate.
    const reports = await Promise.all([
      ...Array.from({ length: 5 }, () => h.run()),
      ...Array.from({ length: 3 }, () => h.run({}, { db: other.db, sender })),
    ]);
    expect(deliveredTo(h.fake, mei.openid)).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(1);
    const rows = await sendsOf(mei.patientId);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([["dose", "sent"]]);
    expect(await quotaOf(mei.patientId)).toBe(4); // 5 accepted − 1 sent

    // Later runs inside the window do not send it again, nor even expand her plan: the claimed
    // slot is left out in SQL.
    h.t.setNow(SH_0800 + 10 * MIN);
    expect(await h.run()).toMatchObject({ examined: 0, queued: 0 });
    expect(deliveredTo(h.fake, mei.openid)).toHaveLength(1);
  });

  it("says what the issue asks: the drug, its time, opening Today", async () => {
    h = await makeHarness(BEFORE);
    const mei = await h.patient("mei", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 1 });
    h.t.setNow(SH_0800 + 30_000);
    await h.run();
    expect(deliveredTo(h.fake, mei.openid)[0]).toMatchObject({
      template_id: DOSE_TPL,
      page: "pages/today/index?from=dose&date=2026-11-20",
      data: {
        thing1: { value: "氨氯地平 5 mg" },
        time2: { value: "2026年11月20日 08:00" },
        thing3: { value: "到服药时间了，请按时服药" },
      },
    });
  });

  it("does not remind of a dose the patient already logged", async () => {
    h = await makeHarness(BEFORE);
    const early = await h.patient("early", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    h.t.setNow(SH_0800 - 5 * MIN); // 07:55: she takes it a little early
    const r = await h.t.call("POST", "/api/v1/me/doses", {
      token: early.token,
      body: { id: uuid(), planId: early.planId, scheduledAt: SH_0800, status: "taken" },
    });
    expect(r.status).toBe(201);
    h.t.setNow(SH_0800 + 30_000);
    await h.run();
    h.t.setNow(SH_0800 + HOUR + 30_000);
    await h.run();
    expect(deliveredTo(h.fake, early.openid)).toHaveLength(0);
  });
});

describe("missed-dose follow-up", () => {
  it("fires 60 minutes after the slot only for a dose not logged (taken or skipped)", async () => {
    h = await makeHarness(BEFORE);
    const took = await h.patient("took", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    const skipped = await h.patient(
      "skipped",
      { times: ["08:00"], startDate: "2026-11-20" },
      { subscribe: 3 },
    );
    const forgot = await h.patient("forgot", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    h.t.setNow(SH_0800 + 30_000);
    expect((await h.run()).sent).toBe(3); // the 08:00 reminders

    h.t.setNow(SH_0800 + 20 * MIN); // 08:20
    for (const [p, status] of [
      [took, "taken"],
      [skipped, "skipped"],
    ] as const) {
      const r = await h.t.call("POST", "/api/v1/me/doses", {
        token: p.token,
        body: { id: uuid(), planId: p.planId, scheduledAt: SH_0800, status },
      });
      expect(r.status).toBe(201);
    }
    h.t.setNow(SH_0800 + 59 * MIN); // 08:59: not yet
    expect((await h.run()).sent).toBe(0);
    h.t.setNow(SH_0800 + 60 * MIN + 30_000); // 09:00:30
    // Only the patient who did not log is even examined (logged slots are left out in SQL).
    expect(await h.run()).toMatchObject({ examined: 1, sent: 1 });
    expect(deliveredTo(h.fake, took.openid)).toHaveLength(1);
    expect(deliveredTo(h.fake, skipped.openid)).toHaveLength(1);
    const followUps = deliveredTo(h.fake, forgot.openid);
    expect(followUps).toHaveLength(2);
    expect(followUps[1]?.data.thing3?.value).toBe("还没有记录这次服药，服了吗？");
    expect(followUps[1]?.page).toBe("pages/today/index?from=follow_up&date=2026-11-20");
    // Only one follow-up, however many runs follow.
    h.t.setNow(SH_0800 + 75 * MIN);
    await h.run();
    expect(deliveredTo(h.fake, forgot.openid)).toHaveLength(2);
  });

  it("uses the patient's own delay, and none when they turned follow-ups off", async () => {
    h = await makeHarness(BEFORE);
    const quick = await h.patient("quick", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    const quiet = await h.patient("quiet", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    const set = async (token: string, body: object) =>
      expect(
        (await h.t.call("PATCH", "/api/v1/me/reminders", { token, body, headers: { "if-match": '"0"' } }))
          .status,
      ).toBe(200);
    await set(quick.token, { followUpDelayMinutes: 30 });
    await set(quiet.token, { followUps: false });
    h.t.setNow(SH_0800 + 30_000);
    await h.run();
    h.t.setNow(SH_0800 + 29 * MIN); // 08:29
    await h.run();
    expect(deliveredTo(h.fake, quick.openid)).toHaveLength(1);
    h.t.setNow(SH_0800 + 30 * MIN + 30_000); // 08:30:30
    await h.run();
    expect(deliveredTo(h.fake, quick.openid)).toHaveLength(2);
    h.t.setNow(SH_0800 + 61 * MIN);
    await h.run();
    expect(deliveredTo(h.fake, quiet.openid)).toHaveLength(1); // the reminder only
  });
});

describe("quota", () => {
  it("stops sending when the patient's acceptances are used up, and tells them", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient(
      "lin",
      { times: ["08:00", "12:00", "18:00"], startDate: "2026-11-20" },
      { subscribe: 2 },
    );
    await h.t.call("PATCH", "/api/v1/me/reminders", {
      token: p.token,
      body: { followUps: false },
      headers: { "if-match": '"0"' },
    });
    for (const hour of [0, 4, 10]) {
      h.t.setNow(SH_0800 + hour * HOUR + 30_000); // 08:00, 12:00, 18:00
      await h.run();
    }
    // Two acceptances, two messages; the 18:00 reminder had nothing to be sent with and never
    // reached WeChat.
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(2);
    expect(h.fake.sendRequests()).toHaveLength(2);
    const rows = await sendsOf(p.patientId);
    expect(rows.map((r) => r.status).sort()).toEqual(["no_quota", "sent", "sent"]);
    const view = await h.t.call("GET", "/api/v1/me/reminders", { token: p.token });
    expect(view.json).toMatchObject({
      status: "empty",
      remindersLeft: 0,
      quotaExhausted: true,
      unsentLast7Days: 1,
      subscribeTemplateIds: [DOSE_TPL, TIP_TPL],
    });

    // Topping up (one more acceptance) brings reminders back the next day.
    h.fake.subscribe(p.openid, DOSE_TPL, 1);
    await h.t.call("POST", "/api/v1/me/subscriptions", {
      token: p.token,
      body: { id: uuid(), templateId: DOSE_TPL, result: "accept" },
    });
    h.t.setNow(SH_0800 + 24 * HOUR + 30_000);
    await h.run();
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(3);
  });

  it("marks the template refused on 43101 (quota gone on WeChat's side) and does not retry", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient(
      "zhou",
      { times: ["08:00", "12:00"], startDate: "2026-11-20" },
      { subscribe: 3 },
    );
    h.fake.exhaust(p.openid, DOSE_TPL); // e.g. she turned the notifications off in WeChat
    h.t.setNow(SH_0800 + 30_000);
    const report = await h.run();
    expect([report.sent, report.refused]).toEqual([0, 1]);
    expect(await quotaOf(p.patientId)).toBe(0);
    const [row] = await sendsOf(p.patientId);
    expect([row?.status, row?.errcode]).toEqual(["refused", 43101]);
    const view = await h.t.call("GET", "/api/v1/me/reminders", { token: p.token });
    expect(view.json.quotaExhausted).toBe(true);
    expect(view.json.quota[0].refusedAt).toBe(new Date(SH_0800 + 30_000).toISOString());
    // The next slot is not even attempted.
    h.t.setNow(SH_0800 + 4 * HOUR + 30_000);
    await h.run();
    expect(h.fake.sendRequests()).toHaveLength(1);
  });

  it("records an unreachable patient (never accepted) without calling WeChat", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("wu", { times: ["08:00"], startDate: "2026-11-20" });
    h.t.setNow(SH_0800 + 30_000);
    expect((await h.run()).noQuota).toBe(1);
    expect(h.fake.sendRequests()).toHaveLength(0);
    const [row] = await sendsOf(p.patientId);
    expect([row?.status, row?.channel]).toEqual(["no_quota", "none"]);
  });

  it("sends nothing, and records nothing, for a patient who turned reminders off", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("off", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 2 });
    await h.t.call("PATCH", "/api/v1/me/reminders", {
      token: p.token,
      body: { enabled: false },
      headers: { "if-match": '"0"' },
    });
    h.t.setNow(SH_0800 + 30_000);
    await h.run();
    h.t.setNow(SH_0800 + HOUR + 30_000);
    await h.run();
    expect(h.fake.sendRequests()).toHaveLength(0);
    expect(await sendsOf(p.patientId)).toHaveLength(0);
  });
});

describe("WeChat trouble", () => {
  it("recovers when the token expires mid-run: refresh once, every reminder delivered", async () => {
    h = await makeHarness(BEFORE);
    const ps = [];
    for (const name of ["a", "b", "c"])
      ps.push(await h.patient(name, { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 1 }));
    h.fake.expireTokenAfterSends(1);
    h.t.setNow(SH_0800 + 30_000);
    const report = await h.run({ concurrency: 1 });
    expect(report.sent).toBe(3);
    expect(h.fake.requests.map((r) => `${r.path.split("/").pop()}:${r.errcode}`)).toEqual([
      "stable_token:0",
      "send:0",
      "send:42001",
      "stable_token:0",
      "send:0",
      "send:0",
    ]);
    for (const p of ps) expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
  });

  it("backs off on a rate limit, keeps the quota, and sends the rest later, once each", async () => {
    h = await makeHarness(BEFORE);
    const ps = [];
    for (const name of ["d", "e", "f"])
      ps.push(await h.patient(name, { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 1 }));
    h.fake.failNext("minuteQuota");
    h.t.setNow(SH_0800 + 30_000);
    const first = await h.run({ concurrency: 1 });
    // The first send hit the limit; the two behind it were not attempted and wait too: their
    // queue message comes back in a minute.
    expect(first).toMatchObject({ sent: 0, retry: 3, retried: 1 });
    expect(h.fake.sendRequests()).toHaveLength(1);
    for (const p of ps) expect(await quotaOf(p.patientId)).toBe(1);
    h.t.setNow(SH_0800 + 60_000); // 30 s later: still backing off, nothing attempted
    expect((await h.run({ concurrency: 1 })).sent).toBe(0);
    expect(h.fake.sendRequests()).toHaveLength(1);
    h.t.setNow(SH_0800 + 2 * MIN);
    const later = await h.run({ concurrency: 1 });
    expect(later.sent).toBe(3);
    for (const p of ps) {
      expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
      expect(await quotaOf(p.patientId)).toBe(0);
    }
  });
});

describe("WeChat busy", () => {
  it("retries a send WeChat answered -1, a minute later, and gives up after 3 attempts", async () => {
    h = await makeHarness(BEFORE);
    const a = await h.patient("busy-a", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 2 });
    const b = await h.patient("busy-b", { times: ["12:00"], startDate: "2026-11-20" }, { subscribe: 2 });
    h.fake.failNext("systemBusy");
    h.t.setNow(SH_0800 + 30_000);
    expect(await h.run()).toMatchObject({ sent: 0, retry: 1, retried: 1 });
    h.t.setNow(SH_0800 + 60_000); // retry not due before a minute has passed
    expect((await h.run()).sent).toBe(0);
    h.t.setNow(SH_0800 + 91_000);
    expect((await h.run()).sent).toBe(1);
    expect(deliveredTo(h.fake, a.openid)).toHaveLength(1);
    expect(await quotaOf(a.patientId)).toBe(1);

    // Three busy answers in a row: attempts 1, 2 (after 1 min) and 3 (after 2 more), then failed.
    h.fake.failNext("systemBusy", "systemBusy", "systemBusy");
    const noon = SH_0800 + 4 * HOUR;
    for (const at of [noon + 30_000, noon + 91_000, noon + 4 * MIN]) {
      h.t.setNow(at);
      await h.run();
    }
    const [row] = (await sendsOf(b.patientId)).filter((r) => r.kind === "dose");
    expect([row?.status, row?.attempts, row?.errcode]).toEqual(["failed", 3, -1]);
    expect(deliveredTo(h.fake, b.openid)).toHaveLength(0);
    expect(await quotaOf(b.patientId)).toBe(2); // nothing was delivered, nothing spent
  });
});

describe("time zones", () => {
  it("reminds each patient at 08:00 on their own clock (Shanghai, New York)", async () => {
    h = await makeHarness(BEFORE);
    const sh = await h.patient("sh", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 2 });
    const ny = await h.patient(
      "ny",
      { times: ["08:00"], startDate: "2026-11-20" },
      { subscribe: 2, timezone: "America/New_York" },
    );
    h.t.setNow(SH_0800 + 30_000); // 08:00 in Shanghai = 19:00 (Nov 19) in New York
    await h.run();
    expect([deliveredTo(h.fake, sh.openid).length, deliveredTo(h.fake, ny.openid).length]).toEqual([1, 0]);
    // New York is UTC−5 in November: 08:00 there is 13:00Z.
    h.t.setNow(Date.parse("2026-11-20T13:00:30Z"));
    await h.run();
    expect([deliveredTo(h.fake, sh.openid).length, deliveredTo(h.fake, ny.openid).length]).toEqual([1, 1]);
    expect(deliveredTo(h.fake, ny.openid)[0]?.data.time2?.value).toBe("2026年11月20日 08:00");
  });

  it("sends a time skipped by spring-forward when the clock reaches it (New York, 8 March 2026)", async () => {
    // 02:30 does not exist on 2026-03-08 in New York (02:00 EST → 03:00 EDT); the slot is 03:30 EDT = 07:30Z.
    h = await makeHarness(Date.parse("2026-03-01T12:00:00Z"));
    const p = await h.patient(
      "dst",
      { times: ["02:30"], startDate: "2026-03-01" },
      { subscribe: 3, timezone: "America/New_York" },
    );
    await h.t.call("PATCH", "/api/v1/me/reminders", {
      token: p.token,
      body: { followUps: false },
      headers: { "if-match": '"0"' },
    });
    h.t.setNow(Date.parse("2026-03-08T07:29:00Z")); // 03:29 EDT
    await h.run();
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(0);
    h.t.setNow(Date.parse("2026-03-08T07:30:30Z")); // 03:30 EDT
    await h.run();
    expect(deliveredTo(h.fake, p.openid).map((m) => m.data.time2?.value)).toEqual(["2026年3月8日 03:30"]);
  });
});

describe("weekly tip", () => {
  // 2026-11-21 is a Saturday: tips go out from 10:00 local (02:00Z in Shanghai).
  const SAT_1000 = Date.parse("2026-11-21T02:00:00Z");

  it("goes out once per patient per week at 10:00 local on Saturday, in their language", async () => {
    h = await makeHarness(BEFORE);
    const zh = await h.patient("zh", { times: ["07:00"], startDate: "2026-11-20" }, { tipSubscribe: 3 });
    const en = await h.patient("en", { times: ["07:00"], startDate: "2026-11-20" }, { tipSubscribe: 3 });
    const ny = await h.patient(
      "nytip",
      { times: ["07:00"], startDate: "2026-11-20" },
      { tipSubscribe: 3, timezone: "America/New_York" },
    );
    await h.t.call("PATCH", "/api/v1/me/reminders", {
      token: en.token,
      body: { locale: "en" },
      headers: { "if-match": '"0"' },
    });
    const tips = (openid: string) => deliveredTo(h.fake, openid).filter((m) => m.template_id === TIP_TPL);

    h.t.setNow(SAT_1000 - MIN); // 09:59
    await h.run();
    expect(tips(zh.openid)).toHaveLength(0);
    h.t.setNow(SAT_1000 + 30_000);
    await h.run();
    h.t.setNow(SAT_1000 + 5 * HOUR);
    await h.run();
    expect(tips(zh.openid)).toHaveLength(1);
    expect(tips(zh.openid)[0]?.data.thing1?.value).toBe("固定时间服药");
    expect(tips(en.openid)[0]).toMatchObject({
      lang: "en_US",
      data: { thing1: { value: "Tie doses to habits" } },
    });
    // 10:05 in Shanghai is 21:05 on Friday in New York: not her tip day yet.
    expect(tips(ny.openid)).toHaveLength(0);
    h.t.setNow(Date.parse("2026-11-21T15:00:30Z")); // Saturday 10:00:30 in New York
    await h.run();
    expect(tips(ny.openid)).toHaveLength(1);

    // The next Saturday brings the next tip of the series.
    h.t.setNow(SAT_1000 + 7 * 24 * HOUR + 30_000);
    await h.run();
    expect(tips(zh.openid).map((m) => m.data.thing1?.value)).toEqual(["固定时间服药", "在家量血压"]);
  });

  it("goes out when a run first finds it later in its hours, not expired by the 10:00 start", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("late", { times: ["07:00"], startDate: "2026-11-20" }, { tipSubscribe: 1 });
    h.t.setNow(SAT_1000 + 5 * HOUR + 30_000); // 15:00:30: the first run of the day in its hours
    await h.run();
    expect(deliveredTo(h.fake, p.openid).filter((m) => m.template_id === TIP_TPL)).toHaveLength(1);
  });

  it("follows the patient's own condition when it is recorded, else the programme's", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("cond", { times: ["07:00"], startDate: "2026-11-20" }, { tipSubscribe: 3 });
    // A week after enrolment: the demo programme (both conditions) is at its 2nd item, "在家量血压";
    // the diabetes-only series (general + diabetes items) is at its 2nd, "规律监测血糖".
    h.t.setNow(BEFORE + 7 * 24 * HOUR);
    const week2 = async () => (await h.t.call("GET", "/api/v1/me/tip", { token: p.token })).json.tip?.zh;
    expect((await week2())?.title).toBe("在家量血压");
    const doctor = await h.t.portalLogin("doctor.a@demo.test");
    const set = await h.t.call("PUT", `/api/v1/patients/${p.patientId}/condition`, {
      cookie: doctor,
      body: { condition: "diabetes" },
      headers: { "if-match": '"1"' },
    });
    expect(set.status).toBe(200);
    expect((await week2())?.title).toBe("规律监测血糖");
  });

  it("sends the education content the programme's admin wrote, and the app shows it in full", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("edu", { times: ["07:00"], startDate: "2026-11-20" }, { tipSubscribe: 3 });
    const admin = await h.t.portalLogin("admin@demo.test");
    const body = "每天喝够八杯水，少喝含糖饮料，天气热或出汗多时更要及时补水。"; // 30 characters
    const current = await h.t.call("GET", "/api/v1/programme/settings", { cookie: admin });
    const put = await h.t.call("PUT", "/api/v1/programme/settings", {
      cookie: admin,
      headers: { "if-match": current.headers.get("etag") ?? "" },
      body: {
        education: [
          {
            id: "water",
            zh: { title: "多喝白开水", body },
            en: { title: "Drink water", body: "Eight glasses a day" },
          },
        ],
      },
    });
    expect(put.status).toBe(200);
    const tip = await h.t.call("GET", "/api/v1/me/tip", { token: p.token });
    expect(tip.json).toEqual({
      tip: {
        id: "water",
        zh: { title: "多喝白开水", body },
        en: { title: "Drink water", body: "Eight glasses a day" },
      },
    });
    h.t.setNow(SAT_1000 + 30_000);
    await h.run();
    const sent = deliveredTo(h.fake, p.openid).filter((m) => m.template_id === TIP_TPL);
    expect(sent.map((m) => m.data.thing1?.value)).toEqual(["多喝白开水"]);
    // A `thing` holds 20 characters: the 30-character text is cut, and says so.
    const summary = Array.from(String(sent[0]?.data.thing2?.value ?? ""));
    expect(summary).toHaveLength(20);
    expect(summary.join("").startsWith("每天喝够八杯水")).toBe(true);
    expect(summary.at(-1)).toBe("…");
  });
});
