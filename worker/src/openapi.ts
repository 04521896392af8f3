// GET /api/v1/openapi.json: generated from the same shared schemas that validate requests.
import {
  alertsQuery,
  bpBody,
  doseBody,
  enrolBody,
  fhirQuery,
  followUpBody,
  glucoseBody,
  noteBody,
  patientListQuery,
  planCreateBody,
  planPatchBody,
  portalLoginBody,
  rangeQuery,
  readingsQuery,
  reminderSettingsPatch,
  subscriptionBody,
  summaryQuery,
  syncBody,
  targetsBody,
  todayQuery,
  triageCsvQuery,
  wechatLoginBody,
} from "@steady/shared";
import * as z from "zod/mini";
import { POLICY } from "./policy";

type Schema = z.ZodMiniType;
const BODIES: Record<string, Schema> = {
  "POST /api/v1/auth/wechat": wechatLoginBody,
  "POST /api/v1/auth/login": portalLoginBody,
  "POST /api/v1/enrol": enrolBody,
  "POST /api/v1/me/plans": planCreateBody,
  "PATCH /api/v1/me/plans/:id": planPatchBody,
  "POST /api/v1/me/doses": doseBody,
  "POST /api/v1/me/bp": bpBody,
  "POST /api/v1/me/glucose": glucoseBody,
  "POST /api/v1/me/sync": syncBody,
  "POST /api/v1/me/subscriptions": subscriptionBody,
  "PATCH /api/v1/me/reminders": reminderSettingsPatch,
  "POST /api/v1/patients/:id/notes": noteBody,
  "POST /api/v1/patients/:id/follow-ups": followUpBody,
  "POST /api/v1/patients/:id/plans": planCreateBody,
  "PATCH /api/v1/patients/:id/plans/:planId": planPatchBody,
  "PUT /api/v1/patients/:id/targets": targetsBody,
};
const QUERIES: Record<string, Schema> = {
  "GET /api/v1/me/today": todayQuery,
  "GET /api/v1/me/summary": summaryQuery,
  "GET /api/v1/me/readings": readingsQuery,
  "GET /api/v1/patients": patientListQuery,
  "GET /api/v1/patients/:id/summary": summaryQuery,
  "GET /api/v1/patients/:id/readings": readingsQuery,
  "GET /api/v1/patients/:id/doses": rangeQuery,
  "GET /api/v1/patients/:id/fhir": fhirQuery,
  "GET /api/v1/patients/export.csv": triageCsvQuery,
  "GET /api/v1/alerts": alertsQuery,
};

const jsonSchema = (s: Schema) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const problemRef = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

let cached: unknown;

export function openApiDocument(version: string) {
  if (cached) return cached;
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
        "200": { description: "OK" },
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
