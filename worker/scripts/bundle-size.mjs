// The Worker bundle as deployed (docs/budgets.md: 150 KB gzip): `wrangler deploy --dry-run
// --minify` into a temporary directory, gzip of the emitted JS, and the share of each package
// (esbuild's metafile, minified bytes before gzip) so a change that grows it shows where.
// One measurement for `pnpm size` (scripts/size.mjs) and `pnpm bench` (@steady/worker/bundle-size).
// wrangler.toml's [build] writes the API reference into the portal's assets first.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const WORKER_BUNDLE_BUDGET = 150 * 1024;
const root = join(import.meta.dirname, "..", "..");

/** Bytes in the output by package (node_modules) or by folder of worker/src and shared/src. */
function sharesOf(metafile) {
  const shares = new Map();
  const { outputs } = JSON.parse(readFileSync(metafile, "utf8"));
  for (const output of Object.values(outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = file.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)?.[1];
      const own = file.match(/(worker|shared)\/src\/([^/]+\/)?/)?.[0];
      const key = pkg ?? own ?? file;
      shares.set(key, (shares.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...shares].sort((a, b) => b[1] - a[1]);
}

export function measureWorkerBundle() {
  const out = mkdtempSync(join(tmpdir(), "steady-worker-size-"));
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
    return {
      raw: bytes.reduce((s, b) => s + b.length, 0),
      gzip: bytes.reduce((s, b) => s + gzipSync(b).length, 0),
      shares: sharesOf(meta),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
