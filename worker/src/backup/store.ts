// Backups in S3-compatible object storage (Tencent COS, Aliyun OSS, AWS S3, MinIO): PUT, GET, list
// and DELETE signed with AWS Signature V4 (aws4fetch). The payload hash is signed too, so a body
// changed in transit is refused by the store. Busy answers (5xx, 429) are retried with backoff.
import { createHash } from "node:crypto";
import { AwsClient } from "aws4fetch";
import type { BackupStoreConfig } from "../env";

export interface StoredObject {
  key: string;
  size: number;
  lastModified: string;
}

/** An error answer from the store, with S3's error code (`NoSuchKey`, `SignatureDoesNotMatch`, …). */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`object store: ${status} ${code}: ${message}`);
  }
}

export interface ObjectStore {
  put(key: string, body: Uint8Array<ArrayBuffer>, meta?: Record<string, string>): Promise<void>;
  get(key: string): Promise<{ body: Uint8Array; meta: Record<string, string> }>;
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
}

/** The contents of every `<name>` element; `raw` keeps nested markup escaped for a second look. */
const tag = (xml: string, name: string, raw = false) =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, "g"))].map((m) =>
    raw ? (m[1] ?? "") : unescapeXml(m[1] ?? ""),
  );

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

async function failure(res: Response): Promise<StoreError> {
  const text = await res.text().catch(() => "");
  const code = tag(text, "Code")[0] ?? `HTTP${res.status}`;
  const message = tag(text, "Message")[0] ?? (text.slice(0, 200) || res.statusText);
  return new StoreError(res.status, code, message);
}

export function s3Store(cfg: BackupStoreConfig): ObjectStore {
  const aws = new AwsClient({
    accessKeyId: cfg.accessKeyId,
    secretAccessKey: cfg.secretAccessKey,
    service: "s3",
    region: cfg.region,
    retries: 4,
    initRetryMs: 200,
  });
  const endpoint = new URL(cfg.endpoint);
  // Virtual-hosted style (bucket.cos.ap-shanghai.myqcloud.com) is what COS and OSS expect; path
  // style (endpoint/bucket/key) for MinIO and the local fake store.
  const base = cfg.pathStyle
    ? `${endpoint.origin}/${cfg.bucket}`
    : `${endpoint.protocol}//${cfg.bucket}.${endpoint.host}`;
  const objectUrl = (key: string) => `${base}/${key.split("/").map(encodeURIComponent).join("/")}`;

  return {
    async put(key, body, meta = {}) {
      const sha = createHash("sha256").update(body).digest("hex");
      const headers: Record<string, string> = {
        "content-type": "application/octet-stream",
        "x-amz-content-sha256": sha,
      };
      for (const [k, v] of Object.entries(meta)) headers[`x-amz-meta-${k}`] = v;
      const res = await aws.fetch(objectUrl(key), { method: "PUT", headers, body });
      if (!res.ok) throw await failure(res);
      await res.arrayBuffer();
    },
    async get(key) {
      const res = await aws.fetch(objectUrl(key), { method: "GET" });
      if (!res.ok) throw await failure(res);
      const meta: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (k.startsWith("x-amz-meta-")) meta[k.slice("x-amz-meta-".length)] = v;
      });
      return { body: new Uint8Array(await res.arrayBuffer()), meta };
    },
    async list(prefix) {
      // ListObjects (version 1, marker paging): the form both COS and OSS answer.
      const out: StoredObject[] = [];
      let marker = "";
      for (;;) {
        const q = new URLSearchParams({ prefix, "max-keys": "1000", ...(marker ? { marker } : {}) });
        const res = await aws.fetch(`${base}/?${q}`, { method: "GET" });
        if (!res.ok) throw await failure(res);
        const xml = await res.text();
        for (const block of tag(xml, "Contents", true)) {
          out.push({
            key: tag(block, "Key")[0] ?? "",
            size: Number(tag(block, "Size")[0] ?? 0),
            lastModified: tag(block, "LastModified")[0] ?? "",
          });
        }
        if (tag(xml, "IsTruncated")[0] !== "true" || out.length === 0) break;
        marker = tag(xml, "NextMarker")[0] || (out.at(-1)?.key ?? "");
      }
      return out;
    },
    async delete(key) {
      const res = await aws.fetch(objectUrl(key), { method: "DELETE" });
      if (!res.ok && res.status !== 404) throw await failure(res);
      await res.arrayBuffer().catch(() => undefined);
    },
  };
}
