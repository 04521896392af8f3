// First-route JS of the built portal, gzip (docs/budgets.md: 250 KB). The first route is what
// index.html loads before anything else: its entry script and every chunk it preloads. Lazy
// chunks (patient view, report, ECharts) are listed separately and do not count.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 250 * 1024;
const dist = join(import.meta.dirname, "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const first = new Set(
  [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)].map(
    (m) => m[1],
  ),
);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let total = 0;
console.log("First route (loaded by index.html):");
for (const f of first) {
  const n = gz(f);
  total += n;
  console.log(`  ${f.padEnd(48)} ${kb(n).padStart(10)}`);
}
console.log(`  ${"total".padEnd(48)} ${kb(total).padStart(10)}   budget ${kb(BUDGET)}`);
console.log("Loaded on demand:");
for (const f of readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js"))) {
  const rel = `assets/${f}`;
  if (!first.has(rel)) console.log(`  ${rel.padEnd(48)} ${kb(gz(rel)).padStart(10)}`);
}
if (total > BUDGET) {
  console.error(`first-route JS is ${kb(total)} gzip: over the ${kb(BUDGET)} budget`);
  process.exit(1);
}
