// The default (programme-wide) demo opens the safety officer's inbox with cases to work on.
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ patients: 60 });
});
afterAll(() => t.close());

it("seeds a serious clinician report, a rash and a rep's report, due soonest first", async () => {
  const officer = await t.portalLogin("safety@demo.test");
  const r = await t.call("GET", "/api/v1/safety/cases", { cookie: officer });
  expect(r.status).toBe(200);
  const cases = (Array.isArray(r.json) ? r.json : r.json.cases) as {
    source: string;
    serious: boolean;
    forwardDueAt: string;
  }[];
  expect(cases.map((c) => c.source).sort()).toEqual(["clinician", "clinician", "rep"]);
  expect(cases.filter((c) => c.serious)).toHaveLength(1);
  const due = cases.map((c) => c.forwardDueAt);
  expect([...due].sort()).toEqual(due);
});
