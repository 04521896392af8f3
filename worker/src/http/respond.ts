// Answers for idempotent creates: 201 first time, 200 for a replay, 409 for a reused id.
import type { Context } from "hono";
import type { CreateOutcome } from "../records/idempotency";
import { problem } from "./problem";

// The record is null only with "conflict" (nothing was written), which answers a problem: the
// JSON body is typed without that null, so clients read the record the API really sends.
export function created<T>(c: Context, outcome: CreateOutcome, record: T | null) {
  if (outcome === "conflict" || record === null) {
    return problem(c, 409, "this id was already used for a different record", [
      { path: "id", message: "reused with a different body" },
    ]);
  }
  return c.json(record, outcome === "created" ? 201 : 200);
}
