// The whole local stack for cross-package tests: the real Node server (API + built portal) on a
// free port, over a fresh libSQL file seeded with the demo data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "@steady/worker/node";

export interface StackOptions {
  /** Demo patients to seed (default 20: enough for every tier, quick to create). */
  patients?: number;
  env?: Record<string, string>;
}

export async function startStack(opts: StackOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "steady-stack-"));
  const server = await startServer({
    port: 0,
    dbUrl: `file:${join(dir, "steady.db")}`,
    seedPatients: opts.patients ?? 20,
    quiet: true,
    env: { STEADY_MODE: "dev", ...opts.env },
  });
  return {
    baseUrl: server.baseUrl,
    db: server.db,
    codes: { clinicA: "A-DEMO-CHEN", clinicB: "B-DEMO-WANG" },
    password: "steady-demo",
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;
