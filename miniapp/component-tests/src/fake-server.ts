// A stand-in for the API's idempotent write path (docs/api.md): the same id with the same body is
// a duplicate, with a different body a conflict; nothing is ever stored twice.
import type { ItemOutcome, QueueItem, QueueTransport, SyncKind } from "../../src/sync/queue";

export class FakeServer {
  readonly records = new Map<string, string>();
  readonly received: string[] = [];
  /** Throw before storing (no signal) or after storing (the answer is lost on the way back). */
  failure: "none" | "before" | "after" = "none";
  reject = new Set<string>();

  private store(id: string, body: unknown): ItemOutcome {
    this.received.push(id);
    if (this.reject.has(id)) return { status: "rejected", messages: ["systolic: too high"] };
    const json = JSON.stringify(body);
    const existing = this.records.get(id);
    if (existing === undefined) {
      this.records.set(id, json);
      return { status: "created" };
    }
    return existing === json ? { status: "duplicate" } : { status: "conflict", messages: ["id: reused"] };
  }

  transport(): QueueTransport {
    return {
      sync: async (items: Array<Record<string, unknown> & { kind: SyncKind }>) => {
        if (this.failure === "before") throw new Error("request:fail");
        const out = items.map((i) => this.store(String(i.id), i));
        if (this.failure === "after") throw new Error("request:fail timeout");
        return out;
      },
      planOp: async (item: QueueItem) => {
        if (this.failure === "before") throw new Error("request:fail");
        const out = this.store(
          item.kind === "plan_create" ? item.id : `${item.kind}:${item.target}`,
          item.body,
        );
        if (this.failure === "after") throw new Error("request:fail timeout");
        return out.status === "duplicate" ? { status: "created" } : out;
      },
    };
  }
}
