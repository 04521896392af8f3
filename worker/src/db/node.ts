// The embedded database for Node: a libSQL file in WAL mode, migrated at open. Local files go
// through LocalClient (cached prepared statements, optional group commit, ADR 0009); `:memory:`
// and libSQL servers through @libsql/client.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { Db } from "../env";
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from "./checkpointer";
import { LocalClient } from "./local-client";
import * as schema from "./schema";

/** worker/drizzle, seen from the source (src/db/, tsx and tests) or from the bundle (dist/, production). */
export const MIGRATIONS_DIR =
  ["../../drizzle", "../drizzle"]
    .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
    .find((dir) => existsSync(join(dir, "meta", "_journal.json"))) ??
  fileURLToPath(new URL("../../drizzle", import.meta.url));

export interface OpenDb {
  db: Db;
  client: Client;
  close(): void;
}

export interface OpenDbOptions {
  /**
   * Let writes issued in the same event-loop turn share one commit. Each caller still hears back
   * only after its write is committed. For the long-running server; off by default because a
   * second connection in the same process would wait on the shared transaction.
   */
  groupCommit?: boolean;
  /** Run WAL checkpoints on a background thread instead of inside a commit (local files only). */
  backgroundCheckpoint?: boolean;
  /**
   * Which client runs a local file: ours (cached statements, group commit) or the maintained
   * @libsql/client as shipped — kept to measure one against the other (ADR 0017).
   */
  fileClient?: "local" | "libsql";
  /** Apply the migrations at open (default). Off for a file migrated by other means (a local D1 file). */
  migrate?: boolean;
}

/** The path of a plain `file:` URL, or null when the URL needs @libsql/client (query options). */
export function localPath(url: string): string | null {
  if (!url.startsWith("file:") || url.includes("?")) return null;
  const rest = url.slice(5);
  if (rest.startsWith("//")) {
    const path = rest.replace(/^\/\/(localhost)?/, "");
    return path.startsWith("/") ? decodeURIComponent(path) : null;
  }
  return decodeURIComponent(rest);
}

/** `url`: `file:path.db`, `:memory:`, or a libSQL server URL (`http://…`, `libsql://…`). */
export async function openDb(url: string, authToken?: string, opts: OpenDbOptions = {}): Promise<OpenDb> {
  const path = localPath(url);
  const client: Client =
    path && opts.fileClient !== "libsql"
      ? new LocalClient(path, { groupCommit: opts.groupCommit ?? false })
      : createClient({
          url,
          ...(authToken ? { authToken } : {}),
          // One connection for a file: @libsql/client 0.18 otherwise opens a pool, and the
          // pragmas below would hold on one pooled connection only (ADR 0017).
          ...(path ? { concurrency: 1 } : {}),
        });
  if (path) {
    // WAL + NORMAL: a commit is a write to the WAL with no fsync; durable across process crashes,
    // and the last commits can be lost (never corrupted) on power loss (docs/toolchain.md, API; ADR 0009).
    await client.execute("PRAGMA journal_mode=WAL");
    await client.execute("PRAGMA synchronous=NORMAL");
    // Ours sets its own: 5 s, or none with group commit, where it waits without blocking the thread.
    if (!(client instanceof LocalClient)) await client.execute("PRAGMA busy_timeout=5000");
    // Deleted rows are overwritten with zeros, so erased personal data leaves the file (PIPL art. 47).
    await client.execute("PRAGMA secure_delete=ON");
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  if (opts.migrate !== false) await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
  let stopCheckpointer = () => {};
  if (path && opts.backgroundCheckpoint) {
    await client.execute(`PRAGMA wal_autocheckpoint=${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    stopCheckpointer = startCheckpointer(path);
  }
  return {
    db,
    client,
    close: () => {
      stopCheckpointer();
      client.close();
    },
  };
}
