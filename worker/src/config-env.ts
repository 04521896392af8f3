// Configuration from environment variables (Node) or Worker bindings: one parser for both.
import { type Config, defaultConfig } from "./env";

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
