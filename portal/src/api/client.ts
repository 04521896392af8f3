// The API through Hono's typed client: a route change in the worker breaks this build, not the
// user. Only the API's *type* is imported. Every call goes through `json()`, which turns an
// error answer (problem+json) into an ApiError the pages can explain.
import type { AppType } from "@steady/worker";
import { type ClientResponse, hc } from "hono/client";

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** On a 412: the resource as the server holds it now (ADR 0011), to show what changed. */
    readonly current?: unknown,
  ) {
    super(detail || `HTTP ${status}`);
  }
}

/** A 412: someone saved this resource since it was loaded; `current` is their version of it. */
export const isStale = (e: unknown): e is ApiError & { current: unknown } =>
  e instanceof ApiError && e.status === 412 && e.current != null;

/**
 * Request options that make a write conditional on the version the person edited (ADR 0011):
 * the API answers 412 instead of overwriting someone else's change.
 */
export const ifMatch = (version: number) => ({ headers: { "if-match": `"${version}"` } });

// Same origin as the portal: the browser sends the session cookie and the Origin header (CSRF).
export const api = hc<AppType>(typeof window === "undefined" ? "http://localhost/" : window.location.origin)
  .api.v1;

/**
 * The JSON a route answers on success. Error answers are problem+json bodies the typed client
 * cannot tell apart by status, so only the "json" outputs are kept.
 */
export type JsonOf<R> = R extends ClientResponse<infer O, number, "json"> ? O : never;

/** Called when any request answers 401 (the session ended): the app sends the user to sign in. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

export async function json<R extends ClientResponse<unknown, number, string>>(
  request: Promise<R>,
): Promise<JsonOf<R>> {
  let res: R;
  try {
    res = await request;
  } catch {
    throw new ApiError(0, "network");
  }
  if (res.ok) return (await res.json()) as JsonOf<R>;
  let detail = "";
  let errors: FieldError[] = [];
  let current: unknown;
  try {
    const body = (await res.json()) as { detail?: string; errors?: FieldError[]; current?: unknown };
    detail = body.detail ?? "";
    errors = body.errors ?? [];
    current = body.current;
  } catch {
    // not problem+json (a proxy's error page): keep the status only
  }
  if (res.status === 401) onUnauthenticated?.();
  throw new ApiError(res.status, detail, errors, current);
}
