// Optimistic concurrency (ADR 0011). Every mutable resource has an integer `version`; answers carry
// it as a strong ETag `"<n>"`, and every PATCH/PUT/DELETE must send `If-Match` with the version it
// was based on. The write itself is conditional (`… WHERE version = ?`), so two racing edits can
// never both succeed: the loser gets 412 with the server's current resource in `current`.
import type { Context } from "hono";
import { ProblemError } from "./problem";

/** The routes whose writes need `If-Match` (documented in the OpenAPI description). */
export const CONDITIONAL_ROUTES: ReadonlySet<string> = new Set([
  "PATCH /api/v1/me/plans/:id",
  "DELETE /api/v1/me/plans/:id",
  "PATCH /api/v1/me/reminders",
  "PUT /api/v1/programme/settings",
  "PATCH /api/v1/patients/:id/plans/:planId",
  "DELETE /api/v1/patients/:id/plans/:planId",
  "PUT /api/v1/patients/:id/targets",
  "PUT /api/v1/patients/:id/condition",
]);

/** The ETag of a version. Strong, but `W/"<n>"` is accepted back: CDNs weaken tags they compress. */
export const etagOf = (version: number) => `"${version}"`;

/** Sets the ETag of the resource an answer carries. */
export function setEtag(c: Context, version: number) {
  c.header("ETag", etagOf(version));
}

/** 428: the write did not say which version it was based on. */
export const preconditionRequired = () =>
  new ProblemError(428, "send If-Match with the version you edited (the resource's ETag or its `version`)", [
    { path: "If-Match", message: "required" },
  ]);

/**
 * The version named by `If-Match`, or null when there is none (or `*`, which names no version).
 * A tag that names no version → 400. A list of tags → the first that names a version.
 */
export function ifMatchOf(c: Context): number | null {
  const raw = c.req.header("if-match");
  if (raw === undefined || raw.trim() === "" || raw.trim() === "*") return null;
  for (const part of raw.split(",")) {
    const m = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(part);
    if (m) return Number(m[1]);
  }
  throw new ProblemError(400, 'If-Match must be an ETag such as "3"', [
    { path: "If-Match", message: 'expected "<version>"' },
  ]);
}

/**
 * The version named by `If-Match`; missing → 428: an edit that does not say what it was based on
 * could silently undo someone else's, and both apps send it (ADR 0011).
 */
export function requireIfMatch(c: Context): number {
  const v = ifMatchOf(c);
  if (v == null) throw preconditionRequired();
  return v;
}

/** 412: nothing was changed; `current` is the resource as it is now, so the client can show what changed. */
export function staleError(what: string, current: { version: number } & Record<string, unknown>) {
  return new ProblemError(
    412,
    `the ${what} was changed by someone else since you loaded it; nothing was saved`,
    undefined,
    { fields: { current }, headers: { ETag: etagOf(current.version) } },
  );
}
