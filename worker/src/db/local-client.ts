// A libSQL `Client` for a local database file, built on the synchronous `libsql` binding that
// @libsql/client uses underneath. Two differences, both for the write path's throughput:
//  - prepared statements are cached by their SQL text (@libsql/client prepares every statement
//    on every call, which cost more than running it);
//  - optionally, batches that arrive while the event loop is busy share one commit ("group
//    commit", ADR 0009): each batch runs in its own savepoint, and its promise settles only after
//    the shared COMMIT, so a caller never sees success for a write that is not committed.
// Results have the same shape as @libsql/client's (intMode "number"), so Drizzle's libSQL driver
// works on top unchanged.
import type {
  Client,
  InArgs,
  InStatement,
  InValue,
  ResultSet,
  Row,
  Transaction,
  TransactionMode,
} from "@libsql/client";
import { LibsqlBatchError, LibsqlError } from "@libsql/client";
import Database from "libsql";

type Stmt = ReturnType<Database.Database["prepare"]>;

interface Cached {
  stmt: Stmt;
  reader: boolean;
  columns: string[];
  columnTypes: string[];
  /** Builds a row: named columns as own enumerable properties, indices and length on a prototype. */
  row: ((values: unknown[]) => Row) | null;
}

export interface LocalClientOptions {
  /** Share one COMMIT between the batches issued in the same turn of the event loop. */
  groupCommit?: boolean;
  /** Prepared statements kept (least recently used are finalized first). */
  cacheSize?: number;
  /**
   * SQLite's busy timeout (`PRAGMA busy_timeout`): 5 s by default, 0 with group commit, where a
   * locked database is waited for asynchronously instead (see `#whenUnlocked`).
   */
  busyTimeoutMs?: number;
  /** With group commit: how long a statement waits for a lock held by another connection. */
  lockWaitMs?: number;
}

const DDL = /^\s*(create|alter|drop)\b/i;
const DML = /^\s*(insert|update|delete|replace)\b/i;
const CHECKPOINT = /^\s*pragma\s+wal_checkpoint\b/i;

function isBusy(e: unknown): boolean {
  return e instanceof LibsqlError && (e.code === "SQLITE_BUSY" || (e.rawCode ?? 0) % 256 === 5);
}
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function fromSql(v: unknown): unknown {
  if (typeof v === "bigint") {
    if (v < MIN_SAFE || v > MAX_SAFE) {
      throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
    }
    return Number(v);
  }
  if (Buffer.isBuffer(v)) return (v as Buffer).buffer;
  return v;
}

function toSql(v: InValue): unknown {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RangeError("Only finite numbers can be passed as arguments");
    return v;
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (v instanceof Date) return v.valueOf();
  if (v === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return v;
}

function bindArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (!args) return [];
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const name in args) {
    const key = name[0] === "@" || name[0] === "$" || name[0] === ":" ? name.slice(1) : name;
    named[key] = toSql(args[name] as InValue);
  }
  return named;
}

function mapError(e: unknown): unknown {
  if (e instanceof Database.SqliteError) {
    const raw = (e as { rawCode?: number }).rawCode;
    return new LibsqlError(e.message, SQLITE_CODES[(raw ?? 0) & 0xff] ?? "SQLITE_UNKNOWN", e.code, raw, e);
  }
  return e;
}

const SQLITE_CODES: Record<number, string> = {
  1: "SQLITE_ERROR",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  8: "SQLITE_READONLY",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
};

/** A row factory for one statement's columns, or null when names repeat or look like indices. */
function rowFactory(columns: string[]): ((values: unknown[]) => Row) | null {
  if (
    new Set(columns).size !== columns.length ||
    columns.some((c) => c === "length" || c === "__proto__" || /^\d+$/.test(c))
  ) {
    return null;
  }
  const proto: PropertyDescriptorMap = { length: { value: columns.length } };
  columns.forEach((c, i) => {
    proto[i] = {
      get(this: Record<string, unknown>) {
        return this[c];
      },
    };
  });
  const prototype = Object.create(Object.prototype, proto);
  return (values) => {
    const row = Object.create(prototype);
    for (let i = 0; i < columns.length; i++) row[columns[i] as string] = values[i];
    return row;
  };
}

/** The slow, general row (same as @libsql/client's): for repeated column names. */
function definedRow(values: unknown[], columns: string[]): Row {
  const row = {} as Record<string | number, unknown>;
  Object.defineProperty(row, "length", { value: values.length });
  for (let i = 0; i < values.length; i++) {
    Object.defineProperty(row, i, { value: values[i] });
    const c = columns[i] as string;
    if (!Object.hasOwn(row, c)) {
      Object.defineProperty(row, c, {
        value: values[i],
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
  }
  return row as unknown as Row;
}

/** As @libsql/client's toJSON: integers that need a bigint as text, blobs as base64. */
function jsonValue(v: unknown): unknown {
  if (typeof v === "bigint") return String(v);
  if (v instanceof ArrayBuffer) return Buffer.from(v).toString("base64");
  return v;
}

// A class, not an object literal with a `toJSON` arrow: one method on the prototype instead of a
// closure per result (and, under tsx, a `__name` call per closure: ≈ 2 % of a dose write's CPU).
class LocalResultSet implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((r) => Array.prototype.map.call(r, jsonValue)),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid === undefined ? null : String(this.lastInsertRowid),
    };
  }
}

function resultSet(
  columns: string[],
  columnTypes: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return new LocalResultSet(columns, columnTypes, rows, rowsAffected, lastInsertRowid);
}

/** A caller waiting on the group's COMMIT, and what it is answered with then. */
interface Pending {
  value: unknown;
  resolve(value: unknown): void;
  reject(e: unknown): void;
}

const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  read: "BEGIN TRANSACTION READONLY",
  deferred: "BEGIN DEFERRED",
};

export class LocalClient implements Client {
  readonly protocol = "file";
  closed = false;
  readonly #db: Database.Database;
  readonly #cache = new Map<string, Cached>();
  readonly #cacheSize: number;
  readonly #groupCommit: boolean;
  /** Callers waiting on the open group transaction's COMMIT; null when none is open. */
  #group: Pending[] | null = null;
  /** An interactive transaction holds the connection: everything else waits for it. */
  #held: Promise<void> | null = null;
  /** Writes waiting for another connection's write lock, so the group can open. */
  #opening: Promise<Pending[]> | null = null;
  readonly #lockWaitMs: number;

  constructor(path: string, opts: LocalClientOptions = {}) {
    this.#db = new Database(path);
    this.#cacheSize = opts.cacheSize ?? 500;
    this.#groupCommit = opts.groupCommit ?? false;
    const busyTimeoutMs = opts.busyTimeoutMs ?? (this.#groupCommit ? 0 : 5000);
    this.#lockWaitMs = opts.lockWaitMs ?? 60_000;
    this.#db.exec(`PRAGMA busy_timeout=${busyTimeoutMs}`);
  }

  #prepare(sql: string): Cached {
    const hit = this.#cache.get(sql);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.#cache.delete(sql);
      this.#cache.set(sql, hit);
      return hit;
    }
    let stmt: Stmt;
    try {
      stmt = this.#db.prepare(sql);
    } catch (e) {
      throw mapError(e);
    }
    stmt.safeIntegers(true);
    const reader = stmt.reader;
    let columns: string[] = [];
    let columnTypes: string[] = [];
    if (reader) {
      stmt.raw(true);
      const defs = stmt.columns();
      columns = defs.map((c) => c.name);
      columnTypes = defs.map((c) => c.type ?? "");
    }
    const entry: Cached = { stmt, reader, columns, columnTypes, row: reader ? rowFactory(columns) : null };
    this.#cache.set(sql, entry);
    if (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value as string;
      this.#cache.delete(oldest);
    }
    return entry;
  }

  /** Runs one statement now, on the connection, whatever transaction is open. */
  #run(stmt: InStatement | string): ResultSet {
    const sql = typeof stmt === "string" ? stmt : stmt.sql;
    const args = typeof stmt === "string" ? [] : bindArgs(stmt.args);
    if (DDL.test(sql)) this.#cache.clear(); // cached column lists may no longer hold
    let c = this.#prepare(sql);
    try {
      if (c.reader) {
        let raw = c.stmt.all(args) as unknown[][];
        if (raw.length && (raw[0] as unknown[]).length !== c.columns.length) {
          // The schema changed under a cached statement (e.g. from another connection): re-prepare.
          this.#cache.delete(sql);
          c = this.#prepare(sql);
          raw = c.stmt.all(args) as unknown[][];
        }
        const rows = new Array<Row>(raw.length);
        for (let i = 0; i < raw.length; i++) {
          const values = (raw[i] as unknown[]).map(fromSql);
          rows[i] = c.row ? c.row(values) : definedRow(values, c.columns);
        }
        return resultSet(c.columns, c.columnTypes, rows, 0, undefined);
      }
      const info = c.stmt.run(args);
      return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (e) {
      throw mapError(e);
    }
  }

  #checkOpen() {
    if (this.closed) throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
  }

  async #idle() {
    while (this.#held) await this.#held;
    this.#checkOpen();
  }

  // --- group commit -------------------------------------------------------------------------

  /**
   * The open group, or a new one. The connection has no busy handler with group commit: while
   * another connection (a CLI run, a backup) holds the write lock, SQLite's handler would sleep on
   * the server's only thread — every request stalls — and after `busy_timeout` the write would
   * fail. Here writes wait asynchronously instead; the event loop keeps answering reads, and only
   * a lock held for `lockWaitMs` fails them.
   */
  #openGroup(): Pending[] | Promise<Pending[]> {
    const group = this.#group ?? this.#tryOpenGroup();
    if (group) return group;
    if (!this.#opening) {
      this.#opening = this.#retryWhenUnlocked(() => this.#group ?? this.#beginGroup()).finally(() => {
        this.#opening = null;
      });
    }
    return this.#opening;
  }

  #tryOpenGroup(): Pending[] | null {
    try {
      return this.#beginGroup();
    } catch (e) {
      if (isBusy(e)) return null;
      throw e;
    }
  }

  #beginGroup(): Pending[] {
    this.#run("BEGIN IMMEDIATE");
    const group: Pending[] = [];
    this.#group = group;
    setImmediate(() => this.#commitGroup(group));
    return group;
  }

  /**
   * Runs `attempt` (a statement or batch outside the group, or a BEGIN) and, if it found the
   * database locked by another connection before changing anything, again after a short wait —
   * for `lockWaitMs` at most. Only with group commit (no busy handler); otherwise once.
   */
  #whenUnlocked<T>(attempt: () => T): T | Promise<T> {
    // The first try runs now: no promise or timer on the path every request takes.
    try {
      return attempt();
    } catch (e) {
      if (!this.#mayRetry(e)) throw e;
    }
    return this.#retryWhenUnlocked(attempt);
  }

  #mayRetry(e: unknown): boolean {
    return this.#groupCommit && isBusy(e) && !this.#db.inTransaction;
  }

  async #retryWhenUnlocked<T>(attempt: () => T): Promise<T> {
    const giveUp = Date.now() + this.#lockWaitMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      await new Promise((r) => setTimeout(r, delay));
      this.#checkOpen();
      try {
        return attempt();
      } catch (e) {
        if (!this.#mayRetry(e) || Date.now() > giveUp) throw e;
      }
    }
  }

  #commitGroup(group: Pending[]) {
    if (this.#group !== group) return; // already committed (flushed) or failed
    this.#group = null;
    try {
      this.#run("COMMIT");
    } catch (e) {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
      for (const p of group) p.reject(e);
      return;
    }
    for (const p of group) p.resolve(p.value);
  }

  /** A statement failed inside the group: if SQLite ended the transaction, every member lost its writes. */
  #groupBroken(e: unknown) {
    const group = this.#group;
    if (!group || this.#db.inTransaction) return;
    this.#group = null;
    for (const p of group) p.reject(e);
  }

  /** Commits the open group now (before anything that needs the connection to itself). */
  #flush() {
    if (this.#group) this.#commitGroup(this.#group);
  }

  #afterCommit<T>(group: Pending[], value: T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      group.push({ value, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  // --- Client ---------------------------------------------------------------------------------

  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    if (this.#held) await this.#idle();
    this.#checkOpen();
    const stmt = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    // A checkpoint cannot run inside the open group's transaction (the erasure's TRUNCATE would
    // fail with SQLITE_LOCKED when another request's write opened one in the same turn).
    if (CHECKPOINT.test(stmt.sql)) this.#flush();
    let group = this.#group;
    // With group commit, a single write joins (or opens) the group too: the same wait for a lock
    // held elsewhere as batches, instead of SQLite's busy handler blocking the thread.
    if (!group && this.#groupCommit && DML.test(stmt.sql)) {
      const opened = this.#openGroup();
      group = opened instanceof Promise ? await opened : opened;
      if (this.#held || this.#group !== group) return this.execute(stmt);
    }
    if (!group) return this.#whenUnlocked(() => this.#run(stmt));
    // Inside an open group the statement sees uncommitted writes: answer only once they commit.
    let result: ResultSet;
    try {
      result = this.#run(stmt);
    } catch (e) {
      this.#groupBroken(e);
      throw e;
    }
    return this.#afterCommit(group, result);
  }

  async batch(
    stmts: Array<InStatement | [string, InArgs?]>,
    mode: TransactionMode = "deferred",
  ): Promise<ResultSet[]> {
    if (this.#held) await this.#idle();
    this.#checkOpen();
    const norm = stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s));
    if (!this.#groupCommit || mode === "read") return this.#whenUnlocked(() => this.#batchAlone(norm, mode));

    let group = this.#openGroup();
    if (group instanceof Promise) {
      group = await group;
      // Meanwhile a transaction may have taken the connection, or a checkpoint committed the group.
      if (this.#held || this.#group !== group) return this.batch(stmts, mode);
    }
    this.#run("SAVEPOINT batch");
    const results: ResultSet[] = [];
    for (let i = 0; i < norm.length; i++) {
      try {
        results.push(this.#run(norm[i] as InStatement));
      } catch (e) {
        if (this.#db.inTransaction) {
          this.#db.exec("ROLLBACK TO batch; RELEASE batch");
        } else {
          this.#groupBroken(e);
        }
        throw batchError(e, i);
      }
    }
    this.#run("RELEASE batch");
    return this.#afterCommit(group, results);
  }

  #batchAlone(stmts: InStatement[], mode: TransactionMode): ResultSet[] {
    this.#run(BEGIN[mode]);
    try {
      const results = stmts.map((s, i) => {
        try {
          return this.#run(s);
        } catch (e) {
          throw batchError(e, i);
        }
      });
      this.#run("COMMIT");
      return results;
    } finally {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
    }
  }

  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    if (this.#held) await this.#idle();
    this.#checkOpen();
    this.#flush();
    this.#db.exec("PRAGMA foreign_keys=off");
    try {
      return this.#batchAlone(stmts, "deferred");
    } finally {
      this.#db.exec("PRAGMA foreign_keys=on");
    }
  }

  async executeMultiple(sql: string): Promise<void> {
    if (this.#held) await this.#idle();
    this.#checkOpen();
    this.#flush();
    this.#cache.clear();
    try {
      this.#db.exec(sql);
    } catch (e) {
      throw mapError(e);
    } finally {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
    }
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    if (this.#held) await this.#idle();
    this.#checkOpen();
    this.#flush();
    await this.#whenUnlocked(() => this.#run(BEGIN[mode]));
    let release!: () => void;
    this.#held = new Promise<void>((r) => {
      release = r;
    });
    const settle = () => {
      if (this.#db.open && this.#db.inTransaction) this.#db.exec("ROLLBACK");
      this.#held = null;
      release();
    };
    return new LocalTransaction(
      (s) => this.#run(s),
      (sql) => this.#db.exec(sql),
      () => this.#db.inTransaction,
      settle,
    );
  }

  async sync(): Promise<never> {
    throw new LibsqlError("sync() is for embedded replicas", "SYNC_NOT_SUPPORTED");
  }

  reconnect(): void {
    throw new LibsqlError("reconnect() is not supported by the local client", "NOT_SUPPORTED");
  }

  close(): void {
    if (this.closed) return;
    this.#flush();
    this.closed = true;
    this.#cache.clear();
    this.#db.close();
  }
}

function batchError(e: unknown, index: number): unknown {
  if (e instanceof LibsqlError) {
    return new LibsqlBatchError(e.message, index, e.code, e.extendedCode, e.rawCode, e.cause as Error);
  }
  return e;
}

class LocalTransaction implements Transaction {
  #open = true;
  constructor(
    private readonly run: (s: InStatement | string) => ResultSet,
    private readonly exec: (sql: string) => void,
    private readonly inTransaction: () => boolean,
    private readonly settle: () => void,
  ) {}

  get closed() {
    return !this.#open || !this.inTransaction();
  }

  #check() {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
  }

  async execute(stmt: InStatement | string): Promise<ResultSet> {
    this.#check();
    return this.run(stmt);
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return stmts.map((s, i) => {
      this.#check();
      try {
        return this.run(s);
      } catch (e) {
        throw batchError(e, i);
      }
    });
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#check();
    try {
      this.exec(sql);
    } catch (e) {
      throw mapError(e);
    }
  }

  async commit(): Promise<void> {
    try {
      this.#check();
      this.run("COMMIT");
    } finally {
      this.#end();
    }
  }

  async rollback(): Promise<void> {
    this.#end();
  }

  close(): void {
    this.#end();
  }

  #end() {
    if (!this.#open) return;
    this.#open = false;
    this.settle();
  }
}
