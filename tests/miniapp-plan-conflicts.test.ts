// The mini-program's offline queue against the real API (ADR 0011): plan edits carry the version
// the patient saw as If-Match; edits made offline on top of each other go through in order; an
// edit based on a plan the doctor changed meanwhile is refused (412), kept with the plan as it is
// now, and goes through once the patient redoes it on the current version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../miniapp/src/api/client";
import type { Http } from "../miniapp/src/platform/request";
import type { KeyValueStore } from "../miniapp/src/platform/storage";
import { OfflineQueue } from "../miniapp/src/sync/queue";
import { apiTransport } from "../miniapp/src/sync/transport";
import { makeTestApp, type TestApp } from "../worker/src/app.test-support";

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

/** The mini-program's Http over the real app, in process. */
const http: Http = async (method, path, body, bearer, headers) => {
  const res = await t.app.request(`http://localhost${path}`, {
    method,
    headers: {
      ...headers,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

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
  (await http("GET", "/api/v1/me/plans", undefined, token)).body as {
    plans: { id: string; dose: string; times: string[]; version: number; stoppedAt: string | null }[];
  };
const plan = async () => (await serverPlan()).plans.find((p) => p.id === PLAN);

beforeAll(async () => {
  t = await makeTestApp();
  token = await t.enrolledPatient("离线改药");
  doctor = await t.portalLogin("doctor.a@demo.test");
  patientId = (await t.call("GET", "/api/v1/me", { token })).json.patientId;
  queue = new OfflineQueue(memoryStore(), apiTransport(new ApiClient(http, () => token)));
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
