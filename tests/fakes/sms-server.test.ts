// The fake Tencent SMS server's own checks, with hand-built requests: it must refuse what Tencent
// refuses (a body changed after signing, a missing or wrong header, an old timestamp), or the
// client tests against it would prove nothing.

import { tc3Sign } from "@steady/worker/sms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSms, startFakeSms } from "./sms-server";

let fake: FakeSms;
beforeAll(async () => {
  fake = await startFakeSms({ templates: { "7": "您设置的{1}用药提醒时间到了，请按时用药。" } });
});
afterAll(() => fake.close());

const BODY = () => ({
  PhoneNumberSet: ["+8613800000001"],
  SmsSdkAppId: fake.sdkAppId,
  SignName: fake.signName,
  TemplateId: "7",
  TemplateParamSet: ["08:00"],
});

async function post(
  opts: {
    body?: string;
    signBody?: string;
    timestamp?: number;
    headers?: Record<string, string>;
    action?: string;
    signHost?: string;
  } = {},
) {
  const body = opts.body ?? JSON.stringify(BODY());
  const signed = await tc3Sign({
    secretId: fake.secretId,
    secretKey: fake.secretKey,
    service: "sms",
    host: opts.signHost ?? new URL(fake.baseUrl).hostname,
    action: opts.action ?? "SendSms",
    version: "2021-01-11",
    region: "ap-guangzhou",
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
    payload: opts.signBody ?? body,
  });
  const res = await fetch(`${fake.baseUrl}/`, {
    method: "POST",
    headers: { ...signed.headers, ...opts.headers },
    body,
  });
  expect(res.status).toBe(200); // Tencent answers errors with HTTP 200 too
  return (await res.json()) as { Response: { Error?: { Code: string }; SendStatusSet?: { Code: string }[] } };
}

describe("fake Tencent SMS", () => {
  it("accepts a correctly signed request", async () => {
    const r = await post();
    expect(r.Response.SendStatusSet?.map((s) => s.Code)).toEqual(["Ok"]);
  });

  it("checks the signature over the host name without the port, as Tencent Cloud's SDK signs it", async () => {
    const { host, hostname } = new URL(fake.baseUrl);
    expect(host).toMatch(/:\d+$/); // the fake listens on a port of its own
    expect((await post({ signHost: hostname })).Response.SendStatusSet?.map((s) => s.Code)).toEqual(["Ok"]);
    expect((await post({ signHost: host })).Response.Error?.Code).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses a body changed after signing", async () => {
    const signBody = JSON.stringify(BODY());
    const r = await post({ signBody, body: signBody.replace("08:00", "09:00") });
    expect(r.Response.Error?.Code).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses a signed header sent with another value", async () => {
    const r = await post({ headers: { "X-TC-Action": "DescribeSmsSignList" } });
    expect(r.Response.Error?.Code).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses a timestamp more than five minutes off, and a missing Authorization", async () => {
    expect((await post({ timestamp: Math.floor(Date.now() / 1000) - 301 })).Response.Error?.Code).toBe(
      "AuthFailure.SignatureExpire",
    );
    expect((await post({ headers: { Authorization: "" } })).Response.Error?.Code).toBe(
      "AuthFailure.InvalidAuthorization",
    );
  });

  it("checks the action (signed) and the version (not signed, checked on its own)", async () => {
    expect((await post({ action: "SendSmsV2" })).Response.Error?.Code).toBe("InvalidAction");
    expect((await post({ headers: { "X-TC-Version": "2019-07-11" } })).Response.Error?.Code).toBe(
      "NoSuchVersion",
    );
  });

  it("checks the body's fields", async () => {
    const noNumbers = await post({ body: JSON.stringify({ ...BODY(), PhoneNumberSet: [] }) });
    expect(noNumbers.Response.Error?.Code).toBe("MissingParameter.EmptyPhoneNumberSet");
    const wrongApp = await post({ body: JSON.stringify({ ...BODY(), SmsSdkAppId: "1400999999" }) });
    expect(wrongApp.Response.Error?.Code).toBe("UnauthorizedOperation.SmsSdkAppIdVerifyFail");
    const unknownTemplate = await post({ body: JSON.stringify({ ...BODY(), TemplateId: "8" }) });
    expect(unknownTemplate.Response.Error?.Code).toBe("FailedOperation.TemplateIncorrectOrUnapproved");
  });
});
