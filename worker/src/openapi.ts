// GET /api/v1/openapi.json: generated from the same shared schemas that validate requests.
import type { RouterRoute } from "hono/types";
import * as z from "zod/mini";
import { POLICY } from "./auth/policy";
import { CONDITIONAL_ROUTES } from "./http/concurrency";
import { VALIDATES, type ValidatesMeta } from "./http/validate";

type Schema = z.ZodMiniType;

const jsonSchema = (s: Schema) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const problemRef = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

let cached: unknown;

/** The OpenAPI document of the routes as registered: every validator a route uses documents itself. */
export function openApiDocument(version: string, routes: RouterRoute[]) {
  if (cached) return cached;
  const BODIES: Record<string, Schema> = {};
  const QUERIES: Record<string, Schema> = {};
  for (const r of routes) {
    const meta = (r.handler as unknown as Record<symbol, ValidatesMeta | undefined>)[VALIDATES];
    if (meta?.target === "json") BODIES[`${r.method} ${r.path}`] = meta.schema;
    if (meta?.target === "query") QUERIES[`${r.method} ${r.path}`] = meta.schema;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, roles] of Object.entries(POLICY)) {
    const [method, path] = key.split(" ") as [string, string];
    const oaPath = path.replace(/:(\w+)/g, "{$1}");
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = QUERIES[key];
    if (query) {
      const js = jsonSchema(query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        params.push({ name, in: "query", required: js.required?.includes(name) ?? false, schema } as never);
      }
    }
    // Optimistic concurrency (ADR 0011): the version the edit is based on, as an ETag.
    const conditional = CONDITIONAL_ROUTES.has(key);
    if (conditional) {
      params.push({
        name: "If-Match",
        in: "header",
        required: true,
        schema: { type: "string", examples: ['"3"'] },
        description:
          'The `version` (or ETag) the edit is based on, as "<version>"; W/"<version>" is accepted.',
      } as never);
    }
    const body = BODIES[key];
    paths[oaPath] ??= {};
    (paths[oaPath] as Record<string, unknown>)[method.toLowerCase()] = {
      summary: `${method} ${path}`,
      "x-roles": roles,
      ...(params.length ? { parameters: params } : {}),
      ...(body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(body) } } } }
        : {}),
      responses: {
        "200": conditional
          ? {
              description: "OK",
              headers: { ETag: { schema: { type: "string" }, description: '"<version>"' } },
            }
          : { description: "OK" },
        ...(conditional
          ? {
              "412": {
                description: "Stale If-Match: nothing changed; `current` holds the resource as it is now",
                content: problemRef,
              },
              "428": { description: "If-Match missing", content: problemRef },
            }
          : {}),
        ...(body
          ? { "201": { description: "Created" }, "409": { description: "id reused", content: problemRef } }
          : {}),
        "400": { description: "Bad input", content: problemRef },
        "401": { description: "Unauthenticated", content: problemRef },
        "403": { description: "Forbidden", content: problemRef },
        "404": { description: "Not found or not yours", content: problemRef },
        "422": { description: "Invalid body (each field named)", content: problemRef },
      },
    };
  }
  cached = {
    openapi: "3.1.0",
    info: { title: "Steady API", version },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        patientBearer: { type: "http", scheme: "bearer" },
        portalCookie: { type: "apiKey", in: "cookie", name: "steady_session" },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            errors: {
              type: "array",
              items: {
                type: "object",
                properties: { path: { type: "string" }, message: { type: "string" } },
              },
            },
          },
        },
      },
    },
    paths,
  };
  return cached;
}
