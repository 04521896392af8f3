import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "..", "..", "scripts", "size-report.mjs");
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A made-up weapp build: app.json with one subpackage, and files of the given sizes. */
function fakeBuild(files: Record<string, number>) {
  dir = mkdtempSync(join(tmpdir(), "weapp-size-"));
  writeFileSync(
    join(dir, "app.json"),
    JSON.stringify({
      pages: ["pages/a/index"],
      subPackages: [{ root: "packages/trends", pages: ["index"] }],
    }),
  );
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), "x".repeat(bytes));
  }
  return spawnSync(process.execPath, [SCRIPT, dir], { encoding: "utf8" });
}

it("reports the main package and each subpackage separately", () => {
  // main: app.json (~90 B) + 10 240 B = about 10.1 KB; trends: 2 048 B = 2.0 KB.
  const res = fakeBuild({ "taro.js": 10_240, "packages/trends/index.js": 2048 });
  expect(res.status).toBe(0);
  expect(res.stdout).toMatch(/main\s+10\.\d KB/);
  expect(res.stdout).toMatch(/packages\/trends\s+2\.0 KB/);
});

it("fails above WeChat's 2 MB package limit", () => {
  const res = fakeBuild({ "vendors.js": 2 * 1024 * 1024 + 1 });
  expect(res.status).toBe(1);
  expect(res.stdout).toContain("over 2 MB");
});
