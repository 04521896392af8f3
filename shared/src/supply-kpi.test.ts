import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  patientSupplyKpi,
  proportionDaysCovered,
  refillTimeliness,
  runOutAfter,
  type SupplyHistory,
} from "./supply-kpi";
import { addDays, daysBetween, zonedInstant } from "./time";

const SH = "Asia/Shanghai";
const NY = "America/New_York";
const at = (date: string, time = "10:00", tz = SH) => zonedInstant(date, time, tz);
const plan = (p: Partial<SupplyHistory> & Pick<SupplyHistory, "dispenses">): SupplyHistory => ({
  perDose: 1,
  dosesPerDay: 1,
  start: "2026-03-01",
  end: null,
  ...p,
});

describe("PDC: worked examples (computed by hand)", () => {
  it("a gap before a refill: 10 tablets from 1 Mar, 30 more on 15 Mar → 27 of 31 days", () => {
    // 1–10 Mar covered by the count, 11–14 Mar nothing in hand, 15–31 Mar (17 days) by the refill.
    const h = plan({
      dispenses: [
        { at: at("2026-03-01", "08:00"), tablets: 10 },
        { at: at("2026-03-15"), tablets: 30 },
      ],
    });
    expect(proportionDaysCovered(h, "2026-03-01", "2026-03-31", SH)).toEqual({
      days: 31,
      covered: 27,
      pdc: 27 / 31,
    });
  });

  it("an early refill is carried forward, not lost: 40 tablets cover 1 Mar – 9 Apr", () => {
    const h = plan({
      dispenses: [
        { at: at("2026-03-01"), tablets: 10 },
        { at: at("2026-03-05"), tablets: 30 },
      ],
    });
    expect(proportionDaysCovered(h, "2026-03-01", "2026-03-31", SH).pdc).toBe(1);
    // 1 Mar – 20 Apr is 51 days; 40 covered (to 9 Apr), 10–20 Apr (11 days) not.
    expect(proportionDaysCovered(h, "2026-03-01", "2026-04-20", SH)).toEqual({
      days: 51,
      covered: 40,
      pdc: 40 / 51,
    });
  });

  it("half a tablet twice a day is one tablet a day; 0.75 + 0.25 makes a full day", () => {
    const h = plan({ perDose: 0.5, dosesPerDay: 2, dispenses: [{ at: at("2026-03-01"), tablets: 10 }] });
    expect(proportionDaysCovered(h, "2026-03-01", "2026-03-20", SH)).toEqual({
      days: 20,
      covered: 10,
      pdc: 0.5,
    });
    const q = plan({
      perDose: 0.25,
      dosesPerDay: 4,
      dispenses: [
        { at: at("2026-03-01"), tablets: 0.75 },
        { at: at("2026-03-01", "11:00"), tablets: 0.25 },
      ],
    });
    expect(proportionDaysCovered(q, "2026-03-01", "2026-03-02", SH).covered).toBe(1);
  });

  it("a plan starting mid-window is judged from its start only (14 of 22 days)", () => {
    const h = plan({ start: "2026-03-10", dispenses: [{ at: at("2026-03-10", "07:00"), tablets: 14 }] });
    expect(proportionDaysCovered(h, "2026-03-01", "2026-03-31", SH)).toEqual({
      days: 22,
      covered: 14,
      pdc: 14 / 22,
    });
  });

  it("a supply first counted after the plan started is judged from the count", () => {
    const h = plan({ dispenses: [{ at: at("2026-03-05"), tablets: 30 }] });
    expect(proportionDaysCovered(h, "2026-03-01", "2026-03-31", SH)).toEqual({
      days: 27,
      covered: 27,
      pdc: 1,
    });
  });

  it("a plan that ended is judged up to its last day; nothing judged gives null", () => {
    const h = plan({ end: "2026-03-10", dispenses: [{ at: at("2026-03-01"), tablets: 5 }] });
    expect(proportionDaysCovered(h, "2026-03-01", "2026-03-31", SH)).toEqual({
      days: 10,
      covered: 5,
      pdc: 0.5,
    });
    expect(proportionDaysCovered(h, "2026-04-01", "2026-04-30", SH)).toEqual({
      days: 0,
      covered: 0,
      pdc: null,
    });
  });

  it("midnight: a refill at 00:00 Shanghai covers that day, at 23:59 the day before", () => {
    const base = { at: at("2026-03-01"), tablets: 3 }; // covers 1–3 Mar
    const midnight = plan({ dispenses: [base, { at: at("2026-03-05", "00:00"), tablets: 5 }] });
    const before = plan({ dispenses: [base, { at: at("2026-03-04", "23:59"), tablets: 5 }] });
    // 00:00 on 5 Mar is 4 Mar 16:00 UTC: still 5 Mar for the patient.
    expect(proportionDaysCovered(midnight, "2026-03-01", "2026-03-10", SH).covered).toBe(8); // 1–3, 5–9
    expect(proportionDaysCovered(before, "2026-03-01", "2026-03-10", SH).covered).toBe(8); // 1–3, 4–8
    expect([...coveredList(midnight)]).toContain("2026-03-09");
    expect([...coveredList(before)]).not.toContain("2026-03-09");
  });
});

function coveredList(h: SupplyHistory): string[] {
  const out: string[] = [];
  for (let d = "2026-03-01"; d <= "2026-03-10"; d = addDays(d, 1)) {
    if (proportionDaysCovered(h, d, d, SH).covered === 1) out.push(d);
  }
  return out;
}

describe("refill on time: worked examples", () => {
  // 10 tablets on 1 Mar run out on 11 Mar. A refill of 30 on 13 Mar (within 3 days' grace) is on
  // time and lasts 13 Mar – 11 Apr: the next run-out is 12 Apr. The refill on 20 Apr is late.
  const h = plan({
    dispenses: [
      { at: at("2026-03-01"), tablets: 10 },
      { at: at("2026-03-13"), tablets: 30 },
      { at: at("2026-04-20"), tablets: 30 },
    ],
  });
  it("predicts the run-outs from the dispenses so far", () => {
    expect(runOutAfter(h, 0, SH)).toBe("2026-03-11");
    expect(runOutAfter(h, 1, SH)).toBe("2026-04-12");
    expect(runOutAfter(h, 2, SH)).toBe("2026-05-20");
  });
  it("the example of docs/definitions.md: March PDC 29/31", () => {
    expect(proportionDaysCovered(h, "2026-03-01", "2026-03-31", SH)).toEqual({
      days: 31,
      covered: 29,
      pdc: 29 / 31,
    });
  });
  it("one of two refills due in March–April on time", () => {
    const r = refillTimeliness(h, "2026-03-01", "2026-04-30", SH);
    expect(r).toMatchObject({ due: 2, onTime: 1, rate: 0.5 });
    expect(r.refills).toEqual([
      { runOut: "2026-03-11", refilledOn: "2026-03-13", onTime: true },
      { runOut: "2026-04-12", refilledOn: "2026-04-20", onTime: false },
    ]);
  });
  it("a refill whose grace has not run out is not judged yet; once it has, it counts as late", () => {
    expect(refillTimeliness(h, "2026-03-01", "2026-04-14", SH)).toMatchObject({ due: 1, onTime: 1 });
    expect(refillTimeliness(h, "2026-03-01", "2026-04-15", SH)).toMatchObject({ due: 2, onTime: 1 });
  });
  it("the grace ends at midnight in the patient's zone", () => {
    const count = { at: at("2026-03-01"), tablets: 10 }; // run-out 11 Mar, grace to 14 Mar
    const last = plan({ dispenses: [count, { at: at("2026-03-14", "23:59"), tablets: 30 }] });
    const late = plan({ dispenses: [count, { at: at("2026-03-15", "00:00"), tablets: 30 }] });
    expect(refillTimeliness(last, "2026-03-01", "2026-03-31", SH).onTime).toBe(1);
    expect(refillTimeliness(late, "2026-03-01", "2026-03-31", SH)).toMatchObject({ due: 1, onTime: 0 });
  });
  it("no refill is due when the plan ends before the run-out", () => {
    const ends = plan({ end: "2026-03-08", dispenses: [{ at: at("2026-03-01"), tablets: 10 }] });
    expect(refillTimeliness(ends, "2026-03-01", "2026-03-31", SH)).toMatchObject({ due: 0, rate: null });
  });
});

describe("a patient's figures across plans", () => {
  it("a day is covered only when every plan judged that day is", () => {
    const a = plan({ dispenses: [{ at: at("2026-03-01"), tablets: 31 }] });
    const b = plan({ start: "2026-03-11", dispenses: [{ at: at("2026-03-11"), tablets: 10 }] });
    // 31 days judged; 21–31 Mar (11 days) b is out → 20 covered.
    const k = patientSupplyKpi([a, b], "2026-03-01", "2026-03-31", SH);
    expect(k).toMatchObject({ days: 31, covered: 20, adherent: false });
    expect(k.pdc).toBeCloseTo(20 / 31);
    expect(patientSupplyKpi([a], "2026-03-01", "2026-03-31", SH)).toMatchObject({ pdc: 1, adherent: true });
    expect(patientSupplyKpi([], "2026-03-01", "2026-03-31", SH)).toMatchObject({
      days: 0,
      pdc: null,
      adherent: false,
    });
  });
});

// --- properties -------------------------------------------------------------------------

const day0 = "2026-01-01";
/** A history described in local dates and times, so it can be placed in any zone. */
const localHistory = fc.record({
  perDose: fc.constantFrom(0.25, 0.5, 1, 2),
  dosesPerDay: fc.integer({ min: 1, max: 3 }),
  startOffset: fc.integer({ min: 0, max: 40 }),
  endAfter: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  dispenses: fc.array(
    fc.record({
      offset: fc.integer({ min: 0, max: 150 }),
      time: fc.constantFrom("00:00", "00:01", "08:00", "12:30", "23:59"),
      tablets: fc.integer({ min: 1, max: 240 }).map((n) => n / 4),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});
type Local = typeof localHistory extends fc.Arbitrary<infer T> ? T : never;
const inZone = (l: Local, tz: string): SupplyHistory => {
  const start = addDays(day0, l.startOffset);
  return {
    perDose: l.perDose,
    dosesPerDay: l.dosesPerDay,
    start,
    end: l.endAfter == null ? null : addDays(start, l.endAfter),
    dispenses: l.dispenses.map((d) => ({
      at: zonedInstant(addDays(day0, d.offset), d.time, tz),
      tablets: d.tablets,
    })),
  };
};
const windowArb = fc
  .tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 120 }))
  .map(([a, n]) => [addDays(day0, a), addDays(day0, a + n)] as const);

describe("PDC and refill-on-time: properties", () => {
  it("PDC stays within 0…1 and counts only judged days of the window", () => {
    fc.assert(
      fc.property(localHistory, windowArb, (l, [from, to]) => {
        const r = proportionDaysCovered(inZone(l, SH), from, to, SH);
        expect(r.covered).toBeGreaterThanOrEqual(0);
        expect(r.covered).toBeLessThanOrEqual(r.days);
        expect(r.days).toBeLessThanOrEqual(daysBetween(from, to) + 1);
        if (r.pdc != null) expect(r.pdc).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("the same local history gives the same figures in Shanghai and New York (midnights included)", () => {
    fc.assert(
      fc.property(localHistory, windowArb, (l, [from, to]) => {
        expect(proportionDaysCovered(inZone(l, NY), from, to, NY)).toEqual(
          proportionDaysCovered(inZone(l, SH), from, to, SH),
        );
        expect(refillTimeliness(inZone(l, NY), from, to, NY)).toEqual(
          refillTimeliness(inZone(l, SH), from, to, SH),
        );
      }),
    );
  });

  it("a further refill never lowers PDC; splitting one in two at the same instant changes nothing", () => {
    fc.assert(
      fc.property(
        localHistory,
        windowArb,
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 60 }),
        (l, [from, to], offset, tablets) => {
          const h = inZone(l, SH);
          const more = { ...h, dispenses: [...h.dispenses, { at: at(addDays(day0, offset)), tablets }] };
          const base = proportionDaysCovered(h, from, to, SH);
          // Counted from the first judged day: within a later window a refill can lower the count
          // (its tablets cover earlier gaps, so less is carried into the window), but never over
          // everything judged up to `to`. Same judged days unless it comes before the first count.
          const whole = proportionDaysCovered(h, day0, to, SH);
          const after = proportionDaysCovered(more, day0, to, SH);
          if (after.days === whole.days) expect(after.covered).toBeGreaterThanOrEqual(whole.covered);
          const [first, ...rest] = h.dispenses;
          if (!first) return;
          const split = {
            ...h,
            dispenses: [
              { ...first, tablets: first.tablets / 2 },
              { ...first, tablets: first.tablets / 2 },
              ...rest,
            ],
          };
          expect(proportionDaysCovered(split, from, to, SH)).toEqual(base);
        },
      ),
    );
  });

  it("a plan starting mid-window is judged from max(window start, plan start, first count)", () => {
    fc.assert(
      fc.property(localHistory, windowArb, (l, [from, to]) => {
        const h = inZone(l, SH);
        const firstCount = addDays(day0, Math.min(...l.dispenses.map((d) => d.offset)));
        const judgedFrom = [from, h.start, firstCount].sort().at(-1) as string;
        const judgedTo = h.end && h.end < to ? h.end : to;
        const expected = judgedFrom > judgedTo ? 0 : daysBetween(judgedFrom, judgedTo) + 1;
        expect(proportionDaysCovered(h, from, to, SH).days).toBe(expected);
      }),
    );
  });

  it("refills on time never exceed refills due", () => {
    fc.assert(
      fc.property(localHistory, windowArb, (l, [from, to]) => {
        const r = refillTimeliness(inZone(l, SH), from, to, SH);
        expect(r.onTime).toBeLessThanOrEqual(r.due);
        expect(r.due).toBeLessThanOrEqual(l.dispenses.length);
      }),
    );
  });
});
