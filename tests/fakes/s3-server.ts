// A stand-in for S3-compatible object storage (Tencent COS, Aliyun OSS, AWS S3) on a local port,
// path-style (`/bucket/key`). It checks what the real stores check — the AWS Signature V4
// (recomputed here with node:crypto, independently of the client's library), the credential
// scope's date, region and service, the clock skew, the signed payload hash against the body, the
// Content-Length of a PUT — and answers as S3 does: XML `<Error><Code>` bodies with S3's codes
// and statuses (SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed, NoSuchKey,
// NoSuchBucket, XAmzContentSHA256Mismatch, MissingContentLength, SlowDown). Objects live in memory.
//
// Run standalone (`tsx tests/fakes/s3-server.ts`); it prints the env to point the server at it.
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { serveLoopback } from "./loopback";

export const FAKE_S3_ACCESS_KEY_ID = "AKIDfakeSteadyBackup0000";
export const FAKE_S3_SECRET = "fakeSteadyBackupSecret000000000000000000";
export const FAKE_S3_REGION = "ap-shanghai";
export const FAKE_S3_BUCKET = "steady-backup-1250000000";

export interface FakeS3Options {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  buckets?: string[];
  now?: () => number;
  port?: number;
}

export interface StoredS3Object {
  body: Buffer;
  meta: Record<string, string>;
  lastModified: number;
  etag: string;
}

export interface RecordedS3Request {
  method: string;
  path: string;
  status: number;
  code?: string;
  signedHeaders: string[];
  payloadHash?: string;
}

const STATUS: Record<string, number> = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  RequestTimeTooSkewed: 403,
  AuthorizationHeaderMalformed: 400,
  XAmzContentSHA256Mismatch: 400,
  MissingContentLength: 411,
  NoSuchKey: 404,
  NoSuchBucket: 404,
  SlowDown: 503,
  InternalError: 500,
};

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX). */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const sha256hex = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** AWS4 date `20261207T163000Z` → ms. */
const amzTime = (v: string) =>
  Date.parse(
    `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}Z`,
  );

export async function startFakeS3(opts: FakeS3Options = {}) {
  const accessKeyId = opts.accessKeyId ?? FAKE_S3_ACCESS_KEY_ID;
  const secret = opts.secretAccessKey ?? FAKE_S3_SECRET;
  const region = opts.region ?? FAKE_S3_REGION;
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, Map<string, StoredS3Object>>(
    (opts.buckets ?? [FAKE_S3_BUCKET]).map((b) => [b, new Map()]),
  );
  const requests: RecordedS3Request[] = [];
  let failures: { left: number; code: string } = { left: 0, code: "SlowDown" };

  function reply(
    res: ServerResponse,
    rec: RecordedS3Request,
    status: number,
    body: string | Buffer = "",
    headers: Record<string, string> = {},
  ) {
    rec.status = status;
    requests.push(rec);
    res.writeHead(status, { "x-amz-request-id": randomUUID(), ...headers });
    res.end(body);
  }

  function error(res: ServerResponse, rec: RecordedS3Request, code: string, message: string) {
    rec.code = code;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Resource>${xmlEscape(rec.path)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
    reply(res, rec, STATUS[code] ?? 400, rec.method === "HEAD" ? "" : xml, {
      "content-type": "application/xml",
    });
  }

  /** The signature check; returns an S3 error code and message, or null when the request is genuine. */
  function verify(req: IncomingMessage, url: URL, rawPath: string, body: Buffer, rec: RecordedS3Request) {
    const auth = req.headers.authorization ?? "";
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return ["AccessDenied", "Missing or malformed AWS4-HMAC-SHA256 Authorization header"] as const;
    const [, keyId, date, scopeRegion, service, signedList, signature] = m as unknown as string[];
    const signed = (signedList ?? "").split(";");
    rec.signedHeaders = signed;
    if (keyId !== accessKeyId) {
      return [
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
      ] as const;
    }
    if (scopeRegion !== region) {
      return [
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; the region '${scopeRegion}' is wrong; expecting '${region}'`,
      ] as const;
    }
    if (service !== "s3") return ["AuthorizationHeaderMalformed", `service '${service}' is not s3`] as const;
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) {
      return ["AccessDenied", "X-Amz-Date is missing or does not match the credential scope date"] as const;
    }
    if (Math.abs(amzTime(amzDate) - now()) > 15 * 60_000) {
      return [
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
      ] as const;
    }
    for (const h of ["host", "x-amz-date", "x-amz-content-sha256"]) {
      if (!signed.includes(h)) return ["AccessDenied", `${h} must be a signed header`] as const;
    }
    const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
    rec.payloadHash = payloadHash;
    // Canonical request (AWS SigV4 for S3: the path's segments encoded once, query sorted).
    const canonicalUri = rawPath
      .split("/")
      .map((seg) => uriEncode(decodeURIComponent(seg)))
      .join("/");
    const canonicalQuery = [...url.searchParams]
      .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
      .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const canonicalHeaders = signed
      .map((h) => {
        const v = req.headers[h];
        return `${h}:${(Array.isArray(v) ? v.join(",") : (v ?? "")).trim().replace(/\s+/g, " ")}\n`;
      })
      .join("");
    const canonical = [
      req.method,
      canonicalUri,
      canonicalQuery,
      canonicalHeaders,
      signed.join(";"),
      payloadHash,
    ].join("\n");
    const scope = `${date}/${region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256hex(canonical)].join("\n");
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date ?? ""), region), "s3"), "aws4_request");
    const expected = createHmac("sha256", key).update(toSign).digest("hex");
    if (expected !== signature) {
      return [
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.",
      ] as const;
    }
    if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256hex(body)) {
      return [
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      ] as const;
    }
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
    const url = new URL(req.url ?? "/", "http://fake-s3");
    const method = req.method ?? "GET";
    const rec: RecordedS3Request = { method, path: rawPath, status: 0, signedHeaders: [] };
    const bad = verify(req, url, rawPath, body, rec);
    if (bad) return error(res, rec, bad[0], bad[1]);
    if (failures.left > 0) {
      failures.left--;
      return error(res, rec, failures.code, "Please reduce your request rate.");
    }
    const [, bucketName = "", ...rest] = rawPath.split("/");
    const key = rest.map((s) => decodeURIComponent(s)).join("/");
    const bucket = buckets.get(decodeURIComponent(bucketName));
    if (!bucket) return error(res, rec, "NoSuchBucket", "The specified bucket does not exist");

    if (!key) {
      if (method !== "GET")
        return error(res, rec, "AccessDenied", `${method} on a bucket is not supported here`);
      // ListObjects (version 1): prefix, marker, max-keys; keys in UTF-8 binary order.
      const prefix = url.searchParams.get("prefix") ?? "";
      const marker = url.searchParams.get("marker") ?? "";
      const max = Math.min(1000, Number(url.searchParams.get("max-keys") ?? 1000));
      const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
      const page = keys.slice(0, max);
      const truncated = keys.length > page.length;
      const contents = page
        .map((k) => {
          const o = bucket.get(k) as StoredS3Object;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${new Date(o.lastModified).toISOString()}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join("");
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><Marker>${xmlEscape(marker)}</Marker><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextMarker>${xmlEscape(page.at(-1) ?? "")}</NextMarker>` : ""}${contents}</ListBucketResult>`;
      return reply(res, rec, 200, xml, { "content-type": "application/xml" });
    }

    if (method === "PUT") {
      if (req.headers["content-length"] === undefined) {
        return error(res, rec, "MissingContentLength", "You must provide the Content-Length HTTP header.");
      }
      const meta: Record<string, string> = {};
      for (const [h, v] of Object.entries(req.headers)) {
        if (h.startsWith("x-amz-meta-") && typeof v === "string") meta[h.slice(11)] = v;
      }
      const etag = createHash("md5").update(body).digest("hex");
      bucket.set(key, { body, meta, lastModified: now(), etag });
      return reply(res, rec, 200, "", { etag: `"${etag}"` });
    }
    if (method === "GET" || method === "HEAD") {
      const o = bucket.get(key);
      if (!o) return error(res, rec, "NoSuchKey", "The specified key does not exist.");
      const headers: Record<string, string> = {
        "content-type": "application/octet-stream",
        "content-length": String(o.body.length),
        etag: `"${o.etag}"`,
        "last-modified": new Date(o.lastModified).toUTCString(),
      };
      for (const [k, v] of Object.entries(o.meta)) headers[`x-amz-meta-${k}`] = v;
      return reply(res, rec, 200, method === "HEAD" ? "" : o.body, headers);
    }
    if (method === "DELETE") {
      bucket.delete(key);
      return reply(res, rec, 204);
    }
    return error(res, rec, "AccessDenied", `${method} is not supported here`);
  }

  const server = await serveLoopback(handle, opts.port);
  const url = server.baseUrl;
  return {
    url,
    region,
    bucket: FAKE_S3_BUCKET,
    requests,
    /** The objects of a bucket (key → object). */
    objects: (bucket = FAKE_S3_BUCKET) => buckets.get(bucket) ?? new Map<string, StoredS3Object>(),
    /** The next `count` genuine requests are answered with this error (default 503 SlowDown). */
    failNext(count: number, code = "SlowDown") {
      failures = { left: count, code };
    },
    /** The env that points the Steady server's backups at this store. */
    env: (prefix = "steady/"): Record<string, string> => ({
      STEADY_BACKUP_S3_ENDPOINT: url,
      STEADY_BACKUP_S3_BUCKET: FAKE_S3_BUCKET,
      STEADY_BACKUP_S3_REGION: region,
      STEADY_BACKUP_S3_ACCESS_KEY_ID: accessKeyId,
      STEADY_BACKUP_S3_SECRET_ACCESS_KEY: secret,
      STEADY_BACKUP_S3_PATH_STYLE: "1",
      STEADY_BACKUP_S3_PREFIX: prefix,
    }),
    close: server.close,
  };
}
export type FakeS3 = Awaited<ReturnType<typeof startFakeS3>>;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  startFakeS3({ port: Number(process.env.PORT ?? 0) }).then((s3) => {
    console.log(`fake S3-compatible store on ${s3.url}; point the server at it with:`);
    for (const [k, v] of Object.entries(s3.env())) console.log(`  ${k}=${v}`);
  });
}
