// Tip content fits WeChat's `thing` rule in both languages; the series and ISO weeks by hand.
import { describe, expect, it } from "vitest";
import { valueFits } from "../../../tests/fakes/wechat-server";
import { DEFAULT_EDUCATION as TIPS, tipForWeek, tipsFor } from "./tips";
import { isoWeekday, isoWeekKey } from "./week";

describe("tip content", () => {
  it.each(
    TIPS.flatMap((t) =>
      [["zh", t.zh] as const, ["en", t.en] as const].map(([l, x]) => [t.id, l, x] as const),
    ),
  )("%s (%s) fits a 20-character thing without cutting", (_id, _locale, text) => {
    expect(Array.from(text.title).length).toBeLessThanOrEqual(20);
    expect(Array.from(text.body).length).toBeLessThanOrEqual(20);
    expect(valueFits("thing1", text.title) && valueFits("thing2", text.body)).toBe(true);
  });

  it("has unique ids and gives each programme its own series", () => {
    expect(new Set(TIPS.map((t) => t.id)).size).toBe(TIPS.length);
    expect(tipsFor(TIPS, "hypertension").some((t) => t.condition === "diabetes")).toBe(false);
    expect(tipsFor(TIPS, "diabetes").some((t) => t.condition === "hypertension")).toBe(false);
    expect(tipsFor(TIPS, "both")).toHaveLength(TIPS.length);
  });

  it("walks the series from the week of enrolment and starts over", () => {
    const series = tipsFor(TIPS, "hypertension");
    expect(tipForWeek(TIPS, "hypertension", "2026-11-19", "2026-11-21")?.id).toBe(series[0]?.id); // 2 days in
    expect(tipForWeek(TIPS, "hypertension", "2026-11-19", "2026-11-26")?.id).toBe(series[1]?.id); // 7 days in
    const days = series.length * 7;
    const later = new Date(Date.parse("2026-11-19T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);
    expect(tipForWeek(TIPS, "hypertension", "2026-11-19", later)?.id).toBe(series[0]?.id);
  });

  it("has nothing to send when the admin left no item for the programme's conditions", () => {
    const onlyDiabetes = TIPS.filter((t) => t.condition === "diabetes");
    expect(tipForWeek(onlyDiabetes, "hypertension", "2026-11-19", "2026-11-21")).toBeNull();
    expect(tipForWeek(onlyDiabetes, "both", "2026-11-19", "2026-11-21")?.condition).toBe("diabetes");
  });
});

describe("ISO weeks", () => {
  // Checked against Python's date.isocalendar().
  it.each([
    ["2026-11-20", "2026-W47", 5],
    ["2026-01-01", "2026-W01", 4],
    ["2027-01-01", "2026-W53", 5],
    ["2021-01-03", "2020-W53", 7],
    ["2026-11-21", "2026-W47", 6],
  ])("%s is in %s, weekday %i", (date, week, weekday) => {
    expect(isoWeekKey(date)).toBe(week);
    expect(isoWeekday(date)).toBe(weekday);
  });
});
