import { DEFAULT_THRESHOLDS } from "@steady/shared";
import { describe, expect, it } from "vitest";
import { bpOption, type ChartLabels, calendarOption, glucoseOption } from "./chart-options";

const labels = Object.fromEntries(
  [
    "systolic",
    "diastolic",
    "target",
    "grade3",
    "glucose",
    "range",
    "hypo",
    "hypoL2",
    "noDoseDue",
    "noneTaken",
    "someTaken",
    "mostTaken",
    "allTaken",
  ].map((k) => [k, k]),
) as unknown as ChartLabels;

const at = (d: number) => new Date(Date.UTC(2026, 10, d)).toISOString();

describe("bpOption", () => {
  const points = [
    { systolic: 138, diastolic: 86, measuredAt: at(1), category: "grade1" },
    { systolic: 180, diastolic: 100, measuredAt: at(2), category: "grade3" }, // ≥180 systolic
    { systolic: 150, diastolic: 110, measuredAt: at(3), category: "grade3" }, // ≥110 diastolic
    { systolic: 179, diastolic: 109, measuredAt: at(4), category: "grade2" }, // just below both
  ];
  const o = bpOption(points, { systolic: 130, diastolic: 80 }, DEFAULT_THRESHOLDS.bp, labels);

  it("marks exactly the grade-3 readings with their own series and shape", () => {
    const g3 = o.series.find((s: { name: string }) => s.name === "grade3");
    expect(g3.symbol).toBe("triangle");
    expect(g3.data.map((d: unknown[]) => d[2])).toEqual(["180/100", "150/110"]);
  });

  it("shades the patient's target bands and draws the grade-3 line", () => {
    const sys = o.series[0];
    expect(sys.markArea.data.map((band: { yAxis: number }[]) => band[1]?.yAxis)).toEqual([130, 80]);
    expect(sys.markLine.data).toEqual([{ yAxis: 180 }]);
  });
});

describe("glucoseOption", () => {
  it("shades 3.9–10.0 and marks readings below 3.9 as hypos", () => {
    const points = [3.8, 3.9, 6.2, 2.9].map((value, i) => ({
      value,
      context: "fasting",
      measuredAt: at(i + 1),
    }));
    const o = glucoseOption(points, DEFAULT_THRESHOLDS.glucose, labels);
    const band = o.series[0].markArea.data[0];
    expect([band[0].yAxis, band[1].yAxis]).toEqual([3.9, 10]);
    expect(o.series[1].data.map((d: number[]) => d[1])).toEqual([3.8, 2.9]);
    expect(o.series[1].symbol).toBe("diamond");
  });
});

describe("calendarOption", () => {
  it("gives each day the share of due doses taken, -1 when nothing was due, and a mark", () => {
    const days = [
      { date: "2026-11-18", due: 2, taken: 0, skipped: 0, covered: false },
      { date: "2026-11-19", due: 2, taken: 1, skipped: 0, covered: false },
      { date: "2026-11-20", due: 0, taken: 0, skipped: 0, covered: false },
      { date: "2026-11-21", due: 2, taken: 2, skipped: 0, covered: true },
    ];
    const o = calendarOption(days, labels, "zh-CN");
    const data = o.series[0].data as [string, number][];
    expect(data.map((d) => d[1])).toEqual([0, 0.5, -1, 1]);
    const mark = o.series[0].label.formatter;
    expect(data.map((value) => mark({ value }))).toEqual(["✗", "◐", "", "✓"]);
    expect(o.calendar.range).toEqual(["2026-11-18", "2026-11-21"]);
    expect(o.calendar.dayLabel.nameMap).toBe("ZH");
  });
});
