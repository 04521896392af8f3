// The OpenAPI document is generated from the routes themselves: every route is described, and
// every route that validates a body or query documents that schema.
import { localDate } from "@steady/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as z from "zod/mini";
import { makeTestApp, type TestApp } from "./app.test-support";
import { POLICY } from "./auth/policy";
import { CONDITIONAL_ROUTES } from "./http/concurrency";
import { PAGE_CSP } from "./http/security-headers";
import { VALIDATES } from "./http/validate";
import { jsonSchema } from "./openapi";
import { ROUTE_ANSWERS } from "./openapi-responses";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

it("describes every route and the schema of every validated body and query", async () => {
  const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
  const op = (method: string, path: string) =>
    doc.paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
  for (const key of Object.keys(POLICY)) {
    const [method, path] = key.split(" ") as [string, string];
    expect(op(method, path), key).toBeDefined();
  }
  const validated = t.app.routes.filter((r) => (r.handler as unknown as Record<symbol, unknown>)[VALIDATES]);
  expect(validated.length).toBeGreaterThan(20);
  for (const r of validated) {
    const meta = (r.handler as unknown as Record<symbol, { target: string }>)[VALIDATES];
    const o = op(r.method, r.path);
    if (meta?.target === "json") expect(o.requestBody, `${r.method} ${r.path}`).toBeDefined();
    if (meta?.target === "query") expect(o.parameters?.length, `${r.method} ${r.path}`).toBeGreaterThan(0);
  }
  // A worked check: the dose body requires what docs/api.md says it requires.
  const dose = op("POST", "/api/v1/me/doses").requestBody.content["application/json"].schema;
  expect(dose.required).toEqual(expect.arrayContaining(["id", "planId", "scheduledAt", "status"]));
  // The sync kinds, the refill (取了药 from the outbox) among them, are documented one by one.
  expect(op("POST", "/api/v1/me/sync").requestBody.description).toContain("refill");
  expect(doc.components.schemas.SyncItem_refill.required).toEqual(
    expect.arrayContaining(["id", "planId", "tablets"]),
  );
});

type Op = {
  operationId: string;
  security: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
};
const opOf = (doc: { paths: Record<string, Record<string, Op>> }, key: string) => {
  const [method, path] = key.split(" ") as [string, string];
  return doc.paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()] as Op;
};

it("gives every route a 2xx answer, the policy's security, and the statuses it shares with others", async () => {
  const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
  expect(Object.keys(ROUTE_ANSWERS).sort()).toEqual(Object.keys(POLICY).sort());
  const ids = new Set<string>();
  for (const [key, roles] of Object.entries(POLICY)) {
    const op = opOf(doc, key);
    ids.add(op.operationId);
    const statuses = Object.keys(op.responses);
    expect(
      statuses.some((s) => /^2\d\d$/.test(s)),
      key,
    ).toBe(true);
    const ok = statuses.find((s) => /^2\d\d$/.test(s) && s !== "204");
    if (ok) expect(Object.keys(op.responses[ok]?.content ?? {}), key).not.toEqual([]);
    const schemes = op.security.flatMap((s) => Object.keys(s)).sort();
    if (roles.includes("public")) expect(op.security, key).toEqual([]);
    else {
      expect(statuses, key).toEqual(expect.arrayContaining(["401", "403"]));
      expect(schemes.includes("patientBearer"), key).toBe(roles.includes("patient"));
      expect(schemes.includes("portalCookie"), key).toBe(roles.some((r) => r !== "patient"));
    }
    if (op.requestBody) expect(statuses, key).toEqual(expect.arrayContaining(["400", "413", "415", "422"]));
    if (ROUTE_ANSWERS[key]?.create)
      expect(statuses, key).toEqual(expect.arrayContaining(["200", "201", "409"]));
  }
  expect(ids.size).toBe(Object.keys(POLICY).length);
  // Concurrency-checked edits declare 412 and 428; logout and erasure answer 204.
  expect(Object.keys(opOf(doc, "PATCH /api/v1/me/plans/:id").responses)).toEqual(
    expect.arrayContaining(["412", "428"]),
  );
  expect(Object.keys(opOf(doc, "POST /api/v1/auth/logout").responses)).toContain("204");
  expect(Object.keys(opOf(doc, "POST /api/v1/auth/login").responses)).toEqual(
    expect.arrayContaining(["423", "429"]),
  );
  expect(Object.keys(opOf(doc, "GET /api/v1/invites/:token").responses)).toContain("410");
});

it("describes every JSON answer field by field: no route answers a bare object or a list of them", () => {
  // A schema is generic when an object in it names no property (a record, a map from names to
  // values, is not), or a list holds such objects: what the apps read from it is undocumented.
  type Js = Record<string, unknown>;
  const bare = (js: Js): boolean => {
    const props = (js.properties ?? {}) as Record<string, Js>;
    if (js.type === "object" && !Object.keys(props).length && !js.propertyNames) return true;
    const inner = [
      ...Object.values(props),
      ...((js.anyOf ?? []) as Js[]),
      ...(js.items ? [js.items as Js] : []),
    ];
    return inner.some(bare);
  };
  const generic = Object.entries(ROUTE_ANSWERS)
    .filter(([, a]) => a.schema && bare(jsonSchema(a.schema, "output")))
    .map(([key]) => key);
  expect(generic).toEqual([]);
  const json = Object.values(ROUTE_ANSWERS).filter((a) => a.schema).length;
  expect(json).toBeGreaterThan(100);
});

it("keeps zod refinements instead of dropping them", async () => {
  const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
  const targets = opOf(doc, "PUT /api/v1/patients/:id/targets").requestBody?.content["application/json"]
    ?.schema;
  expect(JSON.stringify(targets)).toContain("x-refinements");
  expect(JSON.stringify(targets)).toMatch(/systolic/);
  // A refined string (a calendar date) says so too.
  const js = jsonSchema(localDate);
  expect(js["x-refinements"]).toEqual(expect.arrayContaining(["not a calendar date"]));
});

it("describes what the routes really answer: every status seen is declared, every 2xx body fits its schema", async () => {
  const doc = (await t.call("GET", "/api/v1/openapi.json")).json;
  const seeded = await makeTestApp({ patients: 6 });
  try {
    const patient = { token: await seeded.enrolledPatient("openapi") };
    const who: Record<string, { token?: string; cookie?: string }> = { patient, public: {} };
    const staff = await seeded.staffLogins(["doctor", "assistant", "rep", "manager", "admin", "safety"]);
    for (const [role, cookie] of Object.entries(staff)) who[role] = { cookie };
    const list = (await seeded.call("GET", "/api/v1/patients", who.doctor)).json as { patientId: string }[];
    const id = list[0]?.patientId as string;
    let fitted = 0;
    for (const [key, roles] of Object.entries(POLICY)) {
      const [method, path] = key.split(" ") as [string, string];
      if (method !== "GET") continue;
      const url = path.replace(":id", id).replace(/:\w+/g, "nothing-here");
      const declared = Object.keys(opOf(doc, key).responses);
      // As a role the policy allows, and as one it does not (or nobody).
      const allowed = await seeded.call("GET", url, who[roles[0] as string]);
      expect(declared, `${key} answered ${allowed.status}`).toContain(String(allowed.status));
      if (!roles.includes("public")) {
        const other = roles.includes("patient") ? who.rep : who.patient;
        expect(declared).toContain(String((await seeded.call("GET", url, other)).status));
        expect(declared).toContain(String((await seeded.call("GET", url, {})).status));
      }
      const schema = ROUTE_ANSWERS[key]?.schema;
      if (allowed.status === 200 && schema) {
        const parsed = z.safeParse(schema, allowed.json);
        expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues.slice(0, 2))}`).toBe(true);
        fitted++;
      }
    }
    expect(fitted).toBeGreaterThan(40);
    // Writes with a body: an empty object (422), a malformed one (400), and a form post (415)
    // are refused before any handler runs; each of those statuses is declared.
    let writes = 0;
    for (const [key, roles] of Object.entries(POLICY)) {
      const [method, path] = key.split(" ") as [string, string];
      if (!opOf(doc, key).requestBody) continue;
      writes++;
      const url = path.replace(":id", id).replace(/:\w+/g, "nothing-here");
      const as = who[roles[0] as string];
      const declared = Object.keys(opOf(doc, key).responses);
      const headers: Record<string, string> = CONDITIONAL_ROUTES.has(key) ? { "if-match": '"1"' } : {};
      const inits: { body?: unknown; raw?: string; headers?: Record<string, string> }[] = [
        { body: {} },
        { raw: "{not json" },
        { raw: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } },
      ];
      for (const init of inits) {
        const r = await seeded.call(method, url, {
          ...as,
          ...init,
          headers: { ...headers, ...init.headers },
        });
        expect(declared, `${key} answered ${r.status} to ${JSON.stringify(init)}`).toContain(
          String(r.status),
        );
      }
    }
    expect(writes).toBeGreaterThan(40);
  } finally {
    seeded.close();
  }
});

it("serves the API reference at /api/docs from the same document, with nothing loaded from elsewhere", async () => {
  const r = await t.call("GET", "/api/docs");
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toMatch(/^text\/html/);
  const csp = r.headers.get("content-security-policy") ?? "";
  expect(csp).toBe(PAGE_CSP);
  expect(csp).not.toMatch(/https?:/);
  const html = r.json as string;
  expect(html).not.toMatch(/<script|<link|src=|@import/i);
  expect(html).not.toMatch(/href="https?:/);
  for (const key of Object.keys(POLICY)) {
    const path = (key.split(" ")[1] as string).replace(/:(\w+)/g, "{$1}");
    expect(html, key).toContain(`<code>${path}</code>`);
  }
  expect(html).toContain("稳稳 API 参考");
});
