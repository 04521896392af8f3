// The trends calendar reads this phone's doses too (issue 13): a dose taken offline is "taken"
// on the calendar before it is uploaded, exactly as on the today card (same merge, doseRows).
import { localTimeOf } from "@steady/shared";
import { describe, expect, it } from "vitest";
import type { TodaySlot } from "../../src/api/types";
import type { SettledDose } from "../../src/lib/dose-ledger";
import { doseRows } from "../../src/lib/today-model";
import { calendarWithLocal } from "../../src/lib/trends-model";
import type { QueueItem } from "../../src/sync/queue";

const TZ = "Asia/Shanghai";
const P = "0194f3a0-0000-7000-8000-000000000001";
const AT8 = Date.parse("2026-11-20T00:00:00Z"); // 08:00 Shanghai
const AT20 = Date.parse("2026-11-20T12:00:00Z"); // 20:00 Shanghai
const NOW = Date.parse("2026-11-20T13:00:00Z");
const day = { date: "2026-11-20", due: 2, taken: 1, skipped: 0, covered: false };
const slot = (at: number, status: TodaySlot["status"]): TodaySlot => ({
  planId: P,
  drug: "氨氯地平",
  dose: "5 mg",
  scheduledAt: new Date(at).toISOString(),
  time: localTimeOf(at, TZ),
  status,
});
const queued = (at: number, status: "taken" | "skipped", id = `q-${at}-${status}`): QueueItem => ({
  id,
  kind: "dose",
  body: { id, planId: P, scheduledAt: at, status },
  queuedAt: NOW - 1000,
  state: "pending",
  attempts: 0,
});
const cache = { "2026-11-20": [slot(AT8, "taken"), slot(AT20, "due")] };

describe("calendarWithLocal", () => {
  it("a dose in the outbox makes the day covered, as the today card shows it", () => {
    const queue = [queued(AT20, "taken")];
    const [out] = calendarWithLocal([day], {
      queue,
      settled: [],
      today: cache,
      askedAt: NOW - 5000,
      now: NOW,
      tz: TZ,
    });
    expect(out).toEqual({ ...day, taken: 2, covered: true });
    const rows = doseRows(cache["2026-11-20"], queue, NOW, [], []);
    expect(rows.filter((r) => r.status === "taken")).toHaveLength(out?.taken ?? -1);
  });

  it("a dose the server acknowledged after the summary was asked counts; one before it is in the answer already", () => {
    const settled: SettledDose[] = [
      { id: "s1", planId: P, scheduledAt: AT20, date: "2026-11-20", status: "taken", settledAt: NOW - 1000 },
    ];
    const ctx = { queue: [], settled, today: cache, now: NOW, tz: TZ };
    expect(calendarWithLocal([day], { ...ctx, askedAt: NOW - 5000 })[0]).toMatchObject({
      taken: 2,
      covered: true,
    });
    // Asked after it settled: the server's answer has it (taken: 1 here means it was not taken).
    expect(calendarWithLocal([day], { ...ctx, askedAt: NOW })[0]).toEqual(day);
  });

  it("an undo (Skip after a Take the server has) takes the dose back off the day", () => {
    const [out] = calendarWithLocal([day], {
      queue: [queued(AT8, "skipped")],
      settled: [],
      today: cache,
      askedAt: NOW - 5000,
      now: NOW,
      tz: TZ,
    });
    expect(out).toEqual({ ...day, taken: 0, skipped: 1, covered: false });
  });

  it("without a cached today answer the local Take still counts, never beyond what was due", () => {
    const queue = [queued(AT8, "taken"), queued(AT20, "taken")];
    // Nothing cached, nothing settled, the summary never asked.
    const ctx = { queue, settled: [], today: {}, askedAt: 0, now: NOW, tz: TZ };
    const [out] = calendarWithLocal([{ ...day, taken: 0 }], ctx);
    expect(out).toMatchObject({ taken: 2, covered: true });
    const [capped] = calendarWithLocal([day], ctx);
    expect(capped?.taken).toBe(2);
  });
});
