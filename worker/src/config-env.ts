// Configuration from environment variables (Node) or Worker bindings: one parser for both.
import { type BackupConfig, type BackupStoreConfig, type Config, defaultConfig } from "./env";

export type EnvVars = Record<string, string | undefined>;

const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function configFromEnv(env: EnvVars, fallbackMode: Config["mode"]): Config {
  const mode =
    env.STEADY_MODE === "production" ? "production" : env.STEADY_MODE === "dev" ? "dev" : fallbackMode;
  return defaultConfig({
    mode,
    trustedOrigins: list(env.TRUSTED_ORIGINS),
    corsOrigins: list(env.CORS_ORIGINS),
    secureCookies: mode === "production",
    publicOrigin: originOf(env.PUBLIC_ORIGIN),
  });
}

/** `https://steady.example.cn/` → `https://steady.example.cn`; anything but an http(s) origin is refused. */
export function originOf(value: string | undefined): string | null {
  if (!value?.trim()) return null;
  const url = new URL(value.trim());
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`PUBLIC_ORIGIN must be an http(s) origin, got ${value}`);
  }
  return url.origin;
}

const whole = (env: EnvVars, name: string, fallback: number, min: number): number => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${raw}`);
  return n;
};

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * Backups of the embedded database (Node server only). Object storage is configured by
 * `STEADY_BACKUP_S3_BUCKET` and its companions, all or none; plain HTTP only to a loopback
 * address (a local test store). Throws, naming the variable, on anything invalid.
 */
export function backupConfigFromEnv(env: EnvVars, mode: Config["mode"], defaultDir: string): BackupConfig {
  const bucket = env.STEADY_BACKUP_S3_BUCKET?.trim();
  let store: BackupStoreConfig | null = null;
  if (bucket) {
    const need = (name: string) => {
      const v = env[name]?.trim();
      if (!v) throw new Error(`${name} is required with STEADY_BACKUP_S3_BUCKET`);
      return v;
    };
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new Error(`STEADY_BACKUP_S3_BUCKET is not a valid bucket name: ${bucket}`);
    }
    const endpoint = need("STEADY_BACKUP_S3_ENDPOINT");
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new Error(`STEADY_BACKUP_S3_ENDPOINT must be a URL, got ${endpoint}`);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
      throw new Error(
        `STEADY_BACKUP_S3_ENDPOINT must be https (plain http only to loopback), got ${endpoint}`,
      );
    }
    const pathStyle = env.STEADY_BACKUP_S3_PATH_STYLE?.trim() ?? "0";
    if (pathStyle !== "0" && pathStyle !== "1") throw new Error("STEADY_BACKUP_S3_PATH_STYLE must be 0 or 1");
    const prefix = env.STEADY_BACKUP_S3_PREFIX?.trim() ?? "steady/";
    if (prefix.startsWith("/") || (prefix && !prefix.endsWith("/"))) {
      throw new Error(
        `STEADY_BACKUP_S3_PREFIX must be empty or end in "/" (and not start with it), got ${prefix}`,
      );
    }
    store = {
      endpoint: url.origin,
      bucket,
      region: need("STEADY_BACKUP_S3_REGION"),
      accessKeyId: need("STEADY_BACKUP_S3_ACCESS_KEY_ID"),
      secretAccessKey: need("STEADY_BACKUP_S3_SECRET_ACCESS_KEY"),
      pathStyle: pathStyle === "1",
      prefix,
    };
  } else {
    for (const name of [
      "STEADY_BACKUP_S3_ENDPOINT",
      "STEADY_BACKUP_S3_ACCESS_KEY_ID",
      "STEADY_BACKUP_S3_SECRET_ACCESS_KEY",
    ]) {
      if (env[name]?.trim()) throw new Error(`${name} is set but STEADY_BACKUP_S3_BUCKET is not`);
    }
  }
  return {
    // Hourly in production; in development only when asked for.
    intervalMinutes: whole(env, "STEADY_BACKUP_INTERVAL_MINUTES", mode === "production" ? 60 : 0, 0),
    keepLast: whole(env, "STEADY_BACKUP_KEEP_LAST", 48, 1),
    keepDaily: whole(env, "STEADY_BACKUP_KEEP_DAILY", 35, 0),
    dir: env.STEADY_BACKUP_DIR?.trim() || defaultDir,
    store,
  };
}
