// The mini-program's offline queue against the real API (ADR 0011): plan edits carry the version
// the patient saw as If-Match; edits made offline on top of each other go through in order; an
// edit based on a plan the doctor changed meanwhile is refused (412), kept with the plan as it is
// now, and goes through once the patient redoes it on the current version.

import { makeTestApp, type TestApp } from "@steady/worker/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../miniapp/src/api/client";
import type { KeyValueStore } from "../miniapp/src/platform/storage";
import { OfflineQueue } from "../miniapp/src/sync/queue";
import { apiTransport } from "../miniapp/src/sync/transport";

// The mini-program's build-time constants, which its platform module reads (unused here).
declare global {
  const STEADY_API_BASE: string;
  const STEADY_UNDO_WINDOW_MS: number;
}

let t: TestApp;
let token: string;
let doctor: string;
let patientId: string;
let queue: OfflineQueue;

/** The mini-program's transport (a fetch) over the real app, in process. */
const fetchApp: ConstructorParameters<typeof ApiClient>[0] = (url, init) =>
  Promise.resolve(t.app.request(url, init));

function memoryStore(): KeyValueStore {
  const m = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => m.get(k) as T | undefined,
    set: async (k, v) => {
      m.set(k, structuredClone(v));
    },
    remove: async (k) => {
      m.delete(k);
    },
  };
}

const PLAN = "0194f3a0-0000-7000-8000-00000000c0c1";
let tick = 0;
const later = () => t.setNow(t.now + ++tick * 60_000);
const serverPlan = async () =>
  (await t.call("GET", "/api/v1/me/plans", { token })).json as {
    plans: { id: string; dose: string; times: string[]; version: number; stoppedAt: string | null }[];
  };
const plan = async () => (await serverPlan()).plans.find((p) => p.id === PLAN);

beforeAll(async () => {
  t = await makeTestApp();
  token = await t.enrolledPatient("离线改药");
  doctor = await t.portalLogin("doctor.a@demo.test");
  patientId = (await t.call("GET", "/api/v1/me", { token })).json.patientId;
  queue = new OfflineQueue(
    memoryStore(),
    apiTransport(new ApiClient(fetchApp, () => token, "http://localhost")),
  );
  await queue.enqueue("plan_create", {
    id: PLAN,
    drug: "氨氯地平",
    dose: "5mg",
    times: ["08:00"],
    startDate: "2026-11-01",
  });
  expect(await queue.flush()).toMatchObject({ sent: 1, failed: 0 });
});
afterAll(() => t.close());

describe("plan edits from the offline queue", () => {
  it("two offline edits on top of each other both go through, in order", async () => {
    later();
    await queue.enqueue("plan_patch", { dose: "10mg" }, { target: PLAN, baseVersion: 1 });
    // Made offline after the first, on the plan as shown (still version 1 on this phone).
    await queue.enqueue("plan_patch", { times: ["08:00", "20:00"] }, { target: PLAN, baseVersion: 1 });
    expect(await queue.flush()).toMatchObject({ sent: 2, failed: 0 });
    expect(await plan()).toMatchObject({ dose: "10mg", times: ["08:00", "20:00"], version: 3 });
  });

  it("an edit based on a plan the doctor changed since is refused, kept with the plan now, and redone", async () => {
    later();
    const doc = await t.call("PATCH", `/api/v1/patients/${patientId}/plans/${PLAN}`, {
      cookie: doctor,
      body: { dose: "2.5mg" },
      headers: { "if-match": '"3"' },
    });
    expect(doc.status).toBe(200);
    later();
    // The phone still showed version 3 when the patient changed the evening time.
    await queue.enqueue("plan_patch", { times: ["08:00", "21:00"] }, { target: PLAN, baseVersion: 3 });
    expect(await queue.flush()).toMatchObject({ sent: 0, failed: 1 });
    const [failed] = queue.snapshot();
    expect(failed?.state).toBe("failed");
    expect(failed?.error?.status).toBe("conflict");
    expect(failed?.error?.current).toMatchObject({ dose: "2.5mg", times: ["08:00", "20:00"], version: 4 });
    expect(await plan()).toMatchObject({ dose: "2.5mg", times: ["08:00", "20:00"], version: 4 });

    // "Save my change again": the same change, on the version the server holds now.
    await queue.remove(failed?.id as string);
    await queue.enqueue("plan_patch", failed?.body as Record<string, unknown>, {
      target: PLAN,
      baseVersion: failed?.error?.current?.version as number,
    });
    expect(await queue.flush()).toMatchObject({ sent: 1, failed: 0 });
    expect(await plan()).toMatchObject({ dose: "2.5mg", times: ["08:00", "21:00"], version: 5 });
  });

  it("an edit queued by an older app (no version) is refused with 428 and changes nothing", async () => {
    later();
    await queue.enqueue("plan_patch", { dose: "1mg" }, { target: PLAN });
    expect(await queue.flush()).toMatchObject({ sent: 0, failed: 1 });
    const [failed] = queue.snapshot();
    expect(failed?.error?.status).toBe("conflict");
    expect(failed?.error?.current).toBeUndefined();
    expect((await plan())?.dose).toBe("2.5mg");
    await queue.remove(failed?.id as string);
  });

  it("a stale stop of a plan the doctor already stopped settles as done", async () => {
    later();
    const stop = await t.call("DELETE", `/api/v1/patients/${patientId}/plans/${PLAN}`, {
      cookie: doctor,
      headers: { "if-match": '"5"' },
    });
    expect(stop.status).toBe(200);
    await queue.enqueue("plan_delete", {}, { target: PLAN, baseVersion: 5 });
    expect(await queue.flush()).toMatchObject({ sent: 1, failed: 0 });
    expect(queue.snapshot()).toHaveLength(0);
  });
});

const TRACKED = "0194f3a0-0000-7000-8000-00000000c0c2";
describe("取了药 from the offline queue (issue 13)", () => {
  it("a plan, its count and a refill made offline arrive in order; the refill is stored once however often it is sent", async () => {
    // A plan of its own (the one above was stopped), created, counted and refilled offline.
    await queue.enqueue("plan_create", {
      id: TRACKED,
      drug: "缬沙坦",
      dose: "80mg",
      times: ["08:00"],
      startDate: "2026-11-01",
    });
    await queue.enqueue(
      "plan_patch",
      { supply: { onHand: 4, perDose: 1, packSize: 28 } },
      { target: TRACKED, baseVersion: 1 },
    );
    expect(await queue.flush()).toMatchObject({ sent: 2, failed: 0 });
    later(); // 取了药 after the count (a refill before it is part of what was counted)
    const refill = await queue.enqueue("refill", { planId: TRACKED, tablets: 28, at: t.now });
    expect(await queue.flush()).toMatchObject({ sent: 1, failed: 0 });
    // The answer was lost and the phone sends it again: a duplicate, nothing added.
    await queue.enqueue("refill", refill.body);
    expect(await queue.flush()).toMatchObject({ sent: 1, failed: 0 });
    const stored = (await t.call("GET", "/api/v1/me/plans", { token })).json as {
      plans: { id: string; supply: { stock: number; refills: { id: string }[] } | null }[];
    };
    const supply = stored.plans.find((p) => p.id === TRACKED)?.supply;
    expect(supply?.refills.map((r) => r.id)).toEqual([refill.id]);
    expect(supply?.stock).toBeGreaterThanOrEqual(28);
    // The same id with other tablets is refused and kept visible, never resent by itself.
    await queue.enqueue("refill", { ...refill.body, tablets: 14 });
    expect(await queue.flush()).toMatchObject({ sent: 0, failed: 1 });
    expect(queue.snapshot().find((i) => i.id === refill.id)?.state).toBe("failed");
  });
});
