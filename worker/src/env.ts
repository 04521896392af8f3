// The app's dependencies and per-request context. The app receives everything it touches
// from outside (database, clock, WeChat, config) so Node, Workers and tests wire it differently.
import type { PortalRole, Thresholds } from "@steady/shared";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { Context } from "hono";
import type { PatientRef } from "./access/patient-ref";
import type { ClientLimiter } from "./auth/login-guard";
import type * as schema from "./db/schema";
import type { Mailer } from "./mail/mailer";
import type { ApiReference } from "./openapi-reference";
import type { WechatClient } from "./wechat/client";

/** Any async SQLite-dialect Drizzle database: libSQL (file, :memory:, HTTP) or D1. */
// biome-ignore lint/suspicious/noExplicitAny: the driver's run-result type differs between libSQL and D1.
export type Db = BaseSQLiteDatabase<"async", any, typeof schema> & {
  batch: LibSQLDatabase<typeof schema>["batch"];
};

export interface Config {
  /** "dev" accepts `dev:<name>` WeChat codes and demo logins; never in production. */
  mode: "dev" | "production";
  version: string;
  /** Origins allowed to make cookie-authenticated state changes besides the API's own. */
  trustedOrigins: string[];
  /** Origins allowed to call the API from a browser (the mini-program's H5 build in dev). */
  corsOrigins: string[];
  patientSessionTtlMs: number;
  portalSessionTtlMs: number;
  /** Set the Secure flag on cookies (off on plain-HTTP localhost). */
  secureCookies: boolean;
  /**
   * The origin people reach the service at (`PUBLIC_ORIGIN`): invite links and enrolment URLs are
   * built from it, never from the request's Host header. Null: not configured.
   */
  publicOrigin: string | null;
}

export interface Deps {
  db: Db;
  clock: () => number;
  wechat: WechatClient;
  config: Config;
  /** The client's address for the login limiter: socket or trusted proxy header (Node), CF-Connecting-IP (Workers). */
  clientAddress?: (c: Context<AppEnv>) => string | undefined;
  /** Per-client login limiter; default: the libSQL-backed one over `db`. */
  loginLimiter?: ClientLimiter;
  /** Where messages to people go (invite links); default: the database outbox. */
  mailer?: Mailer;
  /**
   * The OpenAPI document and reference page: `generatedReference` (openapi-reference.ts) on Node
   * and in tests, the built static files on Workers (openapi-assets.ts, ADR 0019). Without it
   * (benches) both routes answer 404.
   */
  apiReference?: ApiReference;
}

/** What every patient request needs, loaded with the session in one query. */
export interface PatientContext {
  /** Minted by the patient session: the caller is this patient. */
  patientId: PatientRef;
  timezone: string;
  thresholds: Thresholds;
  bpTarget: { systolic: number; diastolic: number };
}

export type Principal =
  | ({ role: "patient" } & PatientContext)
  | { role: PortalRole; userId: string; name: string };

export interface AppEnv {
  Variables: {
    deps: Deps;
    principal: Principal | null;
  };
}

export const defaultConfig = (over: Partial<Config> = {}): Config => ({
  mode: "dev",
  version: "0.1.0",
  trustedOrigins: [],
  corsOrigins: [],
  patientSessionTtlMs: 90 * 24 * 3600_000,
  portalSessionTtlMs: 12 * 3600_000,
  secureCookies: false,
  publicOrigin: null,
  ...over,
});

/** S3-compatible object storage for backups (Tencent COS, Aliyun OSS; docs/deploy-china.md). */
export interface BackupStoreConfig {
  /** `https://cos.ap-shanghai.myqcloud.com`, `https://oss-cn-shanghai.aliyuncs.com`, … */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** endpoint/bucket/key instead of bucket.endpoint/key (MinIO, the local fake store). */
  pathStyle: boolean;
  /** Key prefix of every backup object, ending in "/". */
  prefix: string;
}

/** Scheduled online backups of the Node server's embedded database (backup/job.ts). */
export interface BackupConfig {
  /** Minutes between backups; 0: no scheduled backups. */
  intervalMinutes: number;
  /** Newest backups always kept. */
  keepLast: number;
  /** Besides those, the newest backup of each of this many days (UTC) is kept. */
  keepDaily: number;
  /** Where snapshots are written before upload (and kept, without object storage). */
  dir: string;
  /** Null: backups stay in `dir` only (development; production warns). */
  store: BackupStoreConfig | null;
}
