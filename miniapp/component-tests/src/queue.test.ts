import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/platform/storage";
import { OfflineQueue, queuedDoseStatus } from "../../src/sync/queue";
import { FakeServer } from "./fake-server";

const bp = (systolic: number) => ({ systolic, diastolic: 80, measuredAt: 1_767_000_000_000 });

function setup(server = new FakeServer(), storage = memoryStorage(), now = { t: 1_767_000_000_000 }) {
  const queue = new OfflineQueue(storage, server.transport(), { now: () => now.t });
  return { queue, server, storage, now };
}

describe("offline queue", () => {
  it("stores a write before sending and keeps it through a network failure", async () => {
    const { queue, server, storage } = setup();
    server.failure = "before";
    const item = await queue.enqueue("bp", bp(142));
    // Persisted with its client id (a UUIDv7: version nibble 7) before any request.
    expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(storage.dump()["steady.queue.v1"]).toEqual([expect.objectContaining({ id: item.id, kind: "bp" })]);

    const report = await queue.flush();
    expect(report).toMatchObject({ sent: 0, interrupted: true });
    expect(queue.pendingCount()).toBe(1);
    expect(server.records.size).toBe(0);

    server.failure = "none";
    await expect(queue.flush()).resolves.toMatchObject({ sent: 1, interrupted: false });
    expect(queue.pendingCount()).toBe(0);
    expect([...server.records.keys()]).toEqual([item.id]);
  });

  it("survives an app restart: a new queue on the same storage sends what the old one left", async () => {
    const server = new FakeServer();
    server.failure = "before";
    const storage = memoryStorage();
    const first = setup(server, storage).queue;
    const a = await first.enqueue("bp", bp(150));
    const b = await first.enqueue("glucose", {
      value: 5.6,
      unit: "mmol/L",
      context: "fasting",
      measuredAt: 1,
    });
    await first.flush();

    // "Restart": the old instance is gone; only storage remains.
    server.failure = "none";
    const second = setup(server, storage).queue;
    await second.load();
    expect(second.snapshot().map((i) => i.id)).toEqual([a.id, b.id]);
    await second.flush();
    expect(second.snapshot()).toEqual([]);
    expect([...server.records.keys()]).toEqual([a.id, b.id]);
  });

  it("never duplicates when the answer is lost after the server stored the records", async () => {
    const { queue, server, storage } = setup();
    const a = await queue.enqueue("bp", bp(130));
    const b = await queue.enqueue("bp", bp(131));
    server.failure = "after"; // stored on the server, but the phone never hears back
    await queue.flush();
    expect(queue.pendingCount()).toBe(2);

    // Replay after a restart: the server answers "duplicate" and the items leave the queue.
    server.failure = "none";
    const again = new OfflineQueue(storage, server.transport());
    await again.load();
    await expect(again.flush()).resolves.toMatchObject({ sent: 2, failed: 0 });
    expect(again.snapshot()).toEqual([]);
    expect(server.records.size).toBe(2);
    // Each id reached the server twice (first try + replay) and is stored once.
    expect(server.received.filter((id) => id === a.id)).toHaveLength(2);
    expect(server.received.filter((id) => id === b.id)).toHaveLength(2);
  });

  it("keeps a refused item visible with its reason and does not resend it by itself", async () => {
    const { queue, server } = setup();
    const bad = await queue.enqueue("bp", bp(299));
    const good = await queue.enqueue("bp", bp(120));
    server.reject.add(bad.id);
    await expect(queue.flush()).resolves.toMatchObject({ sent: 1, failed: 1 });
    expect(queue.snapshot()).toEqual([
      expect.objectContaining({
        id: bad.id,
        state: "failed",
        error: { status: "rejected", messages: ["systolic: too high"] },
      }),
    ]);
    expect(queue.pendingCount()).toBe(0);
    const before = server.received.length;
    await queue.flush();
    expect(server.received.length).toBe(before); // no loop
    expect(server.records.has(good.id)).toBe(true);
    await queue.remove(bad.id);
    expect(queue.snapshot()).toEqual([]);
  });

  it("sends in the order written, a plan before the dose that refers to it", async () => {
    const { queue, server } = setup();
    const plan = await queue.enqueue("plan_create", {
      drug: "二甲双胍",
      dose: "0.5 g",
      times: ["08:00"],
      startDate: "2026-01-01",
    });
    const dose = await queue.enqueue("dose", { planId: plan.id, scheduledAt: 5, status: "taken", at: 6 });
    const reading = await queue.enqueue("bp", bp(125));
    await queue.flush();
    expect(server.received).toEqual([plan.id, dose.id, reading.id]);
  });

  it("holds a Take for its undo window; undo inside it means nothing is sent", async () => {
    const { queue, server, now } = setup();
    const take = await queue.enqueue(
      "dose",
      { planId: "p", scheduledAt: 5, status: "taken", at: 6 },
      { holdMs: 60_000 },
    );
    await queue.flush();
    expect(server.received).toEqual([]);
    expect(queuedDoseStatus(queue.snapshot()).get("p|5")?.body.status).toBe("taken");

    await queue.remove(take.id); // undo
    now.t += 61_000;
    await queue.flush();
    expect(server.received).toEqual([]);

    const second = await queue.enqueue(
      "dose",
      { planId: "p", scheduledAt: 5, status: "taken", at: 7 },
      { holdMs: 60_000 },
    );
    now.t += 60_000; // the window closes exactly now
    await queue.flush();
    expect(server.received).toEqual([second.id]);
  });

  it("shares one run between concurrent flushes, so nothing goes out twice at once", async () => {
    const { queue, server } = setup();
    await queue.enqueue("bp", bp(121));
    await queue.enqueue("bp", bp(122));
    const [r1, r2] = await Promise.all([queue.flush(), queue.flush()]);
    expect(r1).toBe(r2);
    expect(server.received).toHaveLength(2);
  });
});
