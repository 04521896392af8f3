import { type ApiClient, ApiError } from "../api/client";
import type { SyncResult, SyncStatus } from "../api/types";
import type { ItemOutcome, QueueItem, QueueTransport, SyncKind } from "./queue";

// Queued bodies are stored JSON the patient built with the shared schemas; the server validates them again.
type SyncItems = Parameters<ApiClient["sync"]>[0];
type PlanCreate = Parameters<ApiClient["createPlan"]>[0];
type PlanPatch = Parameters<ApiClient["patchPlan"]>[1];

const messages = (e: ApiError) =>
  e.problem.errors?.length ? e.problem.errors.map((x) => `${x.path}: ${x.message}`) : [e.message];

/** A 4xx that will not change by retrying (401 and 429 will, after a login or a pause). */
const isFinal = (e: unknown): e is ApiError =>
  e instanceof ApiError &&
  e.status >= 400 &&
  e.status < 500 &&
  e.status !== 401 &&
  e.status !== 408 &&
  e.status !== 429;

function outcomeOf(r: SyncResult | undefined): ItemOutcome | undefined {
  if (!r) return undefined;
  const status = r.status as SyncStatus;
  if (status === "created" || status === "duplicate") return { status };
  if (status === "conflict" || status === "rejected")
    return { status, messages: ("errors" in r ? r.errors : []).map((x) => `${x.path}: ${x.message}`) };
  return undefined; // an answer we do not know: keep the item and try again later
}

/** Sends queue items through the API: readings and doses via /me/sync, plans via their own routes. */
export function apiTransport(api: ApiClient): QueueTransport {
  return {
    async sync(items: Array<Record<string, unknown> & { kind: SyncKind }>) {
      try {
        const { results } = await api.sync(items as SyncItems);
        // Results come in input order; match by id, falling back to position.
        const byId = new Map(results.map((r) => [r.id, r]));
        return items.map((item, idx) => outcomeOf(byId.get(String(item.id)) ?? results[idx]));
      } catch (e) {
        if (isFinal(e)) return items.map(() => ({ status: "rejected" as const, messages: messages(e) }));
        throw e;
      }
    },
    async planOp(item: QueueItem): Promise<ItemOutcome> {
      try {
        const plan =
          item.kind === "plan_create"
            ? await api.createPlan(item.body as PlanCreate)
            : item.kind === "plan_patch"
              ? await api.patchPlan(String(item.target), item.body as PlanPatch, item.baseVersion)
              : await api.deletePlan(String(item.target), item.baseVersion);
        return { status: "created", version: plan?.version };
      } catch (e) {
        if (item.kind === "plan_delete" && e instanceof ApiError && e.status === 404)
          return { status: "duplicate" };
        // Changed by someone else since the patient saw it (412), or queued by an older app
        // without a version (428): nothing was written; the plans page shows what changed.
        if (e instanceof ApiError && (e.status === 412 || e.status === 428)) {
          const current = (e.problem as { current?: Record<string, unknown> }).current;
          // A stop that finds the plan already stopped got what it asked for.
          if (item.kind === "plan_delete" && current?.stoppedAt) return { status: "duplicate" };
          return { status: "conflict", messages: messages(e), ...(current ? { current } : {}) };
        }
        if (e instanceof ApiError && e.status === 409) return { status: "conflict", messages: messages(e) };
        if (isFinal(e)) return { status: "rejected", messages: messages(e) };
        throw e;
      }
    },
  };
}
