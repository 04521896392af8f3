// Backups against the fake S3-compatible store (tests/fakes/s3-server.ts): the signed requests it
// accepts and the ones it refuses, the backup job (snapshot, upload, retention) and restore.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { createClient } from "@libsql/client";
import {
  backupConfigFromEnv,
  backupName,
  type ObjectStore,
  openDb,
  restoreBackup,
  runBackup,
  StoreError,
  s3Store,
  startBackupTimer,
} from "@steady/worker/backup";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_S3_BUCKET, type FakeS3, startFakeS3 } from "./fakes/s3-server";

let s3: FakeS3;
let dir: string;
const configFor = (env: Record<string, string>) =>
  backupConfigFromEnv(env, "production", join(dir, "staging"));

beforeAll(async () => {
  s3 = await startFakeS3();
  dir = mkdtempSync(join(tmpdir(), "steady-backup-"));
});
afterAll(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  s3.objects().clear();
  s3.requests.length = 0;
});

const storeWith = (over: Record<string, string> = {}): ObjectStore => {
  const config = configFor({ ...s3.env(), ...over });
  if (!config.store) throw new Error("no store");
  return s3Store(config.store);
};
const code = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof StoreError ? `${e.status} ${e.code}` : String(e)),
  );

describe("the fake store checks the signature as S3 does", () => {
  it("accepts a signed PUT and GET, with the payload hash signed and the metadata kept", async () => {
    const store = storeWith();
    await store.put("steady/a.bin", Buffer.from("hello"), { sha256: "abc" });
    const got = await store.get("steady/a.bin");
    expect(Buffer.from(got.body).toString()).toBe("hello");
    expect(got.meta).toEqual({ sha256: "abc" });
    const put = s3.requests.find((r) => r.method === "PUT");
    expect(put?.signedHeaders).toEqual(
      expect.arrayContaining(["host", "x-amz-content-sha256", "x-amz-date"]),
    );
    expect(put?.payloadHash).toBe(createHash("sha256").update("hello").digest("hex"));
  });

  it("refuses an unsigned request with S3's XML error", async () => {
    const r = await fetch(`${s3.url}/${FAKE_S3_BUCKET}/steady/a.bin`, { method: "PUT", body: "x" });
    expect(r.status).toBe(403);
    expect(await r.text()).toMatch(/<Error><Code>AccessDenied<\/Code>/);
  });

  it("refuses a wrong secret, an unknown key id, a wrong region, a missing bucket, a missing key", async () => {
    expect(
      await code(storeWith({ STEADY_BACKUP_S3_SECRET_ACCESS_KEY: "wrong" }).put("k", Buffer.from("x"))),
    ).toBe("403 SignatureDoesNotMatch");
    expect(await code(storeWith({ STEADY_BACKUP_S3_ACCESS_KEY_ID: "AKIDnobody" }).list(""))).toBe(
      "403 InvalidAccessKeyId",
    );
    expect(await code(storeWith({ STEADY_BACKUP_S3_REGION: "ap-guangzhou" }).list(""))).toBe(
      "400 AuthorizationHeaderMalformed",
    );
    expect(await code(storeWith({ STEADY_BACKUP_S3_BUCKET: "other-bucket" }).list(""))).toBe(
      "404 NoSuchBucket",
    );
    expect(await code(storeWith().get("steady/missing.db.gz"))).toBe("404 NoSuchKey");
  });

  it("refuses a request signed with a clock 20 minutes off", async () => {
    const skewed = await startFakeS3({ now: () => Date.now() + 20 * 60_000 });
    try {
      const config = backupConfigFromEnv(skewed.env(), "production", dir);
      expect(await code(s3Store(config.store as never).list(""))).toBe("403 RequestTimeTooSkewed");
    } finally {
      await skewed.close();
    }
  });

  it("refuses a body that does not match the signed payload hash", async () => {
    // Sign for one body, send another: what a corrupting proxy would do.
    const { AwsClient } = await import("aws4fetch"); // the library the server signs with
    const aws = new AwsClient({
      accessKeyId: s3.env().STEADY_BACKUP_S3_ACCESS_KEY_ID as string,
      secretAccessKey: s3.env().STEADY_BACKUP_S3_SECRET_ACCESS_KEY as string,
      service: "s3",
      region: s3.region,
      retries: 0,
    });
    const signed = await aws.sign(`${s3.url}/${FAKE_S3_BUCKET}/steady/t.bin`, {
      method: "PUT",
      headers: { "x-amz-content-sha256": createHash("sha256").update("original").digest("hex") },
      body: "original",
    });
    const r = await fetch(signed.url, { method: "PUT", headers: signed.headers, body: "tampered" });
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/XAmzContentSHA256Mismatch/);
  });

  it("retries busy answers (503 SlowDown) and lists with marker paging", async () => {
    const store = storeWith();
    s3.failNext(2);
    await store.put("steady/b.bin", Buffer.from("b"));
    expect(s3.requests.filter((r) => r.code === "SlowDown")).toHaveLength(2);
    for (let i = 0; i < 1003; i++)
      s3.objects().set(`steady/k${String(i).padStart(4, "0")}`, {
        body: Buffer.from(""),
        meta: {},
        lastModified: Date.now(),
        etag: "",
      });
    const listed = await store.list("steady/");
    expect(listed).toHaveLength(1004);
    expect(
      s3.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/${FAKE_S3_BUCKET}/`)),
    ).toHaveLength(2);
  });
});

async function makeDb(path: string, rows: number) {
  const { db, client, close } = await openDb(`file:${path}`);
  void db;
  await client.execute("CREATE TABLE IF NOT EXISTS drill (id INTEGER PRIMARY KEY, note TEXT)");
  await client.batch(
    Array.from({ length: rows }, (_, i) => ({
      sql: "INSERT INTO drill (note) VALUES (?)",
      args: [`row ${i}`],
    })),
    "write",
  );
  return { client, close };
}

describe("backup and restore through the store", () => {
  it("uploads a checked, compressed snapshot with its SHA-256 and applies the retention", async () => {
    const dbPath = join(dir, "live.db");
    const { close } = await makeDb(dbPath, 500);
    const config = configFor({ ...s3.env(), STEADY_BACKUP_KEEP_LAST: "2", STEADY_BACKUP_KEEP_DAILY: "3" });
    const store = storeWith();
    // Backups from 10 and 20 days ago, and a foreign object, already in the bucket.
    const now = Date.now();
    for (const days of [10, 20])
      await store.put(`steady/${backupName(now - days * 86_400_000)}`, Buffer.from("old"));
    await store.put("steady/keep-me.txt", Buffer.from("not a backup"));
    const first = await runBackup({ dbPath, config, store, clock: () => now - 1000 });
    const r = await runBackup({ dbPath, config, store, clock: () => now });
    close();
    expect(r.key).toBe(`steady/${backupName(now)}`);
    const obj = s3.objects().get(r.key);
    expect(obj?.meta.sha256).toBe(r.sha256);
    const raw = gunzipSync(obj?.body as Buffer);
    expect(createHash("sha256").update(raw).digest("hex")).toBe(r.sha256);
    expect(raw.length).toBe(r.bytes);
    expect(r.storedBytes).toBeLessThan(r.bytes);
    // keepLast 2, keepDaily 3: the two new ones stay; the old ones go (the first run already
    // removed the 20-day-old one, the second the 10-day-old one).
    expect(first.deleted).toEqual([`steady/${backupName(now - 20 * 86_400_000)}`]);
    expect([...first.deleted, ...r.deleted].sort()).toEqual(
      [10, 20].map((d) => `steady/${backupName(now - d * 86_400_000)}`).sort(),
    );
    expect([...s3.objects().keys()].sort()).toEqual([first.key, r.key, "steady/keep-me.txt"].sort());
    expect(existsSync(join(dir, "staging", backupName(now)))).toBe(false); // staging cleaned
  });

  it("restores the newest backup from the store into a fresh file, checked", async () => {
    const dbPath = join(dir, "source.db");
    const { close } = await makeDb(dbPath, 300);
    const config = configFor(s3.env());
    const store = storeWith();
    await runBackup({ dbPath, config, store });
    close();
    const dest = join(dir, "restored.db");
    const r = await restoreBackup({ source: "latest", dest, store, prefix: "steady/" });
    expect(r.integrity).toBe("ok");
    const c = createClient({ url: `file:${dest}` });
    expect((await c.execute("SELECT count(*) AS n FROM drill")).rows[0]?.n).toBe(300);
    c.close();
    // Restoring again keeps what was there beside it.
    const again = await restoreBackup({
      source: r.from.replace("steady/", ""),
      dest,
      store,
      prefix: "steady/",
    });
    expect(again.previous && existsSync(again.previous)).toBe(true);
  });

  it("refuses a backup whose bytes differ from the recorded SHA-256, a corrupt file, and an open database", async () => {
    const dbPath = join(dir, "x.db");
    const { close } = await makeDb(dbPath, 50);
    const store = storeWith();
    const r = await runBackup({ dbPath, config: configFor(s3.env()), store });
    const obj = s3.objects().get(r.key);
    if (obj) obj.meta.sha256 = "0".repeat(64);
    const dest = join(dir, "y.db");
    await expect(restoreBackup({ source: r.key, dest, store, prefix: "steady/" })).rejects.toThrow(/SHA-256/);
    const junk = join(dir, "junk.db");
    writeFileSync(junk, Buffer.alloc(8192, 7));
    await expect(restoreBackup({ source: junk, dest, store: null, prefix: "" })).rejects.toThrow();
    expect(existsSync(dest)).toBe(false);
    // The live database is open (its -wal exists): refused without --force.
    await expect(restoreBackup({ source: junk, dest: dbPath, store: null, prefix: "" })).rejects.toThrow(
      /-wal exists/,
    );
    close();
    expect(readFileSync(dbPath).length).toBeGreaterThan(0);
  });
});

describe("the scheduled job", () => {
  it("backs up on its interval, logs a failure and tries again, and stop waits for a backup in progress", async () => {
    const dbPath = join(dir, "timer.db");
    const { close } = await makeDb(dbPath, 20);
    // The interval in minutes, made short: 0.01 min = 600 ms.
    const config = { ...configFor(s3.env()), intervalMinutes: 0.01 };
    const store = storeWith();
    const lines: string[] = [];
    const errors: unknown[] = [];
    s3.failNext(1, "AccessDenied"); // the first run fails (a 403 is not retried)
    const stop = startBackupTimer({
      dbPath,
      config,
      store,
      log: (l) => lines.push(l),
      onError: (e) => errors.push(e),
    });
    const until = Date.now() + 20_000;
    while (lines.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    await stop();
    const count = s3.objects().size;
    await new Promise((r) => setTimeout(r, 1500));
    close();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(String((errors[0] as Error).message)).toMatch(/403 AccessDenied/);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/^\[backup\] steady\/steady-\d{8}T\d{9}Z\.db\.gz: /);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(s3.objects().size).toBe(count); // stopped: no more backups
  });
});
