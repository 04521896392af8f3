import { DEFAULT_THRESHOLDS } from "@steady/shared";
import { describe, expect, it } from "vitest";
import {
  axisDate,
  bpOption,
  type ChartLabels,
  calendarOption,
  glucoseFlag,
  glucoseOption,
} from "./chart-options";

const labels = {
  ...Object.fromEntries(
    [
      "systolic",
      "diastolic",
      "target",
      "grade3",
      "glucose",
      "range",
      "hypo",
      "hypoL2",
      "targetSystolic",
      "targetDiastolic",
      "high",
      "veryHigh",
      "noDoseDue",
      "noneTaken",
      "someTaken",
      "mostTaken",
      "allTaken",
    ].map((k) => [k, k]),
  ),
  context: {
    fasting: "空腹",
    before_meal: "餐前",
    after_meal_2h: "餐后2小时",
    bedtime: "睡前",
    random: "随机",
  },
} as unknown as ChartLabels;

const at = (d: number, h = 8) => new Date(2026, 10, d, h).toISOString();
type Series = {
  name: string;
  type: string;
  symbol: string;
  data: unknown[][];
  markLine?: { data: { yAxis: number; label: { formatter: string } }[] };
};
const named = (o: ReturnType<typeof bpOption>, name: string) => {
  const s = (o.series as Series[]).find((x) => x.name === name);
  if (!s) throw new Error(`no series ${name}`);
  return s;
};

describe("bpOption", () => {
  const points = [
    { systolic: 138, diastolic: 86, measuredAt: at(1), category: "grade1" },
    { systolic: 180, diastolic: 100, measuredAt: at(2), category: "grade3" }, // ≥180 systolic
    { systolic: 150, diastolic: 110, measuredAt: at(3), category: "grade3" }, // ≥110 diastolic
    { systolic: 179, diastolic: 109, measuredAt: at(4), category: "grade2" }, // just below both
    { systolic: 185, diastolic: 115, measuredAt: at(5), category: "grade3" }, // the reading
  ];
  const o = bpOption(points, { systolic: 130, diastolic: 80 }, DEFAULT_THRESHOLDS.bp, labels, "zh-CN");

  it("marks each grade-3 component where it is: systolic ≥ 180, diastolic ≥ 110", () => {
    const g3 = named(o, "grade3");
    expect(g3.symbol).toBe("triangle");
    expect(g3.data.map((d) => [d[1], d[2]])).toEqual([
      [180, "180/100"],
      [110, "150/110"],
      [185, "185/115"],
      [115, "185/115"],
    ]);
  });

  it("draws a target line per component, no shared band a diastolic 115 could sit in", () => {
    expect(o.series.some((s: { markArea?: unknown }) => s.markArea)).toBe(false);
    const sys = named(o, "systolic").markLine?.data ?? [];
    const dia = named(o, "diastolic").markLine?.data ?? [];
    expect(sys.map((m) => [m.yAxis, m.label.formatter])).toEqual([
      [130, "targetSystolic <130"],
      [180, "grade3 ≥180"],
    ]);
    expect(dia.map((m) => [m.yAxis, m.label.formatter])).toEqual([
      [80, "targetDiastolic <80"],
      [110, "grade3 ≥110"],
    ]);
  });

  it("has a labelled y-axis covering every reading and line, in steps of 20", () => {
    expect(o.yAxis.interval).toBe(20);
    expect(o.yAxis.min).toBeLessThanOrEqual(80);
    expect(o.yAxis.max).toBeGreaterThanOrEqual(190);
    const high = bpOption(
      [{ systolic: 232, diastolic: 128, measuredAt: at(1), category: "grade3" }],
      { systolic: 135, diastolic: 85 },
      DEFAULT_THRESHOLDS.bp,
      labels,
    );
    expect(high.yAxis.max).toBe(240);
  });

  it("leaves room on the right for the lines' end labels", () => {
    expect(o.grid.right).toBeGreaterThanOrEqual(100);
  });
});

describe("glucoseOption", () => {
  // The issue: a 13.6 after meal and a 2.8 fasting were joined by one line.
  const points = [
    { value: 6.1, context: "fasting", measuredAt: at(1, 7) },
    { value: 13.6, context: "after_meal_2h", measuredAt: at(1, 14) },
    { value: 3.5, context: "bedtime", measuredAt: at(1, 22) },
    { value: 2.8, context: "fasting", measuredAt: at(2, 7) },
    { value: 17.4, context: "random", measuredAt: at(2, 16) },
    { value: 8.2, context: "before_meal", measuredAt: at(2, 18) },
  ];
  const o = glucoseOption(points, DEFAULT_THRESHOLDS.glucose, labels, "zh-CN");

  it("one series per context, so only readings of the same context are joined", () => {
    const lines = o.series.filter((s: Series) => s.type === "line");
    expect(lines.map((s: Series) => s.name)).toEqual(["空腹", "餐前", "餐后2小时", "睡前", "随机"]);
    expect(named(o, "空腹").data.map((d) => d[1])).toEqual([6.1, 2.8]);
    expect(named(o, "餐后2小时").data.map((d) => d[1])).toEqual([13.6]);
    // Each context has its own shape as well as colour.
    expect(new Set(lines.map((s: Series) => s.symbol)).size).toBe(5);
  });

  it("marks out-of-range readings by how far out, from the thresholds", () => {
    const values = (name: string) => named(o, name).data.map((d) => d[1]);
    expect(values("hypoL2 <3.0")).toEqual([2.8]);
    expect(values("hypo <3.9")).toEqual([3.5]);
    expect(values("high >10.0")).toEqual([13.6]);
    expect(values("veryHigh >16.7")).toEqual([17.4]);
    expect(glucoseFlag(3.0, DEFAULT_THRESHOLDS.glucose)).toBe("hypo"); // level 2 is < 3.0
    expect(glucoseFlag(3.9, DEFAULT_THRESHOLDS.glucose)).toBeNull();
    expect(glucoseFlag(10.0, DEFAULT_THRESHOLDS.glucose)).toBeNull();
    expect(glucoseFlag(16.7, DEFAULT_THRESHOLDS.glucose)).toBe("high");
  });

  it("shades the target range and draws the level-2 and very-high lines", () => {
    const first = o.series[0];
    const band = first.markArea.data[0];
    expect([band[0].yAxis, band[1].yAxis]).toEqual([3.9, 10]);
    expect(first.markLine.data.map((m: { yAxis: number }) => m.yAxis)).toEqual([3, 16.7]);
  });

  it("uses the programme's thresholds, not hard-coded ones", () => {
    const t = { ...DEFAULT_THRESHOLDS.glucose, rangeHigh: 9.0, hypoL2: 3.1 };
    const p = glucoseOption(points, t, labels);
    expect(named(p, "high >9.0").data.map((d) => d[1])).toEqual([13.6]);
    expect(named(p, "hypoL2 <3.1").data.map((d) => d[1])).toEqual([2.8]);
  });

  it("has a time axis of whole days labelled with dates, not seconds", () => {
    const axis = o.xAxis;
    expect(axis.type).toBe("time");
    expect(axis.min).toBe(new Date(2026, 10, 1).getTime());
    expect(axis.max).toBe(new Date(2026, 10, 3).getTime());
    expect(axis.minInterval).toBe(86_400_000);
    expect(axis.axisLabel.formatter(new Date(2026, 10, 2, 13, 5, 7).getTime())).toBe("11/2");
    expect(axisDate(new Date(2026, 11, 7).getTime(), "en")).toBe("12/7");
  });

  it("says in the tooltip when, in which context and how much", () => {
    const tip = o.tooltip.formatter({ value: [Date.parse(at(2, 7)), 2.8, "空腹"], marker: "" });
    expect(tip).toContain("2.8 mmol/L");
    expect(tip).toContain("空腹");
    expect(tip).toContain("11/2");
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
