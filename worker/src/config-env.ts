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
  });
}
