// The SMS client against the fake Tencent SMS server, which recomputes the TC3 signature with
// node:crypto and answers with Tencent's documented codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSms, startFakeSms } from "../../../tests/fakes/sms-server";
import { createSmsClient, type SmsClientConfig, toE164 } from "./client";
import { SmsError } from "./errors";
import { tencentSmsSender } from "./sender";
import { SMS_TEXTS } from "./templates";

let fake: FakeSms;
let config: SmsClientConfig;
const DOSE_ID = "1000001";

beforeAll(async () => {
  fake = await startFakeSms({ templates: { [DOSE_ID]: SMS_TEXTS.dose }, dailyLimitPerNumber: 2 });
  config = {
    baseUrl: fake.baseUrl,
    secretId: fake.secretId,
    secretKey: fake.secretKey,
    region: "ap-guangzhou",
    sdkAppId: fake.sdkAppId,
    signName: fake.signName,
  };
});
afterAll(() => fake.close());

const send = (over: Partial<SmsClientConfig> = {}, phone = "+8613800000001", params = ["08:00"]) =>
  createSmsClient({ ...config, ...over }).sendSms({ phoneNumbers: [phone], templateId: DOSE_ID, params });

describe("Tencent SMS client", () => {
  it("sends a signed SendSms that the server accepts, with the documented request shape", async () => {
    fake.reset();
    const r = await send();
    expect(r.results).toEqual([
      expect.objectContaining({ phoneNumber: "+8613800000001", ok: true, code: "Ok", fee: 1, kind: null }),
    ]);
    expect(r.results[0]?.serialNo).toMatch(/^2028:/);
    const [req] = fake.requests;
    expect(req?.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      "x-tc-action": "SendSms",
      "x-tc-version": "2021-01-11",
      "x-tc-region": "ap-guangzhou",
    });
    expect(req?.headers.authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKID\w+\/\d{4}-\d{2}-\d{2}\/sms\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=[0-9a-f]{64}$/,
    );
    expect(req?.body).toEqual({
      PhoneNumberSet: ["+8613800000001"],
      SmsSdkAppId: fake.sdkAppId,
      SignName: fake.signName,
      TemplateId: DOSE_ID,
      TemplateParamSet: ["08:00"],
    });
    expect(fake.delivered.map((d) => d.text)).toEqual([
      "【稳稳健康】您设置的08:00用药提醒时间到了，请按时用药。",
    ]);
  });

  it("a wrong SecretKey fails as AuthFailure.SignatureFailure, and nothing is delivered", async () => {
    fake.reset();
    const err = await send({ secretKey: "not-the-key" }).catch((e) => e);
    expect(err).toBeInstanceOf(SmsError);
    expect(err.code).toBe("AuthFailure.SignatureFailure");
    expect(err.kind).toBe("auth");
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.delivered).toEqual([]);
  });

  it("an unknown SecretId and a clock 10 minutes off fail with their own codes", async () => {
    expect((await send({ secretId: "AKIDnobody" }).catch((e) => e)).code).toBe(
      "AuthFailure.SecretIdNotFound",
    );
    const late = await send({ clock: () => Date.now() - 10 * 60_000 }).catch((e) => e);
    expect(late.code).toBe("AuthFailure.SignatureExpire");
  });

  it("reports per-number errors: an invalid number, and a number over its daily limit", async () => {
    fake.reset();
    const bad = await send({}, "+861234");
    expect(bad.results[0]).toMatchObject({
      ok: false,
      code: "InvalidParameterValue.IncorrectPhoneNumber",
      kind: "invalid_phone",
      serialNo: null,
      fee: 0,
    });
    // Limit 2 a day: the third message to the same number is refused.
    await send({}, "+8613900000002");
    await send({}, "+8613900000002");
    const third = await send({}, "+8613900000002");
    expect(third.results[0]).toMatchObject({
      ok: false,
      code: "LimitExceeded.PhoneNumberDailyLimit",
      kind: "phone_limit",
    });
    expect(fake.delivered.filter((d) => d.phoneNumber === "+8613900000002")).toHaveLength(2);
  });

  it("an empty SMS package fails the request with InsufficientBalanceInSmsPackage", async () => {
    fake.setBalance(0);
    const err = await send({}, "+8613700000003").catch((e) => e);
    expect(err.code).toBe("FailedOperation.InsufficientBalanceInSmsPackage");
    expect(err.kind).toBe("balance");
    fake.setBalance(100);
  });

  it("an unapproved signature or template is a configuration error", async () => {
    expect((await send({ signName: "别的签名" }).catch((e) => e)).code).toBe(
      "FailedOperation.SignatureIncorrectOrUnapproved",
    );
    const wrongParams = await send({}, "+8613700000004", []).catch((e) => e);
    expect(wrongParams.code).toBe("InvalidParameterValue.TemplateParameterFormatError");
    expect(wrongParams.kind).toBe("config");
  });

  it("the sender turns every answer into an outcome and never throws", async () => {
    fake.reset();
    const sender = tencentSmsSender(createSmsClient(config), { dose: DOSE_ID });
    expect(await sender.send("+8613600000005", "dose", ["20:00"], "ref-1")).toMatchObject({ ok: true });
    expect(fake.delivered[0]?.sessionContext).toBe("ref-1");
    const wrongKey = tencentSmsSender(createSmsClient({ ...config, secretKey: "x" }), { dose: DOSE_ID });
    expect(await wrongKey.send("+8613600000005", "dose", ["20:00"])).toEqual({
      ok: false,
      code: "AuthFailure.SignatureFailure",
      kind: "auth",
      message: expect.any(String),
    });
    expect(sender.has("family_urgent")).toBe(false);
    expect(await sender.send("+8613600000005", "family_urgent", ["20:00"])).toMatchObject({
      ok: false,
      kind: "config",
    });
    const offline = tencentSmsSender(createSmsClient({ ...config, baseUrl: "http://127.0.0.1:9" }), {
      dose: DOSE_ID,
    });
    expect(await offline.send("+8613600000005", "dose", ["20:00"])).toMatchObject({
      ok: false,
      kind: "unknown",
    });
  });

  it("normalises mainland mobile numbers to E.164 and refuses others", () => {
    expect(toE164("13812345678")).toBe("+8613812345678");
    expect(toE164("+86 138-1234-5678")).toBe("+8613812345678");
    expect(toE164("008613812345678")).toBe("+8613812345678");
    expect(toE164("12812345678")).toBeNull(); // no mobile prefix 12
    expect(toE164("1381234567")).toBeNull(); // 10 digits
    expect(toE164("+4915112345678")).toBeNull();
  });
});
