// The OpenAPI document is generated from the routes themselves: every route is described, and
// every route that validates a body or query documents that schema.
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "./app.test-support";
import { POLICY } from "./auth/policy";
import { VALIDATES } from "./http/validate";

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
});
