import type { DayAdherence } from "@steady/shared";
import { describe, expect, it } from "vitest";
import { windowAdherence } from "./metrics";

const day = (date: string, due: number, taken: number): DayAdherence => ({
  date,
  due,
  taken,
  skipped: 0,
  covered: due > 0 && taken >= due,
});

describe("windowAdherence", () => {
  // Four days: 2/2, 1/2, no dose due, 2/2 → doses 5/6, days covered 2 of 3 days with a due dose.
  const calendar = [
    day("2026-11-17", 2, 2),
    day("2026-11-18", 2, 1),
    day("2026-11-19", 0, 0),
    day("2026-11-20", 2, 2),
  ];

  it("computes dose adherence and days covered over the last N days", () => {
    expect(windowAdherence(calendar, 4)).toMatchObject({
      dosesTaken: 5,
      dosesDue: 6,
      doseAdherence: 5 / 6,
      daysWithDue: 3,
      daysCovered: 2,
      daysCoveredRatio: 2 / 3,
    });
    // Last 2 days: a day without due doses and 2/2 → 100 %, 1 of 1 day.
    expect(windowAdherence(calendar, 2)).toMatchObject({
      doseAdherence: 1,
      daysCoveredRatio: 1,
      daysWithDue: 1,
    });
  });

  it("says null rather than 0 when nothing was due", () => {
    expect(windowAdherence([day("2026-11-19", 0, 0)], 30)).toMatchObject({
      doseAdherence: null,
      daysCoveredRatio: null,
    });
  });

  it("never counts more doses taken than were due on a day", () => {
    expect(windowAdherence([day("2026-11-20", 1, 3)], 1).doseAdherence).toBe(1);
  });
});
