// TencentCloud API 3.0 request signing, "TC3-HMAC-SHA256", with WebCrypto only (it runs unchanged
// on Node and on Workers). The steps are Tencent's: a canonical request (method, "/", empty query,
// the signed headers lowercased as `key:value\n`, their names, the payload's SHA-256), a string
// to sign (algorithm, timestamp, `date/service/tc3_request`, the canonical request's SHA-256), a
// key derived from "TC3" + SecretKey through the UTC date, the service and "tc3_request", and an
// Authorization header naming the credential scope, the signed headers and the signature.

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, message: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, encoder.encode(message));
}

/** `YYYY-MM-DD` of a Unix time (seconds) in UTC, as the credential scope wants it. */
export function utcDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  /** The product, e.g. "sms" (the first label of sms.tencentcloudapi.com). */
  service: string;
  /**
   * The host name the request goes to, WITHOUT a port: Tencent Cloud's SDK signs its endpoint
   * (sms.tencentcloudapi.com) and the service checks against that, whatever port was used.
   */
  host: string;
  action: string;
  version: string;
  region?: string;
  /** Unix time in seconds; must be within 5 minutes of Tencent's clock. */
  timestamp: number;
  /** The exact JSON body that is sent. */
  payload: string;
  /**
   * Headers to sign besides content-type and host (which are always signed). Tencent's current
   * examples also sign x-tc-action; its original worked example signs only the two.
   */
  signAction?: boolean;
}

export interface Tc3Signed {
  /** Every header the request must carry (Host is implied by the URL). */
  headers: Record<string, string>;
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

export async function tc3Sign(input: Tc3Input): Promise<Tc3Signed> {
  const signAction = input.signAction ?? true;
  const signed: [string, string][] = [
    ["content-type", JSON_CONTENT_TYPE],
    ["host", input.host],
    ...(signAction ? ([["x-tc-action", input.action]] as [string, string][]) : []),
  ];
  signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = signed.map(([k, v]) => `${k}:${v.trim().toLowerCase()}\n`).join("");
  const signedHeaders = signed.map(([k]) => k).join(";");
  const canonicalRequest = [
    "POST",
    "/",
    "",
    canonicalHeaders,
    signedHeaders,
    await sha256Hex(input.payload),
  ].join("\n");

  const date = utcDate(input.timestamp);
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [
    TC3_ALGORITHM,
    String(input.timestamp),
    scope,
    await sha256Hex(canonicalRequest),
  ].join("\n");

  const secretDate = await hmac(encoder.encode(`TC3${input.secretKey}`), date);
  const secretService = await hmac(secretDate, input.service);
  const secretSigning = await hmac(secretService, "tc3_request");
  const signature = hex(await hmac(secretSigning, stringToSign));

  const authorization = `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return {
    headers: {
      Authorization: authorization,
      "Content-Type": JSON_CONTENT_TYPE,
      "X-TC-Action": input.action,
      "X-TC-Version": input.version,
      "X-TC-Timestamp": String(input.timestamp),
      ...(input.region ? { "X-TC-Region": input.region } : {}),
    },
    authorization,
    canonicalRequest,
    stringToSign,
    signature,
  };
}
