// The WeChat client over real HTTP against the fake WeChat server: token caching and recovery,
// error mapping, QR codes and login.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeWechat, startFakeWechat } from "../../../tests/fakes/wechat-server";
import { createWechatClient, type FullWechatClient, type WechatTransport } from "./client";
import { WechatError } from "./errors";
import { nodeTransport } from "./node-transport";

const TEMPLATE = "tpl-dose";
const data = { thing1: "氨氯地平 5 mg", time2: "2026年11月20日 08:00" };

let fake: FakeWechat;
let client: FullWechatClient;
let transport: WechatTransport | undefined;
beforeAll(async () => {
  fake = await startFakeWechat({
    templates: { [TEMPLATE]: { keys: ["thing1", "time2"] } },
    pages: ["pages/today/index", "pages/enrol/index"],
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  // A fresh client per test: its token cache starts empty.
  client = createWechatClient({
    baseUrl: fake.baseUrl,
    appId: fake.appId,
    appSecret: fake.appSecret,
    ...(transport ? { transport } : {}),
  });
});

const paths = () => fake.requests.map((r) => `${r.path.split("/").pop()}:${r.errcode}`);
const send = (touser: string) =>
  client.sendSubscribeMessage({
    touser,
    templateId: TEMPLATE,
    page: "pages/today/index?from=reminder",
    data,
  });

async function rejection(p: Promise<unknown>): Promise<WechatError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WechatError) return e;
    throw e;
  }
  throw new Error("expected a WechatError");
}

// Every case over both transports: fetch (Workers) and the Node server's pooled client.
const node = nodeTransport();
afterAll(() => node.close());
describe.each([
  ["fetch", undefined],
  ["the Node pooled client", node],
] as const)("over %s", (name, t) => {
  beforeAll(() => {
    transport = t;
  });

  describe("access token", () => {
    it("fetches stable_token once and reuses it while valid", async () => {
      fake.subscribe("u1", TEMPLATE, 3);
      await send("u1");
      await send("u1");
      expect(paths()).toEqual(["stable_token:0", "send:0", "send:0"]);
      expect(fake.requests[0]?.body).toMatchObject({ grant_type: "client_credential", appid: fake.appId });
    });

    it("fetches one token for many concurrent calls", async () => {
      fake.subscribe("u2", TEMPLATE, 5);
      await Promise.all([1, 2, 3, 4, 5].map(() => send("u2")));
      expect(paths().filter((p) => p.startsWith("stable_token"))).toHaveLength(1);
      expect(fake.messages).toHaveLength(5);
    });

    it("recovers from an expired token (42001): refresh, retry once, delivered", async () => {
      fake.subscribe("u3", TEMPLATE, 2);
      await send("u3");
      fake.expireToken();
      await send("u3");
      expect(paths()).toEqual(["stable_token:0", "send:0", "send:42001", "stable_token:0", "send:0"]);
      expect(fake.messages).toHaveLength(2);
    });

    it("recovers from a token replaced elsewhere (40001) without forcing a refresh", async () => {
      fake.subscribe("u4", TEMPLATE, 2);
      await send("u4");
      fake.rotateToken();
      await send("u4");
      expect(paths()).toEqual(["stable_token:0", "send:0", "send:40001", "stable_token:0", "send:0"]);
      expect(fake.requests.some((r) => (r.body as { force_refresh?: boolean })?.force_refresh)).toBe(false);
    });

    it("forces a refresh only when normal mode returns the refused token, and retries only once", async () => {
      fake.subscribe("u5", TEMPLATE, 2);
      await send("u5");
      // WeChat refuses the live token twice in a row (as if revoked): the client gets a fresh
      // token by force, retries once, and then reports the error instead of looping.
      fake.failNext("tokenExpired", "tokenExpired");
      const err = await rejection(send("u5"));
      expect(err.errcode).toBe(42001);
      expect(err.kind).toBe("token");
      expect(paths()).toEqual([
        "stable_token:0",
        "send:0",
        "send:42001",
        "stable_token:0",
        "stable_token:0",
        "send:42001",
      ]);
      const tokenCalls = fake.requests.filter((r) => r.path.endsWith("stable_token"));
      expect(tokenCalls.map((r) => Boolean((r.body as { force_refresh?: boolean }).force_refresh))).toEqual([
        false,
        false,
        true,
      ]);
    });
  });

  describe("subscribeMessage.send errors", () => {
    it("maps 43101 to no_subscription and does not retry", async () => {
      const err = await rejection(send("nobody"));
      expect([err.errcode, err.kind]).toEqual([43101, "no_subscription"]);
      expect(fake.sendRequests()).toHaveLength(1);
    });

    it("maps 45011 to rate_limited (retry next minute) and 45009 to daily_quota (SMS instead), retrying neither", async () => {
      const u6 = `u6 over ${name}`; // the fake keeps acceptances across the two runs
      fake.subscribe(u6, TEMPLATE, 2);
      fake.failNext("minuteQuota");
      expect((await rejection(send(u6))).kind).toBe("rate_limited");
      fake.failNext("dailyQuota");
      expect((await rejection(send(u6))).kind).toBe("daily_quota");
      expect(fake.sendRequests()).toHaveLength(2);
      expect(fake.quotaLeft(u6, TEMPLATE)).toBe(2);
    });

    it("maps a value WeChat refuses (47003) and an unknown template (40037) to invalid_request", async () => {
      fake.subscribe("u7", TEMPLATE, 2);
      const tooLong = await rejection(
        client.sendSubscribeMessage({
          touser: "u7",
          templateId: TEMPLATE,
          data: { ...data, thing1: "药".repeat(21) },
        }),
      );
      expect([tooLong.errcode, tooLong.kind]).toEqual([47003, "invalid_request"]);
      const unknown = await rejection(
        client.sendSubscribeMessage({ touser: "u7", templateId: "nope", data }),
      );
      expect([unknown.errcode, unknown.kind]).toEqual([40037, "invalid_request"]);
    });

    it("sends the documented body: data as {key: {value}}, page, state and lang", async () => {
      fake.subscribe("u8", TEMPLATE, 1);
      await send("u8");
      expect(fake.messages[0]).toMatchObject({
        touser: "u8",
        template_id: TEMPLATE,
        page: "pages/today/index?from=reminder",
        data: { thing1: { value: "氨氯地平 5 mg" }, time2: { value: "2026年11月20日 08:00" } },
        miniprogram_state: "formal",
        lang: "zh_CN",
      });
    });
  });

  describe("QR codes and login", () => {
    it("returns the image for a valid scene", async () => {
      const img = await client.getUnlimitedQrCode({ scene: "A-DEMO-CHEN", page: "pages/enrol/index" });
      expect([img[0], img[1]]).toEqual([0xff, 0xd8]);
      expect(fake.requests.at(-1)?.body).toMatchObject({ scene: "A-DEMO-CHEN", page: "pages/enrol/index" });
    });

    it("refuses a scene over 32 characters or with other characters before calling WeChat", async () => {
      await expect(client.getUnlimitedQrCode({ scene: "x".repeat(33) })).rejects.toThrow(RangeError);
      await expect(client.getUnlimitedQrCode({ scene: "诊所A" })).rejects.toThrow(RangeError);
      expect(fake.requests).toHaveLength(0);
      // 32 is allowed.
      await client.getUnlimitedQrCode({ scene: "x".repeat(32) });
    });

    it("reports WeChat's JSON error for a page the mini-program does not have", async () => {
      const err = await rejection(client.getUnlimitedQrCode({ scene: "A-1", page: "pages/none/index" }));
      expect(err.errcode).toBe(41030);
    });

    it("exchanges a login code for the openid; an unknown code is 40029", async () => {
      const code = fake.issueLoginCode("openid-xyz");
      expect(await client.codeToSession(code)).toEqual({ openid: "openid-xyz" });
      expect((await rejection(client.codeToSession("bogus"))).errcode).toBe(40029);
    });
  });
});

describe("the Node pooled client", () => {
  it("rejects like fetch when nothing listens (a TypeError whose cause says ECONNREFUSED)", async () => {
    const closed = await startFakeWechat({});
    const base = closed.baseUrl;
    await closed.close();
    const t = nodeTransport();
    const c = createWechatClient({ baseUrl: base, appId: "a", appSecret: "s", transport: t });
    // The sender reads `cause.code` to retry a send that never connected (reminders/sender.ts).
    const e = await c.sendSubscribeMessage({ touser: "u", templateId: TEMPLATE, data }).catch((x) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.cause?.code).toBe("ECONNREFUSED");
    await t.close();
  });
});
