// `wrangler dev` (workerd + local D1 + local Queues) over a fresh persisted database migrated
// from the committed migrations, for the workerd tests and the reminders bench.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

export const root = join(import.meta.dirname, "..", "..");
const wrangler = join(root, "worker", "node_modules", ".bin", "wrangler");
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  XDG_CONFIG_HOME: join(root, ".xdg"),
  NO_COLOR: "1",
};

/** A persist directory with the migrations applied; returns it and the D1 SQLite file inside. */
export function migratedD1(): { persist: string; sqlite: string } {
  const persist = mkdtempSync(join(tmpdir(), "steady-d1-"));
  const dist = join(root, "portal", "dist");
  mkdirSync(dist, { recursive: true }); // wrangler.toml serves it as assets
  if (!existsSync(join(dist, "index.html")))
    writeFileSync(join(dist, "index.html"), '<!doctype html><html lang="zh-CN"><title>稳稳</title></html>\n');
  execFileSync(wrangler, ["d1", "migrations", "apply", "steady", "--local", "--persist-to", persist], {
    cwd: root,
    env,
    stdio: "pipe",
  });
  const dir = join(persist, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 SQLite file in ${dir}`);
  return { persist, sqlite: join(dir, file) };
}

export interface WranglerDev {
  base: string;
  /** wrangler's pid: also the process group of its workerd children. */
  pid: number;
  log(): string;
  stop(): void;
}

/** Starts `wrangler dev` on a free port over `persist`; waits until the API answers. */
export async function startWranglerDev(
  persist: string,
  vars: Record<string, string>,
  extra: string[] = [],
): Promise<WranglerDev> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persist, ...extra];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child: ChildProcess = spawn(wrangler, args, {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const stop = () => {
    if (child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL"); // wrangler and its workerd children
      } catch {
        // already gone
      }
    }
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok)
        return { base, pid: child.pid as number, log: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`wrangler dev did not start:\n${log}`);
}

export const removePersist = (persist: string) => rmSync(persist, { recursive: true, force: true });
