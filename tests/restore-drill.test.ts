// The restore drill (docs/deploy-china.md, Backups): the real Node server over a libSQL file takes
// blood-pressure writes over HTTP without pause while the backup job snapshots the database and
// uploads it to the (fake) S3-compatible store; the backup is then restored from the store into a
// fresh file. Every write acknowledged before the backup began must be in it, integrity_check must
// say ok, and no write may fail because a backup is running. A second backup after the load must
// hold every acknowledged write. Prints the figures for the notes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { backupConfigFromEnv, restoreBackup, runBackup, storeFor } from "@steady/worker/backup";
import { startServer } from "@steady/worker/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeS3, startFakeS3 } from "./fakes/s3-server";

let s3: FakeS3;
let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;
let dbPath: string;

beforeAll(async () => {
  s3 = await startFakeS3();
  dir = mkdtempSync(join(tmpdir(), "steady-drill-"));
  dbPath = join(dir, "steady.db");
  server = await startServer({
    port: 0,
    dbUrl: `file:${dbPath}`,
    // DRILL_PATIENTS=2000 for a bigger database when measuring by hand; CI keeps it quick.
    seedPatients: Number(process.env.DRILL_PATIENTS ?? 100),
    quiet: true,
    env: { STEADY_MODE: "dev", STEADY_REMINDERS: "0", ...s3.env("drill/") },
  });
});

afterAll(async () => {
  await server?.close();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api(path: string, token: string | null, body: unknown) {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

async function patient(name: string): Promise<string> {
  const token = (await api("/auth/wechat", null, { code: `dev:${name}` })).json?.token as string;
  const enrol = await api("/enrol", token, {
    code: "A-DEMO-CHEN",
    consent: { version: "2026-01", accepted: true },
    profile: { name: "演练", birthYear: 1960, sex: "female" },
  });
  expect(enrol.status).toBe(201);
  return token;
}

async function idsIn(path: string): Promise<Set<string>> {
  const c = createClient({ url: `file:${path}` });
  const rows = (await c.execute("SELECT id FROM bp_readings")).rows;
  const integrity = (await c.execute("PRAGMA integrity_check")).rows[0]?.[0];
  c.close();
  expect(integrity).toBe("ok");
  return new Set(rows.map((r) => String(r.id)));
}

it("backs up under continuous writes and restores every acknowledged write", async () => {
  const tokens = await Promise.all(["drill-1", "drill-2", "drill-3", "drill-4"].map(patient));
  const acked: { id: string; at: number }[] = [];
  const failures: number[] = [];
  let stop = false;
  let n = 0;
  // Eight writers, each sending its next write as soon as the last is answered.
  const writer = async (w: number) => {
    while (!stop) {
      const id = crypto.randomUUID();
      const i = n++;
      const r = await api("/me/bp", tokens[w % tokens.length] as string, {
        id,
        systolic: 110 + (i % 40),
        diastolic: 70 + (i % 20),
        measuredAt: Date.now() - 3600_000 - i * 1000,
      });
      if (r.status === 201 || r.status === 200) acked.push({ id, at: performance.now() });
      else failures.push(r.status);
    }
  };
  const loadStartedAt = performance.now();
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));

  const env = s3.env("drill/");
  const config = backupConfigFromEnv(env, "production", join(dir, "staging"));
  const store = storeFor(config);
  await new Promise((r) => setTimeout(r, 1500)); // the load is running
  const before = acked.length;
  const startedAt = performance.now();
  const backup = await runBackup({ dbPath, config, store });
  const during = acked.filter((a) => a.at >= startedAt).length;
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  await Promise.all(writers);
  const loadSecs = (performance.now() - loadStartedAt) / 1000;
  const final = await runBackup({ dbPath, config, store });

  expect(failures).toEqual([]);
  expect(during).toBeGreaterThan(0); // the server kept acknowledging writes while the backup ran

  // Restore the backup taken under load into a fresh file, from the store.
  const restoredPath = join(dir, "restored.db");
  const restored = await restoreBackup({ source: backup.key, dest: restoredPath, store, prefix: "drill/" });
  expect(restored.integrity).toBe("ok");
  const inBackup = await idsIn(restoredPath);
  const mustHave = acked.filter((a) => a.at < startedAt);
  expect(mustHave.length).toBe(before);
  expect(mustHave.filter((a) => !inBackup.has(a.id))).toEqual([]);

  // The backup after the load holds every acknowledged write.
  const finalPath = join(dir, "restored-final.db");
  await restoreBackup({ source: "latest", dest: finalPath, store, prefix: "drill/" });
  const inFinal = await idsIn(finalPath);
  expect(acked.filter((a) => !inFinal.has(a.id))).toEqual([]);

  console.log(
    [
      "restore drill:",
      `  backup under load: ${backup.totalMs.toFixed(0)} ms (snapshot ${backup.snapshotMs.toFixed(0)} ms, integrity_check ${backup.checkMs.toFixed(0)} ms, hash+gzip ${backup.compressMs.toFixed(0)} ms, upload ${backup.uploadMs.toFixed(0)} ms)`,
      `  size: ${(backup.bytes / 1e6).toFixed(2)} MB database, ${(backup.storedBytes / 1e6).toFixed(2)} MB stored (gzip)`,
      `  writes acknowledged: ${before} before the backup began (all in it), ${during} while it ran, ${acked.length} in all, 0 failed`,
      `  writes in the backup: ${inBackup.size}; after the load: ${inFinal.size} (final backup ${final.totalMs.toFixed(0)} ms)`,
      `  load: ${(acked.length / loadSecs).toFixed(0)} writes/s acknowledged over ${loadSecs.toFixed(1)} s`,
    ].join("\n"),
  );
});
