#!/usr/bin/env node
// `npm start` / `npm test` on a fresh machine with only Node: make sure Node 24 runs everything
// after this point, install pnpm and the workspace's dependencies (and, for tests, Debian's
// Chromium and a CJK font), then run the real command.
//
// Node 24: when the machine's node is older, the official Node binary is installed from the npm
// registry (the `node-<platform>-<arch>` package ships it; no other download host is reachable
// here) into .cache/, and this script re-runs itself with that binary first on PATH, so pnpm,
// tsx, vitest, wrangler and every child process they start run on Node 24 (docs/toolchain.md).
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_VERSION = "24.22.3";
const NODE_MAJOR = Number(NODE_VERSION.split(".")[0]);
const PNPM_VERSION = "12.21.0";
const root = fileURLToPath(new URL("..", import.meta.url));
const task = process.argv[2];
const run = (cmd, opts = {}) => {
  console.error(`› ${cmd}`);
  execSync(cmd, { stdio: "inherit", ...opts });
};
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

if (Number(process.versions.node.split(".")[0]) < NODE_MAJOR) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, ".cache", `node-${NODE_VERSION}`);
  const bin = join(prefix, "node_modules", pkg, "bin", "node");
  if (!existsSync(bin)) {
    console.error(
      `Node ${process.versions.node} is older than ${NODE_MAJOR}: installing Node ${NODE_VERSION} (${pkg})`,
    );
    run(
      `npm install --prefix "${prefix}" --no-save --no-package-lock --no-audit --no-fund ${pkg}@${NODE_VERSION}`,
    );
  }
  const env = { ...process.env, PATH: `${dirname(bin)}${delimiter}${process.env.PATH ?? ""}` };
  const again = spawnSync(bin, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env,
  });
  process.exit(again.status ?? 1);
}
console.error(`› node ${process.version} (${process.execPath})`);

if (!has("pnpm") || !execSync("pnpm --version").toString().startsWith("12.")) {
  run(`npm install -g pnpm@${PNPM_VERSION}`);
}
run("pnpm install --frozen-lockfile", { cwd: root });

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
const result = spawnSync("pnpm", ["run", script], { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
