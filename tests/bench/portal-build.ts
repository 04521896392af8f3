// Builds the clinician portal (portal/dist) that the stack's server serves, for the portal's
// end-to-end test and bench. PORTAL_PREBUILT=1 skips the build when dist is known to be fresh.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const PORTAL_DIR = join(import.meta.dirname, "..", "..", "portal");

export function buildPortal() {
  if (process.env.PORTAL_PREBUILT === "1" && existsSync(join(PORTAL_DIR, "dist", "index.html"))) return;
  // Vitest's NODE_ENV=test would give a development React build: build as production.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "NODE_ENV" && k !== "TEST"),
  );
  execFileSync("pnpm", ["exec", "vite", "build", "--logLevel", "error"], {
    cwd: PORTAL_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env, NODE_ENV: "production" },
  });
}
