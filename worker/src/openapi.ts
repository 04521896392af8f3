// GET /api/v1/openapi.json: generated from the same shared schemas that validate requests and
// describe answers (shared/src/response-schemas.ts), the policy table (who may call a route, hence
// its security requirement) and the statuses each route can answer (openapi-responses.ts).
import { bpBody, doseBody, glucoseBody, sideEffectBody, syncRefillBody } from "@steady/shared";
import type { RouterRoute } from "hono/types";
import * as z from "zod/mini";
import { type Access, POLICY } from "./auth/policy";
import { CONDITIONAL_ROUTES } from "./http/concurrency";
import { VALIDATES, type ValidatesMeta } from "./http/validate";
import { ROUTE_ANSWERS, type RouteAnswer } from "./openapi-responses";

type Schema = z.ZodMiniType;
type Json = Record<string, unknown>;

interface CheckDef {
  check?: string;
  error?: (issue: unknown) => unknown;
}

/**
 * A zod schema as JSON Schema. Refinements (`z.refine`) have no JSON Schema form; rather than drop
 * them silently, each one's message is kept in `x-refinements` and in the description.
 */
export function jsonSchema(s: Schema, io: "input" | "output" = "input"): Json {
  const out = z.toJSONSchema(s, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const checks = ((
        ctx.zodSchema as unknown as { _zod: { def: { checks?: { _zod: { def: CheckDef } }[] } } }
      )._zod.def.checks ?? []) as { _zod: { def: CheckDef } }[];
      const rules = checks
        .map((c) => c._zod.def)
        .filter((d) => d.check === "custom")
        .map((d) => {
          const m = d.error?.({});
          return typeof m === "string"
            ? m
            : ((m as { message?: string } | undefined)?.message ?? "a further rule");
        });
      if (!rules.length) return;
      const js = ctx.jsonSchema as Json;
      js["x-refinements"] = rules;
      const also = `Also: ${rules.join("; ")}.`;
      js.description = js.description ? `${js.description} ${also}` : also;
    },
  }) as Json;
  delete out.$schema;
  return out;
}

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** Security requirement of a route from its policy rule: none for public routes. */
function securityOf(roles: readonly Access[]): Record<string, string[]>[] {
  if (roles.includes("public")) return [];
  const out: Record<string, string[]>[] = [];
  // A family member signs in like a patient (WeChat → bearer token).
  if (roles.includes("patient") || roles.includes("family")) out.push({ patientBearer: [] });
  if (roles.some((r) => r !== "patient" && r !== "family")) out.push({ portalCookie: [] });
  return out;
}

const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .replace(/^\/api(\/v1)?/, "")
    .replace(/\.(\w+)$/, "-$1")
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(":") ? `By${cap(w.slice(1))}` : cap(w)))
    .join("");
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const TAGS: Record<string, string> = {
  alerts: "Clinical alerts of the caller's clinics (BP crisis, hypoglycaemia) and their acknowledgement",
  auth: "Sign-in: WeChat for patients and family, password for the portal; sessions",
  clinics: "Clinics a rep brings in: agreements, staff invitations, enrolment codes",
  codes: "Enrolment codes: QR images, posters, revocation and replacement",
  dev: "Dev mode only: the outbox of messages that were not really sent",
  docs: "This API reference as an HTML page",
  enrol: "A patient joins the programme with a clinic's code",
  family: "Family follow (亲情关注): invitations, followers and what they see",
  "follow-ups": "Follow-up calls due across the caller's clinics",
  health: "Liveness and database reachability",
  "invite-approvals": "Staff invitations waiting for a doctor's or an admin's approval",
  invites: "Staff invitation links, opened by people without an account yet",
  me: "The signed-in patient's own data: plans, doses, readings, reminders, diary, export and erasure",
  openapi: "This document",
  patients: "Clinicians' view of their patients: triage list, records, plans, notes, safety",
  programme: "Programme settings: conditions, targets, consent, education",
  reports: "Programme aggregates under disclosure control (ADR 0013), as JSON and CSV",
  safety: "Safety reporting (ADR 0010): reports, cases, forwarding to the MAH",
  staff: "Staff of the caller's clinics",
};
const tagOf = (path: string) =>
  path
    .replace(/^\/api(\/v1)?\//, "")
    .split("/")[0]
    ?.replace(/\..*$/, "") || "api";

function okResponses(a: RouteAnswer, conditional: boolean): Json {
  const headers: Json = {
    ...(conditional
      ? { ETag: { schema: { type: "string" }, description: '"<version>": send it back as If-Match' } }
      : {}),
    ...(a.link
      ? {
          Link: {
            schema: { type: "string" },
            description:
              'The note on disclosure control: `</api/v1/reports/disclosure-note?lang=…>; rel="describedby"`',
          },
        }
      : {}),
  };
  const etag = Object.keys(headers).length ? { headers } : {};
  const content = a.schema
    ? { content: { "application/json": { schema: jsonSchema(a.schema, "output") } } }
    : a.type
      ? {
          content: {
            [a.type]: {
              schema: a.type.startsWith("image/") ? { type: "string", format: "binary" } : { type: "string" },
            },
          },
        }
      : {};
  if (a.ok === 204) return { "204": { description: "Done; no body" } };
  if (a.create) {
    return {
      "200": { description: "A replay: this id was already stored with the same body", ...etag, ...content },
      "201": { description: "Created", ...etag, ...content },
    };
  }
  return { [String(a.ok ?? 200)]: { description: "OK", ...etag, ...content } };
}

let cached: unknown;

/**
 * `POST /me/sync` checks each item on its own (one bad item never blocks the others), so its
 * request schema is loose; what each `kind` carries is documented here, from the same schemas.
 */
const SYNC_ROUTE = "POST /api/v1/me/sync";
const SYNC_ITEMS: Record<string, Schema> = {
  dose: doseBody,
  bp: bpBody,
  glucose: glucoseBody,
  side_effect: sideEffectBody,
  refill: syncRefillBody,
};

/** The sync body with each item described as `kind` plus the body of that kind. */
function syncSchema(loose: Json): Json {
  const items = Object.keys(SYNC_ITEMS).map((kind) => ({
    allOf: [
      { type: "object", required: ["kind"], properties: { kind: { const: kind } } },
      { $ref: `#/components/schemas/SyncItem_${kind}` },
    ],
  }));
  const props = (loose.properties ?? {}) as Record<string, Json>;
  return { ...loose, properties: { ...props, items: { ...props.items, items: { anyOf: items } } } };
}

/** The validators each registered route uses ("GET /api/v1/…" → its query, param, json schemas). */
function validatorsByRoute(routes: RouterRoute[]): Map<string, ValidatesMeta[]> {
  const validators = new Map<string, ValidatesMeta[]>();
  for (const r of routes) {
    const meta = (r.handler as unknown as Record<symbol, ValidatesMeta | undefined>)[VALIDATES];
    const key = `${r.method} ${r.path}`;
    if (meta) validators.set(key, [...(validators.get(key) ?? []), meta]);
  }
  return validators;
}

/** What a route's validators check, by target. */
interface Validated {
  param?: Schema;
  query?: Schema;
  body?: Schema;
}

function validatedBy(metas: ValidatesMeta[]): Validated {
  const of = (target: string) => metas.find((m) => m.target === target)?.schema;
  return { param: of("param"), query: of("query"), body: of("json") };
}

/** Path parameters (typed by the param validator when there is one), query parameters, If-Match. */
function parametersOf(path: string, v: Validated, conditional: boolean): Json[] {
  const paramProps = v.param ? ((jsonSchema(v.param).properties ?? {}) as Record<string, Json>) : {};
  const params: Json[] = [...path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: paramProps[m[1] as string] ?? { type: "string" },
  }));
  if (v.query) {
    const js = jsonSchema(v.query) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      params.push({ name, in: "query", required: js.required?.includes(name) ?? false, schema });
    }
  }
  // Optimistic concurrency (ADR 0011): the version the edit is based on, as an ETag.
  if (conditional) {
    params.push({
      name: "If-Match",
      in: "header",
      required: true,
      schema: { type: "string", examples: ['"3"'] },
      description: 'The `version` (or ETag) the edit is based on, as "<version>"; W/"<version>" is accepted.',
    });
  }
  return params;
}

/** Every status a route can answer: its own (openapi-responses.ts) and those its middleware adds. */
function responsesOf(
  method: string,
  answer: RouteAnswer,
  v: Validated,
  isPublic: boolean,
  conditional: boolean,
): Json {
  const writes = method !== "GET" && method !== "HEAD";
  const extra = (answer.extra ?? {}) as Record<string, string>;
  const responses: Json = {
    ...okResponses(answer, conditional),
    ...(v.body || v.query || v.param
      ? { "400": problem("Malformed JSON, or an invalid query or path parameter") }
      : {}),
    ...(isPublic ? {} : { "401": problem("Not signed in, or the session expired") }),
    ...(isPublic ? {} : { "403": problem("The caller's role may not use this route") }),
    ...(answer.create ? { "409": problem("This id was already used with a different body") } : {}),
    ...(conditional
      ? {
          "412": problem("Stale If-Match: nothing changed; `current` holds the resource as it is now"),
          "428": problem("If-Match missing"),
        }
      : {}),
    ...(writes ? { "413": problem("The body is over 512 KB"), "415": problem("The body is not JSON") } : {}),
    ...(v.body ? { "422": problem("Invalid body: each field named in `errors`") } : {}),
    ...Object.fromEntries(Object.entries(extra).map(([status, why]) => [status, problem(why)])),
  };
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** The JSON request body; the sync route's items are described kind by kind. */
function requestBodyOf(key: string, body: Schema): Json {
  const sync = key === SYNC_ROUTE;
  return {
    required: true,
    ...(sync
      ? {
          description: `Each item: \`kind\` (${Object.keys(SYNC_ITEMS).join(", ")}) plus the body of that kind: components.schemas.SyncItem_<kind>.`,
        }
      : {}),
    content: { "application/json": { schema: sync ? syncSchema(jsonSchema(body)) : jsonSchema(body) } },
  };
}

/** One operation of the document, from the policy rule, the validators and the answers of a route. */
function operationOf(key: string, roles: readonly Access[], metas: ValidatesMeta[]): Json {
  const [method, path] = key.split(" ") as [string, string];
  const answer = ROUTE_ANSWERS[key];
  if (!answer) throw new Error(`openapi-responses.ts does not describe ${key}`);
  const v = validatedBy(metas);
  const isPublic = roles.includes("public");
  const conditional = CONDITIONAL_ROUTES.has(key);
  const params = parametersOf(path, v, conditional);
  return {
    operationId: operationId(method, path),
    summary: `${method} ${path}`,
    description: isPublic ? "Public." : `Roles: ${roles.join(", ")}.`,
    tags: [tagOf(path)],
    "x-roles": roles,
    security: securityOf(roles),
    ...(params.length ? { parameters: params } : {}),
    ...(v.body ? { requestBody: requestBodyOf(key, v.body) } : {}),
    responses: responsesOf(method, answer, v, isPublic, conditional),
  };
}

const PROBLEM_SCHEMA = {
  type: "object",
  description: "RFC 9457 problem details",
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
};

const SECURITY_SCHEMES = {
  patientBearer: {
    type: "http",
    scheme: "bearer",
    description: "Patient (and family) session token from POST /api/v1/auth/wechat",
  },
  portalCookie: {
    type: "apiKey",
    in: "cookie",
    name: "steady_session",
    description:
      "Portal session cookie from POST /api/v1/auth/login; state changes also need a trusted Origin",
  },
};

/** The OpenAPI document of the routes as registered: every validator a route uses documents itself. */
export function openApiDocument(version: string, routes: RouterRoute[]) {
  if (cached) return cached;
  const validators = validatorsByRoute(routes);
  const paths: Record<string, Json> = {};
  for (const [key, roles] of Object.entries(POLICY)) {
    const [method, path] = key.split(" ") as [string, string];
    const openApiPath = path.replace(/:(\w+)/g, "{$1}");
    paths[openApiPath] ??= {};
    (paths[openApiPath] as Json)[method.toLowerCase()] = operationOf(key, roles, validators.get(key) ?? []);
  }
  const tags = [...new Set(Object.keys(POLICY).map((k) => tagOf(k.split(" ")[1] as string)))].sort();
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Steady API",
      version,
      description:
        "The API of Steady (稳稳): the mini-program, the portal and the jobs. The contract is docs/api.md.",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    // Relative: the API is served at PUBLIC_ORIGIN, and locally at http://localhost:8787.
    servers: [{ url: "/", description: "The origin this document was served from" }],
    tags: tags.map((name) => ({ name, description: TAGS[name] ?? name })),
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: {
        ...Object.fromEntries(Object.entries(SYNC_ITEMS).map(([k, v]) => [`SyncItem_${k}`, jsonSchema(v)])),
        Problem: PROBLEM_SCHEMA,
      },
    },
    paths,
  };
  return cached;
}
