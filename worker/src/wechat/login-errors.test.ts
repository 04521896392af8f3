// POST /auth/wechat against the fake WeChat server: each code2Session error is answered with what
// the mini-program should do — give up (40226), wait a minute (45011), try later (-1), or start
// again (40029/40163).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeWechat, startFakeWechat } from "../../../tests/fakes/wechat-server";
import { makeTestApp, type TestApp } from "../app.test-support";
import { createWechatClient } from "./client";
import { errorKind } from "./errors";

let fake: FakeWechat;
let t: TestApp;
beforeAll(async () => {
  fake = await startFakeWechat({ loginsPerUserPerMinute: 2 });
  t = await makeTestApp({
    wechat: createWechatClient({ baseUrl: fake.baseUrl, appId: fake.appId, appSecret: fake.appSecret }),
  });
});
afterAll(async () => {
  t.close();
  await fake.close();
});

const login = (code: string) => t.call("POST", "/api/v1/auth/wechat", { body: { code } });

describe("WeChat login errors", () => {
  it("classifies each code: retry later, give up, or SMS instead", () => {
    expect(errorKind(45011)).toBe("rate_limited");
    expect(errorKind(45009)).toBe("daily_quota");
    expect(errorKind(40226)).toBe("user_blocked");
    expect(errorKind(40169)).toBe("invalid_request");
    expect(errorKind(-1)).toBe("busy");
  });

  it("signs in with a real code, and refuses a used one with 401", async () => {
    const code = fake.issueLoginCode("openid-ok");
    expect((await login(code)).status).toBe(200);
    const again = await login(code);
    expect(again.status).toBe(401);
    expect(again.json.detail).toContain("40163");
  });

  it("gives up on a user WeChat rates high-risk (40226): 403, no Retry-After", async () => {
    fake.markHighRisk("openid-risky");
    const r = await login(fake.issueLoginCode("openid-risky"));
    expect(r.status).toBe(403);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.json.detail).toContain("40226");
    expect(r.json.errors).toEqual([{ path: "code", message: expect.stringMatching(/^code blocked rid: /) }]);
    expect(r.headers.get("retry-after")).toBeNull();
  });

  it("asks to wait a minute after WeChat's per-user limit (45011): 429 with Retry-After", async () => {
    expect((await login(fake.issueLoginCode("openid-many"))).status).toBe(200);
    expect((await login(fake.issueLoginCode("openid-many"))).status).toBe(200);
    const r = await login(fake.issueLoginCode("openid-many"));
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("60");
    expect(r.json.detail).toContain("45011");
  });

  it("asks to try later when WeChat is busy (-1): 503 with Retry-After", async () => {
    fake.failNext("systemBusy");
    const r = await login(fake.issueLoginCode("openid-later"));
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("60");
  });
});
