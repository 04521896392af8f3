// `pnpm lint:openapi`: writes the OpenAPI document the app serves to a temporary file and lints it
// with Redocly (recommended rules, redocly.yaml). No database: the document needs only the routes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createApp } from "../src/app";
import { type Db, defaultConfig } from "../src/env";
import { offlineWechatClient } from "../src/wechat/client";

const app = createApp({
  db: null as unknown as Db, // never touched: the document is built from the routes alone
  clock: Date.now,
  wechat: offlineWechatClient,
  config: defaultConfig(),
});
const res = await app.request("http://localhost/api/v1/openapi.json");
if (res.status !== 200) throw new Error(`openapi.json answered ${res.status}`);
const dir = mkdtempSync(join(tmpdir(), "steady-openapi-"));
const file = join(dir, "openapi.json");
writeFileSync(file, await res.text());
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
