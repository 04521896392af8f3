// Builds the clinician portal (portal/dist) that the stack's server serves, for the portal's
// end-to-end test and bench. PORTAL_PREBUILT=1 skips the build; otherwise it runs once per change of the portal's sources.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildOnce, cleanBuildEnv, REPO } from "../support/build-once";

export const PORTAL_DIR = join(import.meta.dirname, "..", "..", "portal");

export function buildPortal() {
  if (process.env.PORTAL_PREBUILT === "1" && existsSync(join(PORTAL_DIR, "dist", "index.html"))) return;
  // Vitest's NODE_ENV=test would give a development React build: build as production.
  const settings = { NODE_ENV: "production" };
  buildOnce({
    outDir: join(PORTAL_DIR, "dist"),
    inputs: ["src", "public", "index.html", "vite.config.ts", "package.json", "tsconfig.json"]
      .map((p) => join(PORTAL_DIR, p))
      .concat(join(REPO, "shared", "src")),
    settings,
    build: () =>
      execFileSync("pnpm", ["exec", "vite", "build", "--logLevel", "error"], {
        cwd: PORTAL_DIR,
        stdio: ["ignore", "pipe", "pipe"],
        env: cleanBuildEnv(settings),
      }),
  });
}
