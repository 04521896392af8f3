// The monthly call cycle and the calling order, worked by hand.
import { describe, expect, it } from "vitest";
import { type CallRecord, compareWorklist, followUpState, type WorklistRow } from "./followups";

const SH = "Asia/Shanghai";
// 2026-11-01 09:00 Shanghai = 01:00Z.
const ENROLLED = Date.parse("2026-11-01T01:00:00Z");
const at = (iso: string) => Date.parse(iso);

describe("followUpState", () => {
  it("first call is due 30 days after the enrolment day", () => {
    // Enrolled 2026-11-01 → due 2026-12-01. On 2026-11-30 it is 1 day early.
    const before = followUpState(ENROLLED, [], at("2026-11-30T04:00:00Z"), SH);
    expect(before).toMatchObject({
      dueDate: "2026-12-01",
      due: false,
      overdueDays: -1,
      attempts: 0,
      lastCall: null,
    });
    const on = followUpState(ENROLLED, [], at("2026-12-01T04:00:00Z"), SH);
    expect(on).toMatchObject({ due: true, overdueDays: 0 });
  });

  it("uses the patient's own day: 23:30 UTC on 30 Nov is already 1 Dec in Shanghai", () => {
    expect(followUpState(ENROLLED, [], at("2026-11-30T23:30:00Z"), SH).due).toBe(true);
    expect(followUpState(ENROLLED, [], at("2026-11-30T23:30:00Z"), "UTC").due).toBe(false);
  });

  it("a call that does not reach the patient leaves them due and counts as an attempt", () => {
    const calls: CallRecord[] = [
      { id: "a", at: at("2026-12-01T02:00:00Z"), outcome: "not_reached" },
      { id: "b", at: at("2026-12-02T02:00:00Z"), outcome: "not_reached" },
    ];
    const s = followUpState(ENROLLED, calls, at("2026-12-02T06:00:00Z"), SH);
    expect(s).toMatchObject({
      dueDate: "2026-12-01",
      due: true,
      overdueDays: 1,
      attempts: 2,
      calledToday: true,
    });
    expect(s.lastCall?.id).toBe("b");
  });

  it("a reached (or escalated) call starts the next month; earlier attempts stop counting", () => {
    const calls: CallRecord[] = [
      { id: "a", at: at("2026-12-01T02:00:00Z"), outcome: "not_reached" },
      { id: "b", at: at("2026-12-03T02:00:00Z"), outcome: "reached" },
    ];
    // Reached on 2026-12-03 → next due 2027-01-02.
    const s = followUpState(ENROLLED, calls, at("2026-12-20T02:00:00Z"), SH);
    expect(s).toMatchObject({ dueDate: "2027-01-02", due: false, attempts: 0, calledToday: false });
    const esc = followUpState(
      ENROLLED,
      [{ id: "e", at: at("2026-12-03T02:00:00Z"), outcome: "escalated" }],
      at("2027-01-02T02:00:00Z"),
      SH,
    );
    expect(esc).toMatchObject({ dueDate: "2027-01-02", due: true });
  });
});

describe("compareWorklist", () => {
  const row = (name: string, over: Partial<WorklistRow>): WorklistRow => ({
    patientId: name,
    name,
    phone: null,
    doctorName: "",
    tier: "stable",
    reasons: [],
    reasonCodes: [],
    doseAdherence14d: 0.9,
    daysCovered30d: 0.9,
    dueDate: "2026-12-01",
    due: true,
    overdueDays: 0,
    attempts: 0,
    lastCall: null,
    calledToday: false,
    ...over,
  });

  it("puts the lowest adherence first, unknown adherence after measured, today's calls last", () => {
    const rows = [
      row("called", { doseAdherence14d: 0.1, calledToday: true }),
      row("none", { doseAdherence14d: null }),
      row("high", { doseAdherence14d: 0.95 }),
      row("low", { doseAdherence14d: 0.3 }),
      row("low-older", { doseAdherence14d: 0.3, overdueDays: 5 }),
    ];
    expect(rows.sort(compareWorklist).map((r) => r.name)).toEqual([
      "low-older",
      "low",
      "high",
      "none",
      "called",
    ]);
  });
});
