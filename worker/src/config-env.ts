// Configuration: one schema for every environment variable (Node) or Worker binding the server
// reads, parsed once at start by the entry (entry-node.ts, entry-worker.ts, cli/steady.ts). The
// rest of the code receives the parsed `Settings`, never the raw environment. A bad value stops
// the start with an error naming the variable. The README's Configuration table lists the same
// variables (config-env.test.ts checks that it does).
import * as z from "zod/mini";
import { type BackupConfig, type BackupStoreConfig, type Config, defaultConfig } from "./env";

export type EnvVars = Record<string, string | undefined>;

/** An http(s) origin: `https://steady.example.cn/` → `https://steady.example.cn`. */
export function originOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(
      `expected an http(s) origin such as https://steady.example.cn, got ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`expected an http(s) origin, got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/** A string turned into a typed value; a thrown Error becomes the issue's message. */
const parsed = <T>(parse: (v: string) => T) =>
  z.pipe(
    z.string(),
    z.transform((v: string, ctx) => {
      try {
        return parse(v);
      } catch (e) {
        ctx.issues.push({ code: "custom", message: (e as Error).message, input: v });
        return z.NEVER;
      }
    }),
  );

const flag = parsed((v) => {
  if (v === "0" || v === "false") return false;
  if (v === "1" || v === "true") return true;
  throw new Error(`expected 0 or 1, got ${JSON.stringify(v)}`);
});
const integer = (min: number, max: number) =>
  parsed((v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || n < min || n > max)
      throw new Error(`expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    return n;
  });
const list = parsed((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const origins = parsed((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(originOf),
);
const httpUrl = parsed((v) => {
  const origin = originOf(v); // checks the scheme
  return new URL(v.trim()).pathname === "/" ? origin : v.trim().replace(/\/$/, "");
});
const jsonOf = <T>(check: (v: unknown) => v is T, what: string) =>
  parsed((v) => {
    let value: unknown;
    try {
      value = JSON.parse(v);
    } catch {
      throw new Error(`expected JSON (${what})`);
    }
    if (!check(value)) throw new Error(`expected ${what}`);
    return value;
  });
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown): v is Record<string, string> =>
  isRecord(v) && Object.values(v).every((x) => typeof x === "string");
const isStringMapMap = (v: unknown): v is Record<string, Record<string, string>> =>
  isRecord(v) && Object.values(v).every(isStringMap);
const text = z.string().check(z.trim(), z.minLength(1, "must not be empty"));
const opt = <S extends z.ZodMiniType>(s: S) => z.optional(s);

/** Every variable the server reads. Empty strings count as unset. */
export const settingsSchema = z.object({
  STEADY_MODE: opt(z.enum(["dev", "production"])),
  PORT: z._default(integer(0, 65535), 8787),
  DATABASE_URL: opt(text),
  DATABASE_AUTH_TOKEN: opt(text),
  STEADY_SEED: z._default(flag, true),
  STEADY_DEMO_PATIENTS: opt(integer(0, 1_000_000)), // default: seed/demo.ts DEMO_PATIENTS
  STEADY_GROUP_COMMIT: z._default(flag, true),
  STEADY_DB_CLIENT: z._default(z.enum(["local", "libsql"]), "local"), // ADR 0017: measuring only
  STEADY_REMINDERS: z._default(flag, true),
  STEADY_SMS: z._default(flag, true),
  TRUSTED_ORIGINS: z._default(origins, []),
  CORS_ORIGINS: z._default(origins, []),
  PUBLIC_ORIGIN: opt(parsed(originOf)),
  CLIENT_IP_HEADER: opt(z.string().check(z.regex(/^[A-Za-z0-9-]+$/, "expected an HTTP header name"))),
  WECHAT_APPID: opt(text),
  WECHAT_SECRET: opt(text),
  WECHAT_API_BASE: z._default(httpUrl, "https://api.weixin.qq.com"),
  WECHAT_MINIPROGRAM_STATE: z._default(z.enum(["formal", "trial", "developer"]), "formal"),
  WECHAT_TEMPLATE_DOSE: opt(text),
  WECHAT_TEMPLATE_FOLLOW_UP: opt(text),
  WECHAT_TEMPLATE_TIP: opt(text),
  WECHAT_TEMPLATE_FIELDS: opt(jsonOf(isStringMapMap, 'an object such as {"dose": {"drug": "thing1"}}')),
  WECHAT_TEMPLATE_LONG_TERM: z._default(list, []),
  WECHAT_TEMPLATE_FAMILY: opt(text),
  WECHAT_TEMPLATE_FAMILY_FIELDS: opt(jsonOf(isStringMap, 'an object such as {"name": "thing1"}')),
  TENCENT_SMS_SECRET_ID: opt(text),
  TENCENT_SMS_SECRET_KEY: opt(text),
  TENCENT_SMS_SDK_APP_ID: opt(text),
  TENCENT_SMS_SIGN_NAME: opt(text),
  TENCENT_SMS_TEMPLATE_DOSE: opt(text),
  TENCENT_SMS_TEMPLATE_FOLLOW_UP: opt(text),
  TENCENT_SMS_TEMPLATE_FAMILY_MISSED: opt(text),
  TENCENT_SMS_TEMPLATE_FAMILY_URGENT: opt(text),
  TENCENT_SMS_REGION: z._default(text, "ap-guangzhou"),
  TENCENT_SMS_API_BASE: z._default(httpUrl, "https://sms.tencentcloudapi.com"),
  // Backups of the embedded database (Node server only; docs/deploy-china.md).
  STEADY_BACKUP_INTERVAL_MINUTES: opt(integer(0, 10_080)), // default: 60 in production, 0 (off) in dev
  STEADY_BACKUP_KEEP_LAST: z._default(integer(1, 10_000), 48),
  STEADY_BACKUP_KEEP_DAILY: z._default(integer(0, 10_000), 35),
  STEADY_BACKUP_DIR: opt(text),
  STEADY_BACKUP_S3_ENDPOINT: opt(text),
  STEADY_BACKUP_S3_BUCKET: opt(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name")),
  ),
  STEADY_BACKUP_S3_REGION: opt(text),
  STEADY_BACKUP_S3_ACCESS_KEY_ID: opt(text),
  STEADY_BACKUP_S3_SECRET_ACCESS_KEY: opt(text),
  STEADY_BACKUP_S3_PREFIX: z._default(
    z
      .string()
      .check(z.regex(/^$|^[^/].*\/$/, 'expected empty or a prefix ending in "/" (not starting with it)')),
    "steady/",
  ),
  STEADY_BACKUP_S3_PATH_STYLE: z._default(flag, false),
});

export type Settings = z.infer<typeof settingsSchema>;
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/** A bad environment variable: the message names it, its problem and the README's table. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration (see README.md, Configuration):\n${problems
        .map((p) => `  ${p.variable}: ${p.message}`)
        .join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment once. Only the variables of the schema are read (a Worker's env also
 * holds its bindings, a shell's everything else); empty values count as unset.
 */
export function parseSettings(env: EnvVars): Settings {
  const input: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const v = env[name];
    if (typeof v === "string" && v.trim() !== "") input[name] = v;
  }
  const result = z.safeParse(settingsSchema, input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({
        variable: String(i.path[0] ?? "(environment)"),
        message: i.message,
      })),
    );
  }
  return result.data;
}

/** The app's configuration from the settings; `fallbackMode` when STEADY_MODE is unset. */
export function configFromSettings(s: Settings, fallbackMode: Config["mode"]): Config {
  const mode = s.STEADY_MODE ?? fallbackMode;
  return defaultConfig({
    mode,
    trustedOrigins: s.TRUSTED_ORIGINS,
    corsOrigins: s.CORS_ORIGINS,
    secureCookies: mode === "production",
    publicOrigin: s.PUBLIC_ORIGIN ?? null,
  });
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * Backups of the embedded database from the settings. Object storage is configured by
 * `STEADY_BACKUP_S3_BUCKET` and its companions, all or none; plain HTTP only to a loopback
 * address (a local test store). A bad combination is a ConfigError naming the variable.
 */
export function backupConfigFromSettings(
  s: Settings,
  mode: Config["mode"],
  defaultDir: string,
): BackupConfig {
  const problems: { variable: string; message: string }[] = [];
  let store: BackupStoreConfig | null = null;
  if (s.STEADY_BACKUP_S3_BUCKET) {
    const need = (name: keyof Settings) => {
      const v = s[name];
      if (typeof v !== "string")
        problems.push({ variable: name, message: "required with STEADY_BACKUP_S3_BUCKET" });
      return typeof v === "string" ? v : "";
    };
    const endpoint = need("STEADY_BACKUP_S3_ENDPOINT");
    let origin = "";
    if (endpoint) {
      try {
        const url = new URL(endpoint);
        if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname)))
          throw new Error();
        origin = url.origin;
      } catch {
        problems.push({
          variable: "STEADY_BACKUP_S3_ENDPOINT",
          message: `expected an https URL (plain http only to loopback), got ${JSON.stringify(endpoint)}`,
        });
      }
    }
    store = {
      endpoint: origin,
      bucket: s.STEADY_BACKUP_S3_BUCKET,
      region: need("STEADY_BACKUP_S3_REGION"),
      accessKeyId: need("STEADY_BACKUP_S3_ACCESS_KEY_ID"),
      secretAccessKey: need("STEADY_BACKUP_S3_SECRET_ACCESS_KEY"),
      pathStyle: s.STEADY_BACKUP_S3_PATH_STYLE,
      prefix: s.STEADY_BACKUP_S3_PREFIX,
    };
  } else {
    for (const name of [
      "STEADY_BACKUP_S3_ENDPOINT",
      "STEADY_BACKUP_S3_ACCESS_KEY_ID",
      "STEADY_BACKUP_S3_SECRET_ACCESS_KEY",
    ] as const) {
      if (s[name]) problems.push({ variable: name, message: "set, but STEADY_BACKUP_S3_BUCKET is not" });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    // Hourly in production; in development only when asked for.
    intervalMinutes: s.STEADY_BACKUP_INTERVAL_MINUTES ?? (mode === "production" ? 60 : 0),
    keepLast: s.STEADY_BACKUP_KEEP_LAST,
    keepDaily: s.STEADY_BACKUP_KEEP_DAILY,
    dir: s.STEADY_BACKUP_DIR ?? defaultDir,
    store,
  };
}

/** The backup settings straight from an environment (the package export and its tests). */
export function backupConfigFromEnv(env: EnvVars, mode: Config["mode"], defaultDir: string): BackupConfig {
  return backupConfigFromSettings(parseSettings(env), mode, defaultDir);
}
