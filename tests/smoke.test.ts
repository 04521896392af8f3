// The stack starts from its entry point and answers over real HTTP.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ patients: 10 });
});
afterAll(() => stack.stop());

it("serves health and the OpenAPI description", async () => {
  const health = await (await fetch(`${stack.baseUrl}/api/v1/health`)).json();
  expect(health).toMatchObject({ ok: true, db: "ok" });
  const doc = await (await fetch(`${stack.baseUrl}/api/v1/openapi.json`)).json();
  expect(Object.keys(doc.paths)).toContain("/api/v1/me/doses");
  expect(
    doc.paths["/api/v1/me/doses"].post.requestBody.content["application/json"].schema.required,
  ).toContain("scheduledAt");
});

it("lets the demo doctor sign in and see clinic A's patients with tiers and reasons", async () => {
  const login = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "doctor.a@demo.test", password: stack.password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const res = await fetch(`${stack.baseUrl}/api/v1/patients?sort=risk`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const rows = (await res.json()) as { tier: string; reasons: string[] }[];
  expect(rows.length).toBeGreaterThan(0);
  const order = ["urgent", "attention", "silent", "stable"];
  const ranks = rows.map((r) => order.indexOf(r.tier));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(rows.filter((r) => r.tier !== "stable").every((r) => r.reasons.length > 0)).toBe(true);
  // The demo always gives each clinic an urgent patient (yesterday's grade-3 reading), whatever the hour.
  expect(rows[0]?.tier).toBe("urgent");
});
