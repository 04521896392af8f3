// Security headers (issue 11). Pages (portal, the mini-program's H5 build, dev pages) get a
// Content-Security-Policy that forbids framing and foreign scripts; API answers get `no-store`
// (they carry personal data) and a CSP that lets nothing run. Node sets them here; on Cloudflare
// the portal is served as static assets, whose headers come from portal/public/_headers
// (kept equal to PAGE_CSP by a test).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { problem } from "./problem";

/**
 * Scripts only from the origin (no inline, no eval). Styles allow inline: React's `style` props
 * and Taro's runtime style tags (H5) need it, and inline style cannot run code. Images from the
 * origin plus data:/blob: (the favicon, chart exports).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** API answers are data, never a document: nothing may run or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const HSTS = "max-age=31536000; includeSubDomains";

/** Headers every HTML page carries. */
export function pageHeaders(production: boolean): Record<string, string> {
  return {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    // Invite links carry their token in the path: never send it on to another site.
    "referrer-policy": "no-referrer",
    ...(production ? { "strict-transport-security": HSTS } : {}),
  };
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * The page CSP for one of our own built documents: inline scripts written into the file at build
 * time (Taro's H5 template sets the root font size in one) are allowed by their SHA-256 and by
 * nothing else, so a script injected later still cannot run.
 */
export async function documentCsp(html: string): Promise<string> {
  const hashes: string[] = [];
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    const body = m[1] ?? "";
    if (!body.trim()) continue;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
    hashes.push(`'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
  }
  if (!hashes.length) return PAGE_CSP;
  return PAGE_CSP.replace("script-src 'self'", `script-src 'self' ${[...new Set(hashes)].join(" ")}`);
}

/** Sets page headers on a response (static files and the SPA's index.html on Node). */
export async function withPageHeaders(res: Response, production: boolean): Promise<Response> {
  const isHtml = (res.headers.get("content-type") ?? "").includes("text/html");
  const html = isHtml ? await res.text() : null;
  const out = new Response(html ?? res.body, res);
  const headers = pageHeaders(production);
  if (html !== null) headers["content-security-policy"] = await documentCsp(html);
  for (const [k, v] of Object.entries(headers)) {
    // Every response gets nosniff, referrer policy and HSTS; the CSP matters for documents.
    if (k === "content-security-policy" || k === "x-frame-options") {
      if (isHtml) out.headers.set(k, v);
    } else out.headers.set(k, v);
  }
  return out;
}

/** Public, non-personal answers that caches may keep: health, the OpenAPI document, QR images. */
const CACHEABLE = [/^\/api\/v1\/health$/, /^\/api\/v1\/openapi\.json$/, /^\/api\/v1\/codes\/[^/]+\/qr\.png$/];

export function apiHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const production = c.var.deps.config.mode === "production";
    if (!CACHEABLE.some((r) => r.test(c.req.path))) h.set("cache-control", "no-store");
    h.set("x-content-type-options", "nosniff");
    h.set("referrer-policy", "no-referrer");
    if (production) h.set("strict-transport-security", HSTS);
    if ((h.get("content-type") ?? "").includes("text/html")) {
      h.set("content-security-policy", PAGE_CSP);
      h.set("x-frame-options", "DENY");
    } else h.set("content-security-policy", API_CSP);
  };
}

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/**
 * Every API body is JSON: a body of another type is 415 before any route reads it (a form post
 * from another site cannot slip a "simple" request past CORS into a JSON route).
 */
export function requireJsonBodies(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const length = c.req.header("content-length");
    const type = c.req.header("content-type");
    // No body (a DELETE, an approve): nothing to check. A body is announced by its length or by
    // chunked encoding; a request that names a type is checked unless it says its body is empty.
    const announced =
      c.req.header("transfer-encoding") !== undefined || (length !== undefined && Number(length) > 0);
    if (type === undefined && !announced) return next();
    if (type !== undefined && JSON_TYPE.test(type)) return next();
    if (type !== undefined && length !== undefined && Number(length) === 0) return next();
    return Promise.resolve(
      problem(c, 415, "the request body must be JSON (content-type: application/json)", [
        { path: "content-type", message: type ? `${type} is not accepted` : "missing" },
      ]),
    );
  };
}
