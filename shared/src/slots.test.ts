import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeAdherence } from "./adherence";
import { entryFloor, expandSlots, isPlanSlot, slotKey } from "./slots";
import { addDays, daysBetween, localDateOf, MS_PER_HOUR } from "./time";
import type { MedicationPlan } from "./types";

const SH = "Asia/Shanghai";
const NY = "America/New_York";

const plan = (over: Partial<MedicationPlan> = {}): MedicationPlan => ({
  id: "p1",
  drug: "amlodipine",
  dose: "5 mg",
  times: ["08:00", "20:00"],
  startDate: "2026-01-01",
  ...over,
});

const iso = (ms: number) => new Date(ms).toISOString();

describe("expandSlots", () => {
  it("expands a twice-daily plan over three Shanghai days, in order", () => {
    // 08:00 and 20:00 in UTC+8 are 00:00Z and 12:00Z on the same date.
    const slots = expandSlots(plan(), "2026-03-01", "2026-03-03", SH);
    expect(slots.map((s) => [s.localDate, s.time, iso(s.scheduledAt)])).toEqual([
      ["2026-03-01", "08:00", "2026-03-01T00:00:00.000Z"],
      ["2026-03-01", "20:00", "2026-03-01T12:00:00.000Z"],
      ["2026-03-02", "08:00", "2026-03-02T00:00:00.000Z"],
      ["2026-03-02", "20:00", "2026-03-02T12:00:00.000Z"],
      ["2026-03-03", "08:00", "2026-03-03T00:00:00.000Z"],
      ["2026-03-03", "20:00", "2026-03-03T12:00:00.000Z"],
    ]);
    expect(slots.every((s) => s.planId === "p1")).toBe(true);
  });

  it("places 00:00 and 23:59 slots on their own local day even though they straddle UTC dates", () => {
    // Shanghai 2026-05-11 00:00 = 05-10 16:00Z; 23:59 = 05-11 15:59Z.
    const slots = expandSlots(plan({ times: ["23:59", "00:00"] }), "2026-05-11", "2026-05-11", SH);
    expect(slots.map((s) => [s.localDate, s.time, iso(s.scheduledAt)])).toEqual([
      ["2026-05-11", "00:00", "2026-05-10T16:00:00.000Z"],
      ["2026-05-11", "23:59", "2026-05-11T15:59:00.000Z"],
    ]);
  });

  it("clips to a plan that starts and ends inside the window", () => {
    // Window 03-01..03-10, plan 03-04..03-06: 3 days × 2 times = 6 slots.
    const slots = expandSlots(
      plan({ startDate: "2026-03-04", endDate: "2026-03-06" }),
      "2026-03-01",
      "2026-03-10",
      SH,
    );
    expect(slots).toHaveLength(6);
    expect(slots[0]?.localDate).toBe("2026-03-04");
    expect(slots.at(-1)?.localDate).toBe("2026-03-06");
  });

  it("returns nothing for a window outside the plan", () => {
    expect(expandSlots(plan({ startDate: "2026-04-01" }), "2026-03-01", "2026-03-31", SH)).toEqual([]);
    expect(expandSlots(plan({ endDate: "2026-02-28" }), "2026-03-01", "2026-03-31", SH)).toEqual([]);
    expect(expandSlots(plan(), "2026-03-02", "2026-03-01", SH)).toEqual([]);
  });

  it("drops slots at or after stoppedAt, including later ones the same day", () => {
    // Stopped exactly at 12:00 Shanghai on 03-02 (= 04:00Z): 03-01 has 3 slots, 03-02 keeps
    // only 08:00 (12:00 is "at" the stop, so not due), 03-03 has none → 4 slots.
    const stoppedAt = Date.UTC(2026, 2, 2, 4, 0);
    const slots = expandSlots(
      plan({ times: ["08:00", "12:00", "20:00"], stoppedAt }),
      "2026-03-01",
      "2026-03-03",
      SH,
    );
    expect(slots.map((s) => `${s.localDate} ${s.time}`)).toEqual([
      "2026-03-01 08:00",
      "2026-03-01 12:00",
      "2026-03-01 20:00",
      "2026-03-02 08:00",
    ]);
    // One millisecond later the 12:00 slot was still active.
    const later = expandSlots(
      plan({ times: ["08:00", "12:00", "20:00"], stoppedAt: stoppedAt + 1 }),
      "2026-03-02",
      "2026-03-02",
      SH,
    );
    expect(later.map((s) => s.time)).toEqual(["08:00", "12:00"]);
  });

  it("a plan version that took effect mid-day has only the slots from then on", () => {
    // Version active from 03-02 12:00 Shanghai: 03-02 keeps 12:00 (at activeFrom) and 20:00.
    const activeFrom = Date.UTC(2026, 2, 2, 4, 0);
    const slots = expandSlots(
      plan({ times: ["08:00", "12:00", "20:00"], activeFrom }),
      "2026-03-01",
      "2026-03-03",
      SH,
    );
    expect(slots.map((s) => `${s.localDate} ${s.time}`)).toEqual([
      "2026-03-02 12:00",
      "2026-03-02 20:00",
      "2026-03-03 08:00",
      "2026-03-03 12:00",
      "2026-03-03 20:00",
    ]);
  });

  it("sorts slots whatever order the plan lists its times in", () => {
    const slots = expandSlots(plan({ times: ["21:00", "07:30", "13:15"] }), "2026-03-01", "2026-03-01", SH);
    expect(slots.map((s) => s.time)).toEqual(["07:30", "13:15", "21:00"]);
  });

  it("a 02:30 dose in New York fires at 03:30 EDT on spring-forward day", () => {
    // 03-07 EST (−5): 07:30Z. 03-08 the wall clock skips 02:00–03:00, so 02:30 → 03:30 EDT
    // = 07:30Z. 03-09 EDT (−4): 06:30Z.
    const slots = expandSlots(plan({ times: ["02:30"] }), "2026-03-07", "2026-03-09", NY);
    expect(slots.map((s) => [s.localDate, s.time, iso(s.scheduledAt)])).toEqual([
      ["2026-03-07", "02:30", "2026-03-07T07:30:00.000Z"],
      ["2026-03-08", "02:30", "2026-03-08T07:30:00.000Z"],
      ["2026-03-09", "02:30", "2026-03-09T06:30:00.000Z"],
    ]);
  });

  it("a daily 08:00 dose is 23 h apart across spring forward and 25 h apart across fall back", () => {
    const gaps = (from: string, to: string) => {
      const s = expandSlots(plan({ times: ["08:00"] }), from, to, NY).map((x) => x.scheduledAt);
      return s.slice(1).map((at, i) => (at - (s[i] ?? 0)) / MS_PER_HOUR);
    };
    expect(gaps("2026-03-07", "2026-03-09")).toEqual([23, 24]);
    expect(gaps("2026-10-31", "2026-11-02")).toEqual([25, 24]);
  });

  it("01:30 on fall-back day is one slot, at the first 01:30 (EDT)", () => {
    const slots = expandSlots(plan({ times: ["01:30"] }), "2026-11-01", "2026-11-01", NY);
    expect(slots.map((s) => iso(s.scheduledAt))).toEqual(["2026-11-01T05:30:00.000Z"]);
  });

  it("02:30 and 03:30 collapse into one 03:30 slot on spring-forward day only", () => {
    const slots = expandSlots(plan({ times: ["02:30", "03:30"] }), "2026-03-07", "2026-03-08", NY);
    // 03-07: two slots (07:30Z, 08:30Z); 03-08: both are 07:30Z, kept once as "03:30".
    expect(slots.map((s) => [s.localDate, s.time, iso(s.scheduledAt)])).toEqual([
      ["2026-03-07", "02:30", "2026-03-07T07:30:00.000Z"],
      ["2026-03-07", "03:30", "2026-03-07T08:30:00.000Z"],
      ["2026-03-08", "03:30", "2026-03-08T07:30:00.000Z"],
    ]);
    // Same result whichever order the plan lists them.
    const reversed = expandSlots(plan({ times: ["03:30", "02:30"] }), "2026-03-08", "2026-03-08", NY);
    expect(reversed.map((s) => s.time)).toEqual(["03:30"]);
  });

  it("has no slot on a local day that never existed (Samoa skipped 2011-12-30)", () => {
    const tz = "Pacific/Apia";
    const slots = expandSlots(
      plan({ times: ["08:00"], startDate: "2011-12-01" }),
      "2011-12-29",
      "2011-12-31",
      tz,
    );
    expect(slots.map((s) => s.localDate)).toEqual(["2011-12-29", "2011-12-31"]);
  });
});

describe("isPlanSlot", () => {
  const p = plan({ startDate: "2026-03-01", endDate: "2026-03-31" });

  it("accepts the plan's slots and nothing a minute off", () => {
    const at = Date.UTC(2026, 2, 10, 0, 0); // 08:00 Shanghai on 03-10
    expect(isPlanSlot(p, at, SH)).toBe(true);
    expect(isPlanSlot(p, at + 60_000, SH)).toBe(false);
    expect(isPlanSlot(p, at - 60_000, SH)).toBe(false);
    expect(isPlanSlot(p, Date.UTC(2026, 2, 10, 4, 0), SH)).toBe(false); // 12:00, not a plan time
  });

  it("rejects slots outside the plan's dates", () => {
    expect(isPlanSlot(p, Date.UTC(2026, 1, 28, 0, 0), SH)).toBe(false); // 02-28 08:00, before start
    expect(isPlanSlot(p, Date.UTC(2026, 2, 31, 12, 0), SH)).toBe(true); // 03-31 20:00, last day
    expect(isPlanSlot(p, Date.UTC(2026, 3, 1, 0, 0), SH)).toBe(false); // 04-01 08:00, after end
  });

  it("rejects slots at or after the plan was stopped", () => {
    const stopped = { ...p, stoppedAt: Date.UTC(2026, 2, 10, 0, 0) };
    expect(isPlanSlot(stopped, Date.UTC(2026, 2, 9, 12, 0), SH)).toBe(true);
    expect(isPlanSlot(stopped, Date.UTC(2026, 2, 10, 0, 0), SH)).toBe(false);
  });

  it("judges wall time in the patient's zone", () => {
    const morning = plan({ times: ["08:00"] });
    // 03-10 00:00Z is 08:00 in Shanghai but 20:00 EDT on 03-09 in New York.
    expect(isPlanSlot(morning, Date.UTC(2026, 2, 10, 0, 0), SH)).toBe(true);
    expect(isPlanSlot(morning, Date.UTC(2026, 2, 10, 0, 0), NY)).toBe(false);
    expect(isPlanSlot(morning, Date.UTC(2026, 2, 10, 12, 0), NY)).toBe(true); // 08:00 EDT
  });

  it("on spring-forward day accepts the shifted 02:30 slot only", () => {
    const q = plan({ times: ["02:30"] });
    expect(isPlanSlot(q, Date.UTC(2026, 2, 8, 7, 30), NY)).toBe(true); // 03:30 EDT
    expect(isPlanSlot(q, Date.UTC(2026, 2, 8, 6, 30), NY)).toBe(false); // 01:30 EST
  });

  it("rejects non-finite instants", () => {
    expect(isPlanSlot(p, Number.NaN, SH)).toBe(false);
    expect(isPlanSlot(p, Number.POSITIVE_INFINITY, SH)).toBe(false);
  });
});

describe("slotKey", () => {
  it("distinguishes plan and instant", () => {
    expect(slotKey("a", 1)).toBe(slotKey("a", 1));
    expect(slotKey("a", 1)).not.toBe(slotKey("a", 2));
    expect(slotKey("a", 1)).not.toBe(slotKey("b", 1));
  });
});

describe("expandSlots properties", () => {
  const dayArb = fc.integer({ min: 0, max: 400 }).map((n) => addDays("2025-06-01", n));
  const timeArb = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
  const planArb = fc
    .record({
      times: fc.uniqueArray(timeArb, { minLength: 1, maxLength: 4 }),
      startDate: dayArb,
      length: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      stopAfterH: fc.option(fc.integer({ min: 0, max: 24 * 60 }), { nil: null }),
      activeAfterH: fc.option(fc.integer({ min: 0, max: 24 * 30 }), { nil: null }),
    })
    .map(
      ({ times, startDate, length, stopAfterH, activeAfterH }): MedicationPlan => ({
        id: "p",
        drug: "d",
        dose: "1",
        times,
        startDate,
        endDate: length == null ? null : addDays(startDate, length),
        stoppedAt:
          stopAfterH == null ? null : Date.parse(`${startDate}T00:00:00Z`) + stopAfterH * MS_PER_HOUR,
        activeFrom:
          activeAfterH == null ? null : Date.parse(`${startDate}T00:00:00Z`) + activeAfterH * MS_PER_HOUR,
      }),
    );
  const windowArb = fc.tuple(dayArb, fc.integer({ min: 0, max: 45 })).map(([from, n]) => ({
    from,
    to: addDays(from, n),
  }));
  const zoneArb = fc.constantFrom(SH, NY, "Europe/London", "Australia/Lord_Howe", "America/Santiago");

  it("every slot lies in [from, to] and the plan's window, is a plan slot, and they are in order", () => {
    fc.assert(
      fc.property(planArb, windowArb, zoneArb, (p, { from, to }, tz) => {
        const slots = expandSlots(p, from, to, tz);
        for (const s of slots) {
          const day = localDateOf(s.scheduledAt, tz);
          expect(day).toBe(s.localDate);
          expect(day >= from && day <= to).toBe(true);
          expect(day >= p.startDate && (p.endDate == null || day <= p.endDate)).toBe(true);
          expect(p.times).toContain(s.time);
          if (p.stoppedAt != null) expect(s.scheduledAt).toBeLessThan(p.stoppedAt);
          if (p.activeFrom != null) expect(s.scheduledAt).toBeGreaterThanOrEqual(p.activeFrom);
          expect(isPlanSlot(p, s.scheduledAt, tz)).toBe(true);
        }
        for (let i = 1; i < slots.length; i++) {
          expect(slots[i]?.scheduledAt).toBeGreaterThan(slots[i - 1]?.scheduledAt ?? 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("without DST or a stop, there are exactly days × times slots (Shanghai)", () => {
    fc.assert(
      fc.property(planArb, windowArb, (p0, { from, to }) => {
        const p = { ...p0, stoppedAt: null, activeFrom: null };
        const first = daysBetween(from, p.startDate) > 0 ? p.startDate : from;
        const last = p.endDate != null && p.endDate < to ? p.endDate : to;
        const days = Math.max(0, daysBetween(first, last) + 1);
        expect(expandSlots(p, from, to, SH)).toHaveLength(days * p.times.length);
      }),
      { numRuns: 200 },
    );
  });

  it("splitting the window in two gives the same slots", () => {
    fc.assert(
      fc.property(planArb, windowArb, zoneArb, fc.nat(), (p, { from, to }, tz, k) => {
        const mid = addDays(from, k % (daysBetween(from, to) + 1));
        const whole = expandSlots(p, from, to, tz);
        const parts = [...expandSlots(p, from, mid, tz), ...expandSlots(p, addDays(mid, 1), to, tz)];
        expect(parts).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });
});

describe("plans entered mid-day (entryFloor)", () => {
  // Worked example (issue 13): on 2026-12-07 at 20:52 in Shanghai (12:52Z) the patient adds
  // 氨氯地平 at 08:00, 19:00 and 21:00, starting today. 08:00 was before the plan existed: no
  // dose, neither due nor missed. 19:00 is 1 h 52 min before entry, inside the 2 h grace: she
  // may have taken it, so it is due. 21:00 is upcoming. Tomorrow has all three.
  const enteredAt = Date.parse("2026-12-07T12:52:00Z");
  const midDay = plan({ times: ["08:00", "19:00", "21:00"], startDate: "2026-12-07", enteredAt });

  it("starts 2 h before entry on the start day, and every day after is whole", () => {
    expect(entryFloor("2026-12-07", enteredAt, SH)).toBe(Date.parse("2026-12-07T10:52:00Z")); // 18:52
    const slots = expandSlots(midDay, "2026-12-07", "2026-12-08", SH);
    expect(slots.map((s) => `${s.localDate} ${s.time}`)).toEqual([
      "2026-12-07 19:00",
      "2026-12-07 21:00",
      "2026-12-08 08:00",
      "2026-12-08 19:00",
      "2026-12-08 21:00",
    ]);
    expect(isPlanSlot(midDay, Date.parse("2026-12-07T00:00:00Z"), SH)).toBe(false); // today's 08:00
  });

  it("does not count the 08:00 before entry as missed: 1 of 1 due dose taken is 100 %", () => {
    const now = Date.parse("2026-12-07T13:00:00Z"); // 21:00
    const taken19 = {
      planId: "p1",
      scheduledAt: Date.parse("2026-12-07T11:00:00Z"),
      status: "taken" as const,
      at: enteredAt,
      recordedAt: enteredAt,
    };
    const r = computeAdherence({
      plans: [midDay],
      events: [taken19],
      tz: SH,
      from: "2026-12-07",
      to: "2026-12-07",
      now: now - 1,
    });
    expect(r).toMatchObject({ dueSlots: 1, takenSlots: 1, doseAdherence: 1, daysCovered: 1 });
  });

  it("keeps the history of a plan entered with an earlier start date, and of plans with no entry time", () => {
    expect(entryFloor("2026-12-01", enteredAt, SH)).toBeNull();
    const backdated = plan({ times: ["08:00"], startDate: "2026-12-01", enteredAt });
    expect(expandSlots(backdated, "2026-12-07", "2026-12-07", SH)).toHaveLength(1);
    expect(
      expandSlots(plan({ times: ["08:00"], startDate: "2026-12-07" }), "2026-12-07", "2026-12-07", SH),
    ).toHaveLength(1);
  });

  it("a plan starting tomorrow is whole from its first day", () => {
    const tomorrow = plan({ times: ["08:00"], startDate: "2026-12-08", enteredAt });
    expect(expandSlots(tomorrow, "2026-12-07", "2026-12-08", SH).map((s) => s.localDate)).toEqual([
      "2026-12-08",
    ]);
  });
});
