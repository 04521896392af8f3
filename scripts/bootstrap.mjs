#!/usr/bin/env node
// `npm start` / `npm test` on a fresh machine with only Node: install pnpm and the workspace's
// dependencies (and, for tests, Debian's Chromium and a CJK font), then run the real command.
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PNPM_VERSION = "12.21.0";
const task = process.argv[2];
const run = (cmd, opts = {}) => {
  console.error(`› ${cmd}`);
  execSync(cmd, { stdio: "inherit", ...opts });
};
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

if (!has("pnpm") || !execSync("pnpm --version").toString().startsWith("12.")) {
  run(`npm install -g pnpm@${PNPM_VERSION}`);
}
run("pnpm install --frozen-lockfile");

if (task === "test") {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const fontOk = spawnSync("sh", ["-c", "fc-list 2>/dev/null | grep -qi wqy"]).status === 0;
  if (!existsSync(chromium) || !fontOk) {
    if (process.getuid?.() === 0 && has("apt-get")) {
      run(
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei",
      );
    } else {
      console.error(
        "Chromium and fonts-wqy-zenhei are needed for the browser tests: apt-get install chromium fonts-wqy-zenhei",
      );
      process.exit(1);
    }
  }
}

const script = { start: "app:start", test: "app:test" }[task];
if (!script) {
  console.error("usage: node scripts/bootstrap.mjs start|test");
  process.exit(2);
}
const result = spawnSync("pnpm", ["run", script], { stdio: "inherit" });
process.exit(result.status ?? 1);
