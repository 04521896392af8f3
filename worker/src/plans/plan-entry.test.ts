// A plan added mid-day counts only the doses from shortly before it was added (issue 13,
// shared/slots.ts entryFloor): the API's today, dose logging and summary agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";

const ENTERED = Date.parse("2026-11-20T12:52:00Z"); // 20:52 in Shanghai
const PLAN = "0194f3a0-0000-7000-8000-0000000000e1";
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await makeTestApp({ now: ENTERED });
  token = await t.enrolledPatient("late-adder");
  const r = await t.addPlan(token, { id: PLAN, times: ["08:00", "19:00", "22:00"], startDate: "2026-11-20" });
  expect(r.status).toBe(201);
});
afterAll(() => t.close());

describe("a plan added at 20:52 starting today", () => {
  it("lists 19:00 (inside the 2 h grace) and 22:00, not 08:00", async () => {
    const r = await t.call("GET", "/api/v1/me/today", { token });
    expect(r.json.slots.map((s: { time: string; status: string }) => `${s.time} ${s.status}`)).toEqual([
      "19:00 due",
      "22:00 upcoming",
    ]);
  });

  it("refuses a dose for the 08:00 that never existed, accepts the 19:00", async () => {
    const early = await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(1), planId: PLAN, scheduledAt: Date.parse("2026-11-20T00:00:00Z"), status: "taken" },
    });
    expect(early.status).toBe(422);
    const ok = await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(2), planId: PLAN, scheduledAt: Date.parse("2026-11-20T11:00:00Z"), status: "taken" },
    });
    expect(ok.status).toBe(201);
  });

  it("counts no missed dose: 1 due, 1 taken", async () => {
    const r = await t.call("GET", "/api/v1/me/summary?days=1", { token });
    expect(r.json.doseAdherence).toBe(1);
    expect(r.json.daysCovered).toBe(1);
  });
});
