// The API through the shared typed client (@steady/api-client, Hono's hc over the worker's
// AppType): a route change in the worker breaks this build, not the user. Every call goes through
// `json()`, which turns an error answer (problem+json) into an ApiError the pages can explain.
import { type ApiError, createApi, json as parse } from "@steady/api-client";

export type { FieldError, JsonOf } from "@steady/api-client";
export { ApiError, ifMatch, isStale } from "@steady/api-client";

// Same origin as the portal: the browser sends the session cookie and the Origin header (CSRF).
export const api = createApi(typeof window === "undefined" ? "http://localhost/" : window.location.origin);

/** Called when any request answers 401 (the session ended): the app sends the user to sign in. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

const on401 = (e: ApiError) => {
  if (e.status === 401) onUnauthenticated?.();
};

export const json: typeof parse = (request) => parse(request, on401);
