// The Worker bundle as deployed, gzip (docs/budgets.md: 150 KB): `wrangler deploy --dry-run
// --minify` into a temporary directory, as `pnpm bench` measures it, with the share of each
// package (esbuild's metafile, minified bytes before gzip) so a change that grows it shows where.
// Fails above the budget. wrangler.toml's [build] writes the API reference into the assets first.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 150 * 1024;
const root = join(import.meta.dirname, "..", "..");
const out = mkdtempSync(join(tmpdir(), "steady-worker-size-"));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

try {
  const meta = join(out, "meta.json");
  execFileSync(
    join(root, "worker", "node_modules", ".bin", "wrangler"),
    ["deploy", "--dry-run", "--minify", "--outdir", join(out, "bundle"), "--metafile", meta],
    {
      cwd: root,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        XDG_CONFIG_HOME: join(root, ".xdg"),
      },
      stdio: "pipe",
    },
  );
  const js = readdirSync(join(out, "bundle")).filter((f) => f.endsWith(".js"));
  const bytes = js.map((f) => readFileSync(join(out, "bundle", f)));
  const raw = bytes.reduce((s, b) => s + b.length, 0);
  const gz = bytes.reduce((s, b) => s + gzipSync(b).length, 0);

  // Minified bytes by package (node_modules) or by folder of worker/src and shared/src.
  const shares = new Map();
  const { outputs } = JSON.parse(readFileSync(meta, "utf8"));
  for (const output of Object.values(outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = file.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)?.[1];
      const own = file.match(/(worker|shared)\/src\/([^/]+\/)?/)?.[0];
      const key = pkg ?? own ?? file;
      shares.set(key, (shares.get(key) ?? 0) + bytesInOutput);
    }
  }
  console.log("Worker bundle, minified bytes before gzip:");
  for (const [key, n] of [...shares].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${key.padEnd(40)} ${kb(n).padStart(10)}`);
  }
  console.log(`  ${"total".padEnd(40)} ${kb(raw).padStart(10)}   ${kb(gz)} gzip, budget ${kb(BUDGET)}`);
  if (gz > BUDGET) {
    console.error(`the Worker bundle is ${kb(gz)} gzip: over the ${kb(BUDGET)} budget`);
    process.exitCode = 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
