// The one API client of the portal and the mini-program: Hono's typed client over the worker's
// AppType, so a route or a body changed in the worker fails the apps' typecheck, not a patient.
// Only the worker's *type* is imported; at run time this is hono/client (a few KB) and the code
// below. Each app passes its own transport: the browser's fetch (portal, mini-program H5) or a
// fetch over wx.request (WeChat, miniapp/src/platform/request.ts).
import type { AppType } from "@steady/worker";
import { type ClientResponse, hc } from "hono/client";

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem body as the API answers it (docs/api.md, Conventions). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
  /** On a 412: the resource as the server holds it now (ADR 0011), to show what changed. */
  current?: unknown;
  [extension: string]: unknown;
}

/** The server answered with an error status; `problem` is its problem+json body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem = {},
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
  }
  get detail(): string {
    return this.problem.detail ?? "";
  }
  get errors(): FieldError[] {
    return this.problem.errors ?? [];
  }
  get current(): unknown {
    return this.problem.current;
  }
}

/** The request never reached the server or no answer came back (status 0): try again later. */
export class NetworkError extends ApiError {
  constructor(message: string) {
    super(0, { title: message });
    this.name = "NetworkError";
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

/** What hc calls to send a request: `fetch` itself, or an adapter with the same shape. */
export type Fetch = (
  input: string,
  init: RequestInit & { method: string; headers: Headers },
) => Promise<Response>;

export interface ApiOptions {
  fetch?: Fetch;
  /** Sent with every request (the mini-program's bearer token), read at call time. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
}

/** `/api/v1` of the API at `origin` ("" or a page's origin for same-origin calls). */
export function createApi(origin: string, options: ApiOptions = {}) {
  return hc<AppType>(origin, {
    ...(options.fetch ? { fetch: options.fetch as typeof fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  }).api.v1;
}
export type Api = ReturnType<typeof createApi>;

/**
 * The JSON a route answers on success. Error answers are problem+json bodies the typed client
 * cannot tell apart by status, so only the "json" outputs are kept.
 */
export type JsonOf<R> = R extends ClientResponse<infer O, number, "json"> ? O : never;

/**
 * Awaits a typed-client call and answers its JSON, or throws: NetworkError when nothing came
 * back, ApiError with the problem body for an error status. `onError` sees every ApiError first
 * (the portal sends a 401 to the sign-in page).
 */
export async function json<R extends ClientResponse<unknown, number, string>>(
  request: Promise<R>,
  onError?: (e: ApiError) => void,
): Promise<JsonOf<R>> {
  let res: R;
  try {
    res = await request;
  } catch (e) {
    const err = e instanceof ApiError ? e : new NetworkError(e instanceof Error ? e.message : String(e));
    onError?.(err);
    throw err;
  }
  if (res.ok) {
    // 204 and empty bodies: nothing to parse.
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as JsonOf<R>;
  }
  let problem: Problem = {};
  try {
    const body: unknown = await res.json();
    if (body && typeof body === "object") problem = body as Problem;
  } catch {
    // not problem+json (a proxy's error page): keep the status only
  }
  const err = new ApiError(res.status, problem);
  onError?.(err);
  throw err;
}
