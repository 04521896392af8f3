// Where GET /api/v1/openapi.json and GET /api/docs get their text. On Node (and in tests, and in
// the build) the document is generated from the routes at first request; the Cloudflare Worker
// serves the same text, written into its static assets at build time (openapi-assets.ts,
// ADR 0019), so that zod's JSON Schema conversion and the generator stay out of the Worker bundle.
import type { RouterRoute } from "hono/types";
import { openApiDocument } from "./openapi";
import { apiReferencePage } from "./openapi-page";

export interface ApiReference {
  /** The OpenAPI document as JSON text. */
  document(routes: RouterRoute[]): Promise<string>;
  /** The API reference as one HTML page. */
  page(routes: RouterRoute[]): Promise<string>;
}

/** The reference generated from the registered routes, once per process. */
export function generatedReference(version: string): ApiReference {
  let json: string | undefined;
  let html: string | undefined;
  const doc = (routes: RouterRoute[]) => openApiDocument(version, routes) as Record<string, unknown>;
  return {
    document: async (routes) => (json ??= JSON.stringify(doc(routes))),
    page: async (routes) => (html ??= apiReferencePage(doc(routes))),
  };
}
