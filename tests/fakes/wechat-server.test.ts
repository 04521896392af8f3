// The fake WeChat server answers as WeChat documents: these tests speak raw HTTP to it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeWechat, startFakeWechat, valueFits } from "./wechat-server";

let fake: FakeWechat;
beforeAll(async () => {
  fake = await startFakeWechat({
    templates: {
      dose: { keys: ["thing1", "time2", "phrase3"] },
      lt: { keys: ["thing1"], longTerm: true },
    },
    pages: ["pages/today/index", "pages/enrol/index"],
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${fake.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get("content-type") ?? "", res };
};
interface WxReply {
  errcode?: number;
  errmsg?: string;
  openid?: string;
  access_token?: string;
  expires_in?: number;
}
const postJson = async (path: string, body: unknown) =>
  (await (await post(path, body)).res.json()) as WxReply;

async function token(force = false) {
  const r = await postJson("/cgi-bin/stable_token", {
    grant_type: "client_credential",
    appid: fake.appId,
    secret: fake.appSecret,
    ...(force ? { force_refresh: true } : {}),
  });
  return r as { access_token: string; expires_in: number };
}

const goodData = {
  thing1: { value: "氨氯地平 5 mg" },
  time2: { value: "2026年11月20日 08:00" },
  phrase3: { value: "待服药" },
};
const send = (tok: string, body: Record<string, unknown>) =>
  postJson(`/cgi-bin/message/subscribe/send?access_token=${tok}`, body);

describe("stable_token", () => {
  it("issues a token valid for 7200 s and returns the same one in normal mode", async () => {
    const a = await token();
    const b = await token();
    expect(a.expires_in).toBeGreaterThan(7190);
    expect(b.access_token).toBe(a.access_token);
  });

  it("validates grant_type, appid and secret with WeChat's codes", async () => {
    const base = { grant_type: "client_credential", appid: fake.appId, secret: fake.appSecret };
    expect((await postJson("/cgi-bin/stable_token", { ...base, grant_type: "password" })).errcode).toBe(
      40002,
    );
    expect((await postJson("/cgi-bin/stable_token", { ...base, appid: "wx-other" })).errcode).toBe(40013);
    expect((await postJson("/cgi-bin/stable_token", { ...base, secret: "nope" })).errcode).toBe(40125);
    expect((await postJson("/cgi-bin/stable_token", "grant_type=client_credential")).errcode).toBe(47001);
    const get = await fetch(`${fake.baseUrl}/cgi-bin/stable_token`);
    expect(((await get.json()) as WxReply).errcode).toBe(43002);
  });

  it("force refresh replaces the token: the old one answers 40001", async () => {
    const old = await token();
    const fresh = await token(true);
    expect(fresh.access_token).not.toBe(old.access_token);
    expect((await send(old.access_token, { touser: "u", template_id: "dose", data: goodData })).errcode).toBe(
      40001,
    );
  });
});

describe("subscribeMessage.send", () => {
  it("rejects a missing, unknown or expired token (41001, 40001, 42001)", async () => {
    expect((await postJson("/cgi-bin/message/subscribe/send", { touser: "u" })).errcode).toBe(41001);
    expect((await send("made-up", { touser: "u" })).errcode).toBe(40001);
    const t = await token();
    fake.expireToken();
    expect((await send(t.access_token, { touser: "u", template_id: "dose", data: goodData })).errcode).toBe(
      42001,
    );
    // Normal mode now hands out a new token.
    expect((await token()).access_token).not.toBe(t.access_token);
  });

  it("checks openid, template id, page and each field's rule (40003, 40037, 41030, 47003)", async () => {
    const t = (await token()).access_token;
    fake.subscribe("u1", "dose", 5);
    expect((await send(t, { template_id: "dose", data: goodData })).errcode).toBe(40003);
    expect((await send(t, { touser: "u1", template_id: "nope", data: goodData })).errcode).toBe(40037);
    expect(
      (await send(t, { touser: "u1", template_id: "dose", page: "pages/none/index", data: goodData }))
        .errcode,
    ).toBe(41030);
    // thing: at most 20 characters (21 here)
    const long = await send(t, {
      touser: "u1",
      template_id: "dose",
      data: { ...goodData, thing1: { value: "一二三四五六七八九十一二三四五六七八九十一" } },
    });
    expect(long.errcode).toBe(47003);
    expect(long.errmsg).toContain("data.thing1.value");
    // phrase: at most 5 Han characters, nothing else
    const phrase = await send(t, {
      touser: "u1",
      template_id: "dose",
      data: { ...goodData, phrase3: { value: "pending" } },
    });
    expect(phrase.errmsg).toContain("data.phrase3.value");
    const missing = await send(t, {
      touser: "u1",
      template_id: "dose",
      data: { thing1: goodData.thing1, phrase3: goodData.phrase3 },
    });
    expect(missing.errmsg).toContain("data.time2.value");
    // None of the refused calls used quota.
    expect(fake.quotaLeft("u1", "dose")).toBe(5);
  });

  it("delivers one message per acceptance, then answers 43101", async () => {
    const t = (await token()).access_token;
    fake.subscribe("u2", "dose", 2);
    const body = {
      touser: "u2",
      template_id: "dose",
      page: "pages/today/index?from=reminder",
      data: goodData,
    };
    expect((await send(t, body)).errcode).toBe(0);
    expect((await send(t, body)).errcode).toBe(0);
    expect((await send(t, body)).errcode).toBe(43101);
    expect(fake.messages.map((m) => m.touser)).toEqual(["u2", "u2"]);
    expect(fake.sendRequests().map((r) => r.errcode)).toEqual([0, 0, 43101]);
  });

  it("long-term templates need one acceptance and keep working until revoked", async () => {
    const t = (await token()).access_token;
    const body = { touser: "u3", template_id: "lt", data: { thing1: { value: "提醒" } } };
    expect((await send(t, body)).errcode).toBe(43101);
    fake.subscribe("u3", "lt");
    for (let i = 0; i < 3; i++) expect((await send(t, body)).errcode).toBe(0);
    fake.exhaust("u3", "lt");
    expect((await send(t, body)).errcode).toBe(43101);
  });

  it("injects rate limits and expires the token after N deliveries", async () => {
    const t = (await token()).access_token;
    fake.subscribe("u4", "dose", 3);
    const body = { touser: "u4", template_id: "dose", data: goodData };
    fake.failNext("minuteQuota");
    expect((await send(t, body)).errcode).toBe(45011);
    fake.expireTokenAfterSends(1);
    expect((await send(t, body)).errcode).toBe(0);
    expect((await send(t, body)).errcode).toBe(42001);
  });
});

describe("template value rules", () => {
  it.each([
    ["thing1", "一二三四五六七八九十一二三四五六七八九十", true], // 20 chars
    ["thing1", "一二三四五六七八九十一二三四五六七八九十一", false], // 21
    ["thing1", "", false],
    ["thing1", "第一行\n第二行", false],
    ["time2", "08:00", true],
    ["time2", "2026年11月20日 08:00", true],
    ["time2", "2026-11-20 08:00", true],
    ["time2", "8 o'clock", false],
    ["phrase3", "未记录", true],
    ["phrase3", "六个汉字不行", false],
    ["number4", "12.5", true],
    ["character_string5", "A-DEMO-CHEN", true],
    ["character_string5", "含中文", false],
    ["name6", "王秀英", true],
  ])("%s = %j fits: %s", (key, value, fits) => {
    expect(valueFits(key, value)).toBe(fits);
  });
});

describe("jscode2session and getwxacodeunlimit", () => {
  it("exchanges a code once for its openid (40029 unknown, 40163 reused)", async () => {
    const code = fake.issueLoginCode("openid-9");
    const url = (c: string) =>
      `${fake.baseUrl}/sns/jscode2session?appid=${fake.appId}&secret=${fake.appSecret}&js_code=${c}&grant_type=authorization_code`;
    expect(((await (await fetch(url(code))).json()) as WxReply).openid).toBe("openid-9");
    expect(((await (await fetch(url(code))).json()) as WxReply).errcode).toBe(40163);
    expect(((await (await fetch(url("nope"))).json()) as WxReply).errcode).toBe(40029);
  });

  it("returns an image for a valid scene and WeChat's codes otherwise", async () => {
    const t = (await token()).access_token;
    const path = `/wxa/getwxacodeunlimit?access_token=${t}`;
    const ok = await post(path, { scene: "A-DEMO-CHEN", page: "pages/enrol/index" });
    expect(ok.type).toBe("image/jpeg");
    expect([...new Uint8Array(await ok.res.arrayBuffer()).slice(0, 2)]).toEqual([0xff, 0xd8]);
    expect((await postJson(path, { scene: "x".repeat(33) })).errcode).toBe(40169);
    expect((await postJson(path, { scene: "中文" })).errcode).toBe(40129);
    expect((await postJson(path, { scene: "ok", page: "/pages/enrol/index" })).errcode).toBe(41030);
    expect((await postJson(path, { scene: "ok", page: "pages/nope/index" })).errcode).toBe(41030);
  });
});

describe("answers as WeChat does where the old fake did not", () => {
  it("answers 40169 (not 47001) to a getwxacodeunlimit body that is not JSON", async () => {
    const t = (await token()).access_token;
    const r = await postJson(`/wxa/getwxacodeunlimit?access_token=${t}`, "scene=A-DEMO-CHEN");
    expect(r.errcode).toBe(40169);
    expect(r.errmsg).toMatch(/^invalid length for scene, or the data is not json string rid: [0-9a-f]{8}$/);
    // subscribe/send still answers a non-JSON body with 47001, as WeChat does.
    expect((await postJson(`/cgi-bin/message/subscribe/send?access_token=${t}`, "touser=u")).errcode).toBe(
      47001,
    );
  });

  it("blocks a high-risk user's login with 40226 and counts 100 logins a minute per user (45011)", async () => {
    let clock = Date.UTC(2026, 10, 20, 0, 0, 30);
    const f = await startFakeWechat({ now: () => clock, loginsPerUserPerMinute: 2 });
    try {
      const login = async (code: string) =>
        (await (
          await fetch(
            `${f.baseUrl}/sns/jscode2session?appid=${f.appId}&secret=${f.appSecret}&js_code=${code}&grant_type=authorization_code`,
          )
        ).json()) as WxReply;
      f.markHighRisk("risky");
      const blocked = await login(f.issueLoginCode("risky"));
      expect(blocked).toEqual({
        errcode: 40226,
        errmsg: expect.stringMatching(/^code blocked rid: [0-9a-f]{8}$/),
      });
      expect(blocked.openid).toBeUndefined();

      expect((await login(f.issueLoginCode("busy"))).openid).toBe("busy");
      expect((await login(f.issueLoginCode("busy"))).openid).toBe("busy");
      const third = await login(f.issueLoginCode("busy"));
      expect(third.errcode).toBe(45011);
      expect(third.errmsg).toMatch(/^api minute-quota reach limit, must slower, retry next minute rid: /);
      expect((await login(f.issueLoginCode("someone-else"))).openid).toBe("someone-else"); // per user
      clock += 60_000;
      expect((await login(f.issueLoginCode("busy"))).openid).toBe("busy");
    } finally {
      await f.close();
    }
  });

  it("limits sends per minute (45011) and per Beijing day (45009, reset at 00:00 UTC+8)", async () => {
    // 15:59:00 UTC is 23:59 in Beijing.
    let clock = Date.UTC(2026, 10, 20, 15, 59, 0);
    const f = await startFakeWechat({
      now: () => clock,
      templates: { dose: { keys: ["thing1"] } },
      autoSubscribe: true,
      sendsPerMinute: 2,
      sendsPerDay: 3,
    });
    try {
      const tok = (await (
        await fetch(`${f.baseUrl}/cgi-bin/stable_token`, {
          method: "POST",
          body: JSON.stringify({ grant_type: "client_credential", appid: f.appId, secret: f.appSecret }),
        })
      ).json()) as { access_token: string };
      const sendOne = async () =>
        (await (
          await fetch(`${f.baseUrl}/cgi-bin/message/subscribe/send?access_token=${tok.access_token}`, {
            method: "POST",
            body: JSON.stringify({ touser: "u", template_id: "dose", data: { thing1: { value: "提醒" } } }),
          })
        ).json()) as WxReply;
      expect((await sendOne()).errcode).toBe(0);
      expect((await sendOne()).errcode).toBe(0);
      expect((await sendOne()).errcode).toBe(45011);
      clock += 30_000; // 23:59:30: still the same minute
      expect((await sendOne()).errcode).toBe(45011);
      clock = Date.UTC(2026, 10, 20, 16, 0, 0); // 00:00 in Beijing on the 21st: a new minute and day
      expect((await sendOne()).errcode).toBe(0);
      expect((await sendOne()).errcode).toBe(0);
      clock += 60_000;
      expect((await sendOne()).errcode).toBe(0); // the day's third
      const daily = await sendOne();
      expect(daily.errcode).toBe(45009);
      expect(daily.errmsg).toMatch(/^reach max api daily quota limit rid: [0-9a-f]{8}$/);
      clock += 3600_000; // later that day (the token still valid): still 45009
      expect((await sendOne()).errcode).toBe(45009);
    } finally {
      await f.close();
    }
  });
});
