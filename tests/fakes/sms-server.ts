// A stand-in for Tencent Cloud SMS (sms.tencentcloudapi.com, API 3.0, SendSms 2021-01-11) on a
// local port. It checks what Tencent checks — the TC3-HMAC-SHA256 signature (recomputed here with
// node:crypto, independently of the client's WebCrypto code), the X-TC-* headers, the timestamp,
// the body's fields, the approved signature and templates, the numbers — and answers as Tencent
// does: HTTP 200 with `Response.Error` for a failed request and a `SendStatusSet` entry per number
// (`Code: "Ok"` or a per-number error). Controls let tests run out the SMS package or a number's
// daily limit. Delivered messages are recorded with the text a phone would show.
//
// Run standalone (`tsx tests/fakes/sms-server.ts`) for local mode; it prints the env to use.
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { serveLoopback } from "./loopback";

export const FAKE_SMS_SECRET_ID = "AKIDfakeSteadySmsKeyId000000000000";
export const FAKE_SMS_SECRET_KEY = "fakeSteadySmsSecretKey00000000000";
export const FAKE_SMS_APP_ID = "1400000001";
export const FAKE_SMS_SIGN = "稳稳健康";

export interface FakeSmsOptions {
  secretId?: string;
  secretKey?: string;
  sdkAppId?: string;
  /** Approved signatures. */
  signs?: string[];
  /** Approved templates: id → body with {1}, {2}… */
  templates?: Record<string, string>;
  /** SMS units left in the package. */
  balance?: number;
  /** Messages one number may receive per (fake) day before LimitExceeded.PhoneNumberDailyLimit. */
  dailyLimitPerNumber?: number;
  now?: () => number;
  port?: number;
}

export interface DeliveredSms {
  phoneNumber: string;
  templateId: string;
  params: string[];
  /** 【sign】 + rendered body, as the phone shows it. */
  text: string;
  serialNo: string;
  sessionContext?: string;
}

export interface RecordedSmsRequest {
  headers: Record<string, string | undefined>;
  body: unknown;
  /** "Ok" for a request that passed, else the request-level error code. */
  code: string;
  statuses: string[];
}

// Documented error codes (common errors and SendSms' own table).
const MESSAGES: Record<string, string> = {
  "AuthFailure.SignatureFailure":
    "The provided credentials could not be validated. Please check your signature is correct.",
  "AuthFailure.SignatureExpire":
    "Signature expired. Timestamp and server time cannot differ by more than five minutes.",
  "AuthFailure.SecretIdNotFound": "The SecretId is not found, please ensure that your SecretId is correct.",
  "AuthFailure.InvalidAuthorization": "Authorization is invalid.",
  InvalidAction: "The requested action does not exist.",
  NoSuchVersion: "The requested version does not exist or is not supported.",
  UnsupportedProtocol: "Only POST with a JSON body is supported here.",
  MissingParameter: "The request is missing a required parameter.",
  "MissingParameter.EmptyPhoneNumberSet": "The phone number set is empty.",
  "LimitExceeded.PhoneNumberCountLimit": "More than 200 phone numbers in one request.",
  "UnauthorizedOperation.SmsSdkAppIdVerifyFail": "SmsSdkAppId verification failed.",
  "FailedOperation.SignatureIncorrectOrUnapproved": "The signature is not approved or is incorrect.",
  "FailedOperation.TemplateIncorrectOrUnapproved":
    "The template is not approved or the content does not match.",
  "InvalidParameterValue.TemplateParameterFormatError": "The template parameters do not match the template.",
  "FailedOperation.InsufficientBalanceInSmsPackage": "The SMS package balance is insufficient.",
  "InvalidParameterValue.IncorrectPhoneNumber": "invalid phone number",
  "LimitExceeded.PhoneNumberDailyLimit":
    "the number of sms messages sent from a single mobile number every day exceeds the upper limit",
  Ok: "send success",
};

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, msg: string) => createHmac("sha256", key).update(msg, "utf8").digest();

/** The Host header without its port: `127.0.0.1:8791` → `127.0.0.1`, `[::1]:80` → `[::1]`. */
export const hostName = (host: string) => host.replace(/:\d+$/, "");

export async function startFakeSms(opts: FakeSmsOptions = {}) {
  const secretId = opts.secretId ?? FAKE_SMS_SECRET_ID;
  const secretKey = opts.secretKey ?? FAKE_SMS_SECRET_KEY;
  const sdkAppId = opts.sdkAppId ?? FAKE_SMS_APP_ID;
  const signs = new Set(opts.signs ?? [FAKE_SMS_SIGN]);
  const templates = new Map(Object.entries(opts.templates ?? {}));
  const now = opts.now ?? Date.now;
  let balance = opts.balance ?? 1000;
  const dailyLimit = opts.dailyLimitPerNumber ?? 10;
  const sentPerNumberDay = new Map<string, number>();
  const delivered: DeliveredSms[] = [];
  const requests: RecordedSmsRequest[] = [];

  /** null when the signature holds, else the error code Tencent would give. */
  function checkSignature(req: IncomingMessage, raw: string): string | null {
    const auth = req.headers.authorization ?? "";
    const m =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return "AuthFailure.InvalidAuthorization";
    const [, id, date, service, signedHeaders, signature] = m as unknown as string[];
    if (id !== secretId) return "AuthFailure.SecretIdNotFound";
    const ts = Number(req.headers["x-tc-timestamp"]);
    if (!Number.isInteger(ts)) return "MissingParameter";
    if (Math.abs(now() / 1000 - ts) > 300) return "AuthFailure.SignatureExpire";
    if (new Date(ts * 1000).toISOString().slice(0, 10) !== date || service !== "sms")
      return "AuthFailure.SignatureFailure";
    const names = (signedHeaders as string).split(";");
    if (!names.includes("content-type") || !names.includes("host")) return "AuthFailure.SignatureFailure";
    // Tencent Cloud signs the host name without a port (its SDK signs its endpoint, e.g.
    // sms.tencentcloudapi.com): a Host header of 127.0.0.1:PORT is signed as 127.0.0.1.
    const value = (n: string) =>
      n === "host" ? hostName(String(req.headers.host ?? "")) : String(req.headers[n] ?? "");
    const canonicalHeaders = names.map((n) => `${n}:${value(n).trim().toLowerCase()}\n`).join("");
    const canonical = ["POST", "/", "", canonicalHeaders, signedHeaders, sha256(raw)].join("\n");
    const toSign = ["TC3-HMAC-SHA256", String(ts), `${date}/sms/tc3_request`, sha256(canonical)].join("\n");
    const key = hmac(hmac(hmac(`TC3${secretKey}`, date as string), "sms"), "tc3_request");
    const expected = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
    return expected === signature ? null : "AuthFailure.SignatureFailure";
  }

  function send(body: Record<string, unknown>): { error: string } | { statuses: object[] } {
    if (body.SmsSdkAppId === undefined || body.TemplateId === undefined || body.PhoneNumberSet === undefined)
      return { error: "MissingParameter" };
    if (body.SmsSdkAppId !== sdkAppId) return { error: "UnauthorizedOperation.SmsSdkAppIdVerifyFail" };
    // Mainland SMS needs an approved signature.
    if (typeof body.SignName !== "string" || !signs.has(body.SignName))
      return { error: "FailedOperation.SignatureIncorrectOrUnapproved" };
    const template = typeof body.TemplateId === "string" ? templates.get(body.TemplateId) : undefined;
    if (template === undefined) return { error: "FailedOperation.TemplateIncorrectOrUnapproved" };
    const params = body.TemplateParamSet ?? [];
    const wanted = new Set(template.match(/\{\d+\}/g) ?? []).size;
    if (!Array.isArray(params) || params.length !== wanted || params.some((p) => typeof p !== "string"))
      return { error: "InvalidParameterValue.TemplateParameterFormatError" };
    const numbers = body.PhoneNumberSet;
    if (!Array.isArray(numbers) || numbers.length === 0)
      return { error: "MissingParameter.EmptyPhoneNumberSet" };
    if (numbers.length > 200) return { error: "LimitExceeded.PhoneNumberCountLimit" };
    if (balance < numbers.length) return { error: "FailedOperation.InsufficientBalanceInSmsPackage" };
    const text = `【${body.SignName}】${template.replace(/\{(\d+)\}/g, (_m, n: string) => String(params[Number(n) - 1]))}`;
    // Up to 70 characters is one unit; longer messages go in 67-character parts.
    const units = Array.from(text).length <= 70 ? 1 : Math.ceil(Array.from(text).length / 67);
    const day = new Date(now()).toISOString().slice(0, 10);
    const statuses = numbers.map((n: unknown) => {
      const phone = String(n);
      const status = (code: string, serialNo = "", fee = 0) => ({
        SerialNo: serialNo,
        PhoneNumber: phone,
        Fee: fee,
        SessionContext: typeof body.SessionContext === "string" ? body.SessionContext : "",
        Code: code,
        Message: MESSAGES[code],
        IsoCode: "CN",
      });
      if (!/^\+861[3-9]\d{9}$/.test(phone)) return status("InvalidParameterValue.IncorrectPhoneNumber");
      const key = `${phone}|${day}`;
      const count = sentPerNumberDay.get(key) ?? 0;
      if (count >= dailyLimit) return status("LimitExceeded.PhoneNumberDailyLimit");
      sentPerNumberDay.set(key, count + 1);
      balance -= units;
      const serialNo = `2028:${randomBytes(10).toString("hex")}`;
      delivered.push({
        phoneNumber: phone,
        templateId: String(body.TemplateId),
        params: params as string[],
        text,
        serialNo,
        ...(typeof body.SessionContext === "string" ? { sessionContext: body.SessionContext } : {}),
      });
      return status("Ok", serialNo, units);
    });
    return { statuses };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    const raw = Buffer.concat(parts).toString("utf8");
    const requestId = randomUUID();
    const headers = {
      authorization: req.headers.authorization,
      "content-type": req.headers["content-type"],
      host: req.headers.host,
      "x-tc-action": req.headers["x-tc-action"] as string | undefined,
      "x-tc-version": req.headers["x-tc-version"] as string | undefined,
      "x-tc-timestamp": req.headers["x-tc-timestamp"] as string | undefined,
      "x-tc-region": req.headers["x-tc-region"] as string | undefined,
    };
    let body: unknown = raw;
    const answer = (code: string, statuses: object[] = []) => {
      requests.push({ headers, body, code, statuses: statuses.map((s) => (s as { Code: string }).Code) });
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(
        JSON.stringify({
          Response:
            code === "Ok"
              ? { SendStatusSet: statuses, RequestId: requestId }
              : { Error: { Code: code, Message: MESSAGES[code] ?? code }, RequestId: requestId },
        }),
      );
    };
    if (req.method !== "POST" || !/^application\/json/.test(headers["content-type"] ?? ""))
      return answer("UnsupportedProtocol");
    const sigError = checkSignature(req, raw);
    if (sigError) return answer(sigError);
    if (headers["x-tc-action"] !== "SendSms") return answer("InvalidAction");
    if (headers["x-tc-version"] !== "2021-01-11") return answer("NoSuchVersion");
    if (!headers["x-tc-region"]) return answer("MissingParameter");
    try {
      body = JSON.parse(raw);
    } catch {
      return answer("MissingParameter");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) return answer("MissingParameter");
    const out = send(body as Record<string, unknown>);
    return "error" in out ? answer(out.error) : answer("Ok", out.statuses);
  }

  const server = await serveLoopback(handle, opts.port);

  return {
    baseUrl: server.baseUrl,
    secretId,
    secretKey,
    sdkAppId,
    signName: [...signs][0] as string,
    /** Messages accepted for delivery. */
    delivered,
    /** Every request, with the answer given. */
    requests,
    get balance() {
      return balance;
    },
    /** Set the SMS units left (0: every send fails with InsufficientBalanceInSmsPackage). */
    setBalance(units: number) {
      balance = units;
    },
    reset() {
      delivered.length = 0;
      requests.length = 0;
      sentPerNumberDay.clear();
    },
    close: server.close,
  };
}

export type FakeSms = Awaited<ReturnType<typeof startFakeSms>>;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ids = { dose: "2000001", follow_up: "2000002", family_missed: "2000003", family_urgent: "2000004" };
  const { SMS_TEXTS } = await import("@steady/worker/sms");
  const fake = await startFakeSms({
    port: Number(process.env.PORT ?? 0),
    templates: Object.fromEntries(
      Object.entries(ids).map(([p, id]) => [id, SMS_TEXTS[p as keyof typeof ids]]),
    ),
  });
  console.log(`Fake Tencent SMS on ${fake.baseUrl}. Start Steady with:
  TENCENT_SMS_API_BASE=${fake.baseUrl} TENCENT_SMS_SECRET_ID=${fake.secretId} TENCENT_SMS_SECRET_KEY=${fake.secretKey} \\
  TENCENT_SMS_SDK_APP_ID=${fake.sdkAppId} TENCENT_SMS_SIGN_NAME=${fake.signName} \\
  TENCENT_SMS_TEMPLATE_DOSE=${ids.dose} TENCENT_SMS_TEMPLATE_FOLLOW_UP=${ids.follow_up} \\
  TENCENT_SMS_TEMPLATE_FAMILY_MISSED=${ids.family_missed} TENCENT_SMS_TEMPLATE_FAMILY_URGENT=${ids.family_urgent}`);
}
