// Tencent Cloud SMS client: `SendSms` (API 3.0, version 2021-01-11) signed with TC3-HMAC-SHA256.
// The base URL is configurable so tests and local mode send to a local server that checks the
// signature and answers as Tencent does. No SDK: one signed POST is all Steady needs, and it
// must run on Workers.
import { SmsError, type SmsErrorKind, smsErrorKind } from "./errors";
import { tc3Sign } from "./tc3";

export const SMS_VERSION = "2021-01-11";
export const SMS_ACTION = "SendSms";
export const SMS_SERVICE = "sms";
export const SMS_DEFAULT_BASE = "https://sms.tencentcloudapi.com";

export interface SmsClientConfig {
  /** `https://sms.tencentcloudapi.com` in production. */
  baseUrl: string;
  secretId: string;
  secretKey: string;
  /** e.g. ap-guangzhou (mainland SMS is served from ap-beijing, ap-guangzhou or ap-nanjing). */
  region: string;
  /** The SMS application's SdkAppId, e.g. 1400006666. */
  sdkAppId: string;
  /** The approved signature (签名), without brackets. */
  signName: string;
  fetch?: typeof fetch;
  /** Epoch ms; the signature carries the time and Tencent refuses one more than 5 minutes off. */
  clock?: () => number;
}

export interface SmsSendRequest {
  /** E.164, "+8613812345678" (up to 200 per request). */
  phoneNumbers: string[];
  templateId: string;
  params: string[];
  /** Returned unchanged by Tencent (< 512 bytes): our reference for the send. */
  sessionContext?: string;
}

export interface SmsNumberResult {
  phoneNumber: string;
  ok: boolean;
  /** "Ok" or Tencent's error code for this number. */
  code: string;
  message: string;
  kind: SmsErrorKind | null;
  serialNo: string | null;
  /** Billed SMS units (0 when not sent). */
  fee: number;
}

export interface SmsSendResult {
  requestId: string | null;
  results: SmsNumberResult[];
}

export interface SmsClient {
  /** Resolves with a result per number; rejects with SmsError when the whole request failed. */
  sendSms(req: SmsSendRequest): Promise<SmsSendResult>;
}

/** "+8613812345678" for a mainland mobile number written 13812345678, 8613812345678 or +86 138 1234 5678. */
export function toE164(phone: string): string | null {
  const digits = phone.replace(/[\s-]/g, "");
  const m = /^(?:\+?86|0086)?(1[3-9]\d{9})$/.exec(digits);
  return m ? `+86${m[1]}` : null;
}

interface TencentResponse {
  Response?: {
    RequestId?: string;
    Error?: { Code?: string; Message?: string };
    SendStatusSet?: Array<{
      SerialNo?: string;
      PhoneNumber?: string;
      Fee?: number;
      Code?: string;
      Message?: string;
    }>;
  };
}

export function createSmsClient(config: SmsClientConfig): SmsClient {
  const doFetch = config.fetch ?? fetch;
  const clock = config.clock ?? Date.now;
  const url = new URL(config.baseUrl);
  return {
    async sendSms(req) {
      const payload = JSON.stringify({
        PhoneNumberSet: req.phoneNumbers,
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: req.templateId,
        TemplateParamSet: req.params,
        ...(req.sessionContext ? { SessionContext: req.sessionContext } : {}),
      });
      const signed = await tc3Sign({
        secretId: config.secretId,
        secretKey: config.secretKey,
        service: SMS_SERVICE,
        host: url.hostname, // without the port, as Tencent Cloud signs it (tc3.ts)
        action: SMS_ACTION,
        version: SMS_VERSION,
        region: config.region,
        timestamp: Math.floor(clock() / 1000),
        payload,
      });
      const res = await doFetch(new URL("/", url), {
        method: "POST",
        headers: signed.headers,
        body: payload,
      });
      const text = await res.text();
      let body: TencentResponse;
      try {
        body = JSON.parse(text) as TencentResponse;
      } catch {
        throw new SmsError("InternalError.BadResponse", `HTTP ${res.status}: ${text.slice(0, 200)}`);
      }
      const r = body.Response;
      if (!r) throw new SmsError("InternalError.BadResponse", `HTTP ${res.status}: no Response`);
      const requestId = r.RequestId ?? null;
      if (r.Error) throw new SmsError(r.Error.Code ?? "InternalError", r.Error.Message ?? "", requestId);
      const results = (r.SendStatusSet ?? []).map((s): SmsNumberResult => {
        const code = s.Code ?? "InternalError";
        const ok = code === "Ok";
        return {
          phoneNumber: s.PhoneNumber ?? "",
          ok,
          code,
          message: s.Message ?? "",
          kind: ok ? null : smsErrorKind(code),
          serialNo: s.SerialNo || null,
          fee: s.Fee ?? 0,
        };
      });
      return { requestId, results };
    },
  };
}
