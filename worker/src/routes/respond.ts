// Answers for idempotent creates: 201 first time, 200 for a replay, 409 for a reused id.
import type { Context } from "hono";
import type { CreateOutcome } from "../domain/idempotency";
import { problem } from "../http/problem";

export function created<T>(c: Context, outcome: CreateOutcome, record: T) {
  if (outcome === "conflict") {
    return problem(c, 409, "this id was already used for a different record", [
      { path: "id", message: "reused with a different body" },
    ]);
  }
  return c.json(record, outcome === "created" ? 201 : 200);
}
