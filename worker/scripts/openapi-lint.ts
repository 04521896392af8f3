// `pnpm lint:openapi`: writes the OpenAPI document the app serves (and the Worker's build ships,
// openapi-files.ts) to a temporary directory and lints it with Redocly (recommended rules,
// redocly.yaml). No database: the document needs only the routes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeReferenceFiles } from "./openapi-files";

const dir = mkdtempSync(join(tmpdir(), "steady-openapi-"));
const file = (await writeReferenceFiles(dir)).document;
const root = resolve(import.meta.dirname, "../..");
try {
  execFileSync(
    join(root, "node_modules/.bin/redocly"),
    ["lint", file, "--config", join(root, "redocly.yaml"), "--format", "stylish"],
    {
      stdio: "inherit",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
} catch {
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
