// Weapp package sizes: the main package and each subpackage, as WeChat counts them (every
// file under the package root; the main package is everything outside subpackage roots).
// Exits non-zero when any package exceeds WeChat's 2 MB limit. Run after `build:weapp`.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";

// Optional argument: another build folder (the tests use a made-up one).
const dist = process.argv[2] ?? join(import.meta.dirname, "..", "dist");
const LIMIT = 2 * 1024 * 1024;
const GOAL = 600 * 1024;

if (!existsSync(join(dist, "app.json"))) {
  console.error("miniapp/dist/app.json not found: run `pnpm build:weapp` first");
  process.exit(2);
}
const app = JSON.parse(readFileSync(join(dist, "app.json"), "utf8"));
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ""));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const packages = new Map([
  ["main", { raw: 0, gzip: 0, files: 0 }],
  ...roots.map((r) => [r, { raw: 0, gzip: 0, files: 0 }]),
]);
for (const path of files(dist)) {
  const rel = relative(dist, path).split(sep).join("/");
  if (rel.endsWith(".map")) continue; // source maps are not uploaded
  const owner = roots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? "main";
  const bytes = readFileSync(path);
  const entry = packages.get(owner);
  entry.raw += bytes.length;
  entry.gzip += gzipSync(bytes).length;
  entry.files += 1;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let total = 0;
let over = false;
console.log("package                raw        gzip   files");
for (const [name, s] of packages) {
  total += s.raw;
  const flag =
    s.raw > LIMIT ? "  ✗ over 2 MB" : name === "main" && s.raw > GOAL ? "  ! over 600 KB goal" : "";
  if (s.raw > LIMIT) over = true;
  console.log(
    `${name.padEnd(18)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} ${String(s.files).padStart(6)}${flag}`,
  );
}
console.log(`${"total".padEnd(18)} ${kb(total).padStart(10)}`);
if (over) {
  console.error("A package is over WeChat's 2 MB limit.");
  process.exit(1);
}
