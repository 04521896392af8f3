import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  eachLocalDate,
  localDateOf,
  localTimeOf,
  MS_PER_HOUR,
  startOfLocalDay,
  zonedInstant,
} from "./time";

const SH = "Asia/Shanghai";
const NY = "America/New_York";
const ZONES = [SH, NY, "UTC", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata"];

/** An independent reading of the wall clock, straight from Intl, to cross-check TZDate use. */
function intlParts(at: number, tz: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The zone's UTC offset at an instant (whole minutes), read from Intl. */
function offsetMinutes(at: number, tz: string): number {
  const { date, time } = intlParts(at, tz);
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round((wall + minutesOf(time) * 60_000 - at) / 60_000);
}

const dateArb = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const instantArb = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) });

describe("localDateOf / localTimeOf", () => {
  it("23:30 UTC is already the next morning in Shanghai but the same evening in New York", () => {
    const at = Date.UTC(2026, 0, 1, 23, 30); // 2026-01-01T23:30Z
    // Shanghai UTC+8: 23:30 + 8 h = 07:30 on 01-02.
    expect(localDateOf(at, SH)).toBe("2026-01-02");
    expect(localTimeOf(at, SH)).toBe("07:30");
    // New York in January is EST, UTC−5: 23:30 − 5 h = 18:30 on 01-01.
    expect(localDateOf(at, NY)).toBe("2026-01-01");
    expect(localTimeOf(at, NY)).toBe("18:30");
  });

  it("15:59:59.999Z is the last moment of a Shanghai day and 16:00Z the first of the next", () => {
    expect(localDateOf(Date.UTC(2026, 4, 10, 15, 59, 59, 999), SH)).toBe("2026-05-10");
    expect(localTimeOf(Date.UTC(2026, 4, 10, 15, 59, 59, 999), SH)).toBe("23:59");
    expect(localDateOf(Date.UTC(2026, 4, 10, 16, 0), SH)).toBe("2026-05-11");
    expect(localTimeOf(Date.UTC(2026, 4, 10, 16, 0), SH)).toBe("00:00");
  });

  it("New York switches from EST to EDT during 2026-03-08", () => {
    // 06:59Z = 01:59 EST; one minute later 07:00Z = 03:00 EDT (02:xx never shows).
    expect(localTimeOf(Date.UTC(2026, 2, 8, 6, 59), NY)).toBe("01:59");
    expect(localTimeOf(Date.UTC(2026, 2, 8, 7, 0), NY)).toBe("03:00");
  });

  it("agrees with Intl for any instant in any of several zones", () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), (at, tz) => {
        const expected = intlParts(at, tz);
        expect(localDateOf(at, tz)).toBe(expected.date);
        expect(localTimeOf(at, tz)).toBe(expected.time);
      }),
    );
  });

  it("rejects an unknown zone instead of returning garbage", () => {
    expect(() => localDateOf(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("zonedInstant", () => {
  it("Shanghai is UTC+8 all year", () => {
    // 08:00 in Shanghai = 00:00Z; same offset in January and July (no DST).
    expect(zonedInstant("2026-01-15", "08:00", SH)).toBe(Date.UTC(2026, 0, 15, 0, 0));
    expect(zonedInstant("2026-07-15", "08:00", SH)).toBe(Date.UTC(2026, 6, 15, 0, 0));
    // 00:00 on 05-11 = 16:00Z on 05-10; 23:59 on 05-11 = 15:59Z on 05-11.
    expect(zonedInstant("2026-05-11", "00:00", SH)).toBe(Date.UTC(2026, 4, 10, 16, 0));
    expect(zonedInstant("2026-05-11", "23:59", SH)).toBe(Date.UTC(2026, 4, 11, 15, 59));
  });

  it("New York uses EST in winter and EDT in summer", () => {
    expect(zonedInstant("2026-01-15", "08:00", NY)).toBe(Date.UTC(2026, 0, 15, 13, 0)); // −5
    expect(zonedInstant("2026-07-15", "08:00", NY)).toBe(Date.UTC(2026, 6, 15, 12, 0)); // −4
  });

  it("a 02:30 dose on spring-forward day (no such wall time) is pushed to 03:30 EDT", () => {
    // The gap is 02:00–03:00 local; 02:30 + the 1 h gap = 03:30 EDT = 07:30Z.
    expect(zonedInstant("2026-03-08", "02:30", NY)).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(zonedInstant("2026-03-08", "01:59", NY)).toBe(Date.UTC(2026, 2, 8, 6, 59)); // still EST
    expect(zonedInstant("2026-03-08", "03:00", NY)).toBe(Date.UTC(2026, 2, 8, 7, 0)); // EDT
  });

  it("01:30 on fall-back day (it happens twice) is the first one, in EDT", () => {
    // 01:30 EDT = 05:30Z; the second 01:30 (EST) would be 06:30Z.
    expect(zonedInstant("2026-11-01", "01:30", NY)).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(zonedInstant("2026-11-01", "02:00", NY)).toBe(Date.UTC(2026, 10, 1, 7, 0)); // EST
  });

  it("round-trips through localDateOf/localTimeOf for every wall time in Shanghai", () => {
    fc.assert(
      fc.property(dateArb, timeArb, (date, time) => {
        const at = zonedInstant(date, time, SH);
        expect(localDateOf(at, SH)).toBe(date);
        expect(localTimeOf(at, SH)).toBe(time);
      }),
    );
  });

  it("round-trips in any zone except for wall times that a DST gap skips", () => {
    fc.assert(
      fc.property(dateArb, timeArb, fc.constantFrom(...ZONES), (date, time, tz) => {
        const at = zonedInstant(date, time, tz);
        // Always lands on the requested day (none of these zones has a gap across midnight).
        expect(localDateOf(at, tz)).toBe(date);
        const shown = localTimeOf(at, tz);
        // Either the exact wall time, or (in a gap) a later one on the same day.
        expect(shown >= time).toBe(true);
        if (shown !== time) {
          // A skipped wall time is pushed forward by exactly the gap: the zone's offset grew by
          // `delta` minutes between (at − delta) and at.
          const delta = minutesOf(shown) - minutesOf(time);
          expect(offsetMinutes(at, tz) - offsetMinutes(at - delta * 60_000, tz)).toBe(delta);
        }
      }),
      {
        // Random days rarely hit a gap, so make sure the gap branch runs.
        examples: [
          ["2026-03-08", "02:30", NY],
          ["2026-10-04", "02:15", "Australia/Lord_Howe"], // a 30-minute gap
          ["2026-09-06", "00:30", "America/Santiago"], // a gap at midnight
        ],
      },
    );
  });

  it("rejects malformed dates and times", () => {
    expect(() => zonedInstant("2026-02-30", "08:00", SH)).toThrow(RangeError);
    expect(() => zonedInstant("2026-2-3", "08:00", SH)).toThrow(RangeError);
    expect(() => zonedInstant("2026-02-03", "24:00", SH)).toThrow(RangeError);
    expect(() => zonedInstant("2026-02-03", "8:00", SH)).toThrow(RangeError);
    expect(() => zonedInstant("2026-02-03", "08:00", "Nowhere/Special")).toThrow(RangeError);
  });
});

describe("startOfLocalDay", () => {
  it("days last 24 h in Shanghai, 23 h on spring-forward and 25 h on fall-back day in New York", () => {
    const len = (date: string, tz: string) =>
      (startOfLocalDay(addDays(date, 1), tz) - startOfLocalDay(date, tz)) / MS_PER_HOUR;
    expect(len("2026-03-08", SH)).toBe(24);
    expect(len("2026-03-07", NY)).toBe(24);
    expect(len("2026-03-08", NY)).toBe(23);
    expect(len("2026-11-01", NY)).toBe(25);
    expect(len("2026-11-02", NY)).toBe(24);
  });

  it("is the first instant that belongs to the day", () => {
    const start = startOfLocalDay("2026-03-08", NY);
    expect(start).toBe(Date.UTC(2026, 2, 8, 5, 0)); // 00:00 EST
    expect(localDateOf(start, NY)).toBe("2026-03-08");
    expect(localDateOf(start - 1, NY)).toBe("2026-03-07");
  });

  it("where midnight itself is skipped (Santiago, 2026-09-06) the day starts at 01:00", () => {
    // Chile springs forward at 24:00 → 01:00; 01:00 −03:00 = 04:00Z.
    const start = startOfLocalDay("2026-09-06", "America/Santiago");
    expect(start).toBe(Date.UTC(2026, 8, 6, 4, 0));
    expect(localTimeOf(start, "America/Santiago")).toBe("01:00");
    expect(localDateOf(start - 1, "America/Santiago")).toBe("2026-09-05");
  });
});

describe("addDays / daysBetween / eachLocalDate", () => {
  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-08", 0)).toBe("2026-03-08");
    // 2026-01-01 + 90 = Jan (30 left) + Feb 28 + Mar 31 = 89 → 2026-04-01.
    expect(addDays("2026-01-01", 90)).toBe("2026-04-01");
  });

  it("counts calendar days, unaffected by DST", () => {
    expect(daysBetween("2026-03-01", "2026-03-31")).toBe(30);
    expect(daysBetween("2026-03-31", "2026-03-01")).toBe(-30);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2026-11-01", "2026-11-02")).toBe(1);
  });

  it("eachLocalDate lists the inclusive range", () => {
    expect(eachLocalDate("2026-02-27", "2026-03-02")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(eachLocalDate("2026-03-02", "2026-03-02")).toEqual(["2026-03-02"]);
    expect(eachLocalDate("2026-03-02", "2026-03-01")).toEqual([]);
  });

  it("addDays and daysBetween are inverses", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -2000, max: 2000 }), (date, n) => {
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(addDays(a, daysBetween(a, b))).toBe(b);
      }),
    );
  });

  it("rejects fractional days and malformed dates", () => {
    expect(() => addDays("2026-01-01", 0.5)).toThrow(RangeError);
    expect(() => daysBetween("2026-13-01", "2026-01-01")).toThrow(RangeError);
  });
});
