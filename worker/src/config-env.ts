// Configuration: one schema for every environment variable (Node) or Worker binding the server
// reads, parsed once at start by the entry (entry-node.ts, entry-worker.ts, cli/steady.ts). The
// rest of the code receives the parsed `Settings`, never the raw environment. A bad value stops
// the start with an error naming the variable. The README's Configuration table lists the same
// variables (config-env.test.ts checks that it does).
import * as z from "zod/mini";
import { type Config, defaultConfig } from "./env";

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
