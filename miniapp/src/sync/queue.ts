// Offline-first write queue (docs/product.md). Every write is stored locally before anything is
// sent, keeps its client id (UUIDv7) for its whole life, and leaves the queue only once the
// server has answered that it holds the record (created or duplicate). Because the server is
// idempotent on that id, sending an item twice (a retry, a replay after the app was killed
// mid-request) can never store it twice; because removal follows the server's answer, a lost
// network or a killed app can never lose it.
import { uuidv7 } from "uuidv7";
import type { KeyValueStore } from "../platform/storage";

// A side-effect report and a refill (取了药) travel with doses and readings (docs/api.md:
// `kind: "side_effect"` / `kind: "refill"` in /me/sync).
export const SYNC_KINDS = ["dose", "bp", "glucose", "side_effect", "refill"] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];
export type PlanOpKind = "plan_create" | "plan_patch" | "plan_delete";
export type QueueKind = SyncKind | PlanOpKind;

export interface QueueError {
  status: "conflict" | "rejected";
  messages: string[];
  /** A plan edit or stop refused with 412: the plan as the server holds it now (ADR 0011). */
  current?: Record<string, unknown>;
}

export interface QueueItem {
  /** Client id of the record (for plan_patch/plan_delete: of the operation). */
  id: string;
  kind: QueueKind;
  /** Request body as the API expects it (for sync kinds, without `kind`). */
  body: Record<string, unknown>;
  /** Plan id for plan_patch / plan_delete. */
  target?: string;
  /**
   * plan_patch / plan_delete: the plan version the patient saw when editing, sent as If-Match.
   * Absent on items queued by app versions before ADR 0011 (the server answers 428).
   */
  baseVersion?: number;
  queuedAt: number;
  /** Not sent before this instant: the undo window of a Take/Skip. */
  holdUntil?: number;
  /** "failed": the server refused it; kept visible with the reason, never resent by itself. */
  state: "pending" | "failed";
  error?: QueueError;
  attempts: number;
}

/** What the server said about one item. */
export type ItemOutcome = { status: "created" | "duplicate"; version?: number } | QueueError;

/** The network side of the queue; throws NetworkError (or anything) when no answer came. */
export interface QueueTransport {
  /** POST /me/sync: one outcome per item, in input order. */
  sync(items: Array<Record<string, unknown> & { kind: SyncKind }>): Promise<Array<ItemOutcome | undefined>>;
  /** One plan operation; resolves with the server's verdict. */
  planOp(item: QueueItem): Promise<ItemOutcome>;
}

export interface FlushReport {
  sent: number;
  failed: number;
  /** True when the network (or server) did not answer: the rest waits for the next flush. */
  interrupted: boolean;
  error?: unknown;
}

export interface QueueOptions {
  storageKey?: string;
  now?: () => number;
  /** Items per POST /me/sync request (the API accepts up to 500). */
  batchSize?: number;
  newId?: () => string;
  /**
   * Called with the items the server has just acknowledged (created/duplicate), before they
   * leave the queue: the app records them in its own state first, so there is no moment in
   * which a write is neither queued nor shown as stored (not even across a restart).
   */
  onSettled?: (items: QueueItem[]) => Promise<void> | void;
}

const isSyncKind = (k: QueueKind): k is SyncKind => (SYNC_KINDS as readonly string[]).includes(k);

export class OfflineQueue {
  private items: QueueItem[] = [];
  private readonly listeners = new Set<() => void>();
  private flushing: Promise<FlushReport> | null = null;
  private writeChain: Promise<void> = Promise.resolve();
  private readonly key: string;
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly newId: () => string;
  private readonly onSettled?: (items: QueueItem[]) => Promise<void> | void;

  constructor(
    private readonly storage: KeyValueStore,
    private readonly transport: QueueTransport,
    opts: QueueOptions = {},
  ) {
    this.key = opts.storageKey ?? "steady.queue.v1";
    this.now = opts.now ?? Date.now;
    this.batchSize = opts.batchSize ?? 50;
    this.newId = opts.newId ?? uuidv7;
    this.onSettled = opts.onSettled;
  }

  /** Restore what a previous run left (call once at start, before enqueue). */
  async load(): Promise<void> {
    const saved = await this.storage.get<QueueItem[]>(this.key);
    const byId = new Map(this.items.map((i) => [i.id, i]));
    for (const item of Array.isArray(saved) ? saved : []) if (!byId.has(item.id)) byId.set(item.id, item);
    this.items = [...byId.values()].sort((a, b) => a.queuedAt - b.queuedAt);
    this.emit();
  }

  snapshot(): readonly QueueItem[] {
    return this.items;
  }

  /** Items the server does not hold yet and that are still going to be sent. */
  pendingCount(): number {
    return this.items.filter((i) => i.state === "pending").length;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Store a write locally. Resolves once it is persisted, so the caller may show it as saved.
   * `body.id` (the record's client id) is generated here when absent.
   */
  async enqueue(
    kind: QueueKind,
    body: Record<string, unknown>,
    opts: { target?: string; holdMs?: number; baseVersion?: number } = {},
  ): Promise<QueueItem> {
    const id = typeof body.id === "string" ? body.id : this.newId();
    const record = kind === "plan_patch" || kind === "plan_delete" ? body : { ...body, id };
    const now = this.now();
    const item: QueueItem = {
      id,
      kind,
      body: record,
      target: opts.target,
      ...(opts.baseVersion !== undefined ? { baseVersion: opts.baseVersion } : {}),
      queuedAt: now,
      holdUntil: opts.holdMs ? now + opts.holdMs : undefined,
      state: "pending",
      attempts: 0,
    };
    this.items = [...this.items.filter((i) => i.id !== id), item];
    await this.persist();
    return item;
  }

  /** Take an item back before it was sent (undo), or dismiss a failed one. */
  async remove(id: string): Promise<boolean> {
    const item = this.items.find((i) => i.id === id);
    if (!item) return false;
    this.items = this.items.filter((i) => i.id !== id);
    await this.persist();
    return true;
  }

  /** Send whatever is due, oldest first. Concurrent calls share one run. */
  flush(): Promise<FlushReport> {
    if (!this.flushing) {
      this.flushing = this.run().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private eligible(): QueueItem[] {
    const now = this.now();
    return this.items.filter(
      (i) => i.state === "pending" && (i.holdUntil === undefined || i.holdUntil <= now),
    );
  }

  private async run(): Promise<FlushReport> {
    const report: FlushReport = { sent: 0, failed: 0, interrupted: false };
    // Walk the eligible items in order; consecutive sync kinds travel together in one request,
    // plan operations one by one (a dose may refer to a plan created just before it).
    for (;;) {
      const due = this.eligible();
      const head = due[0];
      if (!head) return report;
      const group = isSyncKind(head.kind)
        ? due
            .slice(0, this.batchSize)
            .filter((_, idx, arr) => arr.slice(0, idx + 1).every((i) => isSyncKind(i.kind)))
        : [head];
      try {
        const outcomes = isSyncKind(head.kind)
          ? await this.transport.sync(group.map((i) => ({ ...i.body, kind: i.kind as SyncKind })))
          : [await this.transport.planOp(head)];
        const settled = group.filter((_, idx) => {
          const s = outcomes[idx]?.status;
          return s === "created" || s === "duplicate";
        });
        if (settled.length && this.onSettled) await this.onSettled(settled);
        const applied = this.apply(group, outcomes);
        report.sent += applied.sent;
        report.failed += applied.failed;
        await this.persist();
        if (applied.sent + applied.failed === 0) {
          // The server answered but settled nothing: stop rather than loop.
          report.interrupted = true;
          return report;
        }
      } catch (error) {
        this.items = this.items.map((i) => (group.includes(i) ? { ...i, attempts: i.attempts + 1 } : i));
        await this.persist();
        report.interrupted = true;
        report.error = error;
        return report;
      }
    }
  }

  private apply(group: QueueItem[], outcomes: Array<ItemOutcome | undefined>) {
    let sent = 0;
    let failed = 0;
    const done = new Set<string>();
    const refused = new Map<string, QueueError>();
    group.forEach((item, idx) => {
      const outcome = outcomes[idx];
      if (!outcome) return; // no verdict: stays pending
      if (outcome.status === "created" || outcome.status === "duplicate") {
        done.add(item.id);
        sent++;
        if ("version" in outcome && outcome.version !== undefined) this.rebase(item, outcome.version);
      } else {
        refused.set(item.id, outcome as QueueError);
        failed++;
      }
    });
    this.items = this.items
      .filter((i) => !done.has(i.id))
      .map((i) => {
        const error = refused.get(i.id);
        return error ? { ...i, state: "failed" as const, error, attempts: i.attempts + 1 } : i;
      });
    return { sent, failed };
  }

  /**
   * Later edits of the same plan made offline on top of this one were based on the version this
   * one started from; now that it is stored, they build on the version it produced.
   */
  private rebase(sent: QueueItem, version: number) {
    if (sent.baseVersion === undefined) return;
    this.items = this.items.map((i) =>
      i.id !== sent.id &&
      i.state === "pending" &&
      i.target === sent.target &&
      i.baseVersion === sent.baseVersion
        ? { ...i, baseVersion: version }
        : i,
    );
  }

  /** Writes are chained so an older snapshot can never overwrite a newer one. */
  private persist(): Promise<void> {
    this.emit();
    const write = this.writeChain.then(() => this.storage.set(this.key, this.items));
    this.writeChain = write.catch(() => undefined);
    return write;
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}

/** Latest queued dose event per slot (planId + scheduledAt), for showing it before upload. */
export function queuedDoseStatus(items: readonly QueueItem[]): Map<string, QueueItem> {
  const out = new Map<string, QueueItem>();
  for (const i of items) {
    if (i.kind !== "dose") continue;
    out.set(`${i.body.planId}|${Number(i.body.scheduledAt)}`, i);
  }
  return out;
}
