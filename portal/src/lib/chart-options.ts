// ECharts options for the patient view, built by pure functions (tested without a browser).
// Every mark that carries meaning has a shape and a legend label as well as a colour.
import { type DayAdherence, type Thresholds, UNITS } from "@steady/shared";

// Colours with ≥ 3:1 contrast on white for marks; the bands are light fills behind them.
export const COLORS = {
  systolic: "#1d4ed8",
  diastolic: "#0f766e",
  glucose: "#7c3aed",
  danger: "#b91c1c",
  band: "rgba(22, 163, 74, 0.12)",
  bandLabel: "#166534",
  grid: "#e5e7eb",
};

export interface BpPoint {
  systolic: number;
  diastolic: number;
  measuredAt: string;
  category: string;
}
export interface GlucosePoint {
  value: number;
  context: string;
  measuredAt: string;
}

export const GLUCOSE_CONTEXTS = ["fasting", "before_meal", "after_meal_2h", "bedtime", "random"] as const;
type Context = (typeof GLUCOSE_CONTEXTS)[number];

export interface ChartLabels {
  systolic: string;
  diastolic: string;
  target: string;
  grade3: string;
  glucose: string;
  range: string;
  hypo: string;
  hypoL2: string;
  targetSystolic: string;
  targetDiastolic: string;
  high: string;
  veryHigh: string;
  context: Record<Context, string>;
  noDoseDue: string;
  noneTaken: string;
  someTaken: string;
  mostTaken: string;
  allTaken: string;
}

// biome-ignore lint/suspicious/noExplicitAny: ECharts options are loosely typed JSON.
type Option = Record<string, any>;

type Locale = "zh-CN" | "en";

// Right margin wide enough for the target lines' end labels ("收缩压目标 <135").
const baseGrid = { left: 48, right: 112, top: 56, bottom: 36, containLabel: false };
const DAY_MS = 86_400_000;

/** Start of the local day of an instant (the browser's zone: the doctor reads dates in it). */
function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "12/7" (zh-CN) or "12/7" (en): the axis shows days, never clock seconds. */
export function axisDate(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { month: "numeric", day: "numeric" }).format(new Date(ms));
}

/** Date and time of one reading, for tooltips. */
function readingTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(ms));
}

/**
 * A time axis over whole local days from the first reading to the last, labelled with dates at
 * one-day steps or more: a few readings an hour apart would otherwise get ticks in seconds.
 */
export function timeAxis(times: number[], locale: Locale): Option {
  const first = times.length ? Math.min(...times) : Date.now();
  const last = times.length ? Math.max(...times) : first;
  const min = startOfDay(first);
  // The end of the last reading's day (DST-safe: the start of the following day).
  const max = startOfDay(startOfDay(last) + DAY_MS + 3 * 3_600_000);
  return {
    type: "time",
    min,
    max,
    minInterval: DAY_MS,
    axisLabel: { hideOverlap: true, formatter: (v: number) => axisDate(v, locale) },
    splitLine: { show: false },
  };
}

/** A dashed horizontal line with its label at the right end, outside the plot. */
function hLine(y: number, label: string, color: string, type: "dashed" | "dotted" | "solid" = "dashed") {
  return {
    yAxis: y,
    lineStyle: { color, type, width: 1.5 },
    label: { formatter: label, position: "end", color, fontSize: 11 },
  };
}

/** True for a reading in grade 3 (≥ 180 systolic or ≥ 110 diastolic, thresholds as data). */
export function isGrade3(p: { systolic: number; diastolic: number }, t: Thresholds["bp"]): boolean {
  return p.systolic >= t.urgentSystolic || p.diastolic >= t.urgentDiastolic;
}

/** Nice y-axis bounds covering every value and the reference lines, in steps of `step`. */
function yBounds(values: number[], floor: number, ceil: number, step: number) {
  const lo = Math.min(floor, ...values);
  const hi = Math.max(ceil, ...values);
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step };
}

/**
 * Systolic and diastolic as two lines on one mmHg axis, each with its own target line (a shared
 * green band made a diastolic 115 sit inside the systolic target range). Grade-3 components are
 * marked where they are: a triangle on the systolic ≥ 180 or on the diastolic ≥ 110.
 */
export function bpOption(
  points: BpPoint[],
  target: { systolic: number; diastolic: number },
  t: Thresholds["bp"],
  labels: ChartLabels,
  locale: Locale = "zh-CN",
): Option {
  const time = (p: BpPoint) => Date.parse(p.measuredAt);
  const grade3: [number, number, string][] = [];
  for (const p of points) {
    const text = `${p.systolic}/${p.diastolic}`;
    if (p.systolic >= t.urgentSystolic) grade3.push([time(p), p.systolic, text]);
    if (p.diastolic >= t.urgentDiastolic) grade3.push([time(p), p.diastolic, text]);
  }
  const y = yBounds(
    points.flatMap((p) => [p.systolic, p.diastolic]),
    60,
    Math.max(t.urgentSystolic, target.systolic) + 10,
    20,
  );
  const line = (
    name: string,
    color: string,
    symbol: string,
    value: (p: BpPoint) => number,
    marks: Option,
  ) => ({
    name,
    type: "line",
    symbol,
    symbolSize: 6,
    color,
    lineStyle: { width: 1.5 },
    data: points.map((p) => [time(p), value(p)]),
    markLine: { silent: true, symbol: "none", data: marks },
  });
  return {
    animation: false,
    grid: baseGrid,
    legend: { top: 0, data: [labels.systolic, labels.diastolic, labels.grade3] },
    tooltip: {
      trigger: "axis",
      formatter: (ps: { value: [number, number]; seriesName: string; marker: string }[]) => {
        const lines = ps
          .filter((p) => p.seriesName !== labels.grade3)
          .map((p) => `${p.marker}${p.seriesName} ${p.value[1]}`);
        return [readingTime(ps[0]?.value[0] ?? 0, locale), ...lines].join("<br/>");
      },
    },
    xAxis: timeAxis(points.map(time), locale),
    yAxis: {
      type: "value",
      name: UNITS.bp,
      min: y.min,
      max: y.max,
      interval: 20,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      line(labels.systolic, COLORS.systolic, "circle", (p) => p.systolic, [
        hLine(target.systolic, `${labels.targetSystolic} <${target.systolic}`, COLORS.systolic),
        hLine(t.urgentSystolic, `${labels.grade3} ≥${t.urgentSystolic}`, COLORS.danger, "dotted"),
      ]),
      line(labels.diastolic, COLORS.diastolic, "rect", (p) => p.diastolic, [
        hLine(target.diastolic, `${labels.targetDiastolic} <${target.diastolic}`, COLORS.diastolic),
        hLine(t.urgentDiastolic, `${labels.grade3} ≥${t.urgentDiastolic}`, COLORS.danger, "dotted"),
      ]),
      {
        name: labels.grade3,
        type: "scatter",
        symbol: "triangle",
        symbolSize: 14,
        color: COLORS.danger,
        z: 5,
        data: grade3,
      },
    ],
  };
}

/** Marks and colours per glucose context: each its own series, so only like readings are joined. */
const CONTEXT_STYLE: Record<Context, { color: string; symbol: string }> = {
  fasting: { color: "#1d4ed8", symbol: "circle" },
  before_meal: { color: "#0f766e", symbol: "rect" },
  after_meal_2h: { color: "#c2410c", symbol: "triangle" },
  bedtime: { color: "#7c3aed", symbol: "diamond" },
  random: { color: "#4b5563", symbol: "emptyCircle" },
};

/** Out-of-range kinds of a glucose reading, worst first; null when in range. */
export function glucoseFlag(
  value: number,
  t: Thresholds["glucose"],
): "hypoL2" | "hypo" | "veryHigh" | "high" | null {
  if (value < t.hypoL2) return "hypoL2";
  if (value < t.hypoL1) return "hypo";
  if (value > t.veryHigh) return "veryHigh";
  if (value > t.rangeHigh) return "high";
  return null;
}

/**
 * Glucose: one series per measuring context (fasting, before meal, 2 h after a meal, bedtime,
 * random) with its own colour and shape, so a line never joins a 13.6 after-meal to a 2.8
 * fasting; the target range shaded; out-of-range readings ringed by how far out (level-2 hypo
 * < 3.0, hypo < 3.9, > 10.0, > 16.7, the programme's thresholds).
 */
export function glucoseOption(
  points: GlucosePoint[],
  t: Thresholds["glucose"],
  labels: ChartLabels,
  locale: Locale = "zh-CN",
): Option {
  const y = yBounds(
    points.map((p) => p.value),
    0,
    Math.max(t.veryHigh + 1.3, 15),
    2,
  );
  const series = glucoseSeries(points, t, labels);
  // The band and reference lines ride on the first series (ECharts ties marks to a series).
  const first = series[0] ?? { type: "line", data: [] };
  markGlucoseRange(first, t, labels);
  return {
    animation: false,
    grid: baseGrid,
    legend: { top: 0, type: "scroll", data: series.map((s) => s.name) },
    tooltip: {
      trigger: "item",
      formatter: (p: { value: [number, number, string]; marker: string }) =>
        `${readingTime(p.value[0], locale)}<br/>${p.marker}${p.value[2]} ${p.value[1].toFixed(1)} ${UNITS.glucose}`,
    },
    xAxis: timeAxis(points.map(glucoseTime), locale),
    yAxis: {
      type: "value",
      name: UNITS.glucose,
      min: y.min,
      max: y.max,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: series.length ? series : [first],
  };
}

const glucoseTime = (p: GlucosePoint) => Date.parse(p.measuredAt);

/** How each out-of-range level is ringed, named with the programme's threshold. */
function glucoseFlagStyles(t: Thresholds["glucose"], labels: ChartLabels) {
  return {
    hypoL2: {
      name: `${labels.hypoL2} <${t.hypoL2.toFixed(1)}`,
      symbol: "diamond",
      color: COLORS.danger,
      size: 18,
    },
    hypo: { name: `${labels.hypo} <${t.hypoL1.toFixed(1)}`, symbol: "diamond", color: "#ea580c", size: 14 },
    veryHigh: {
      name: `${labels.veryHigh} >${t.veryHigh.toFixed(1)}`,
      symbol: "triangle",
      color: COLORS.danger,
      size: 18,
    },
    high: {
      name: `${labels.high} >${t.rangeHigh.toFixed(1)}`,
      symbol: "triangle",
      color: "#ca8a04",
      size: 14,
    },
  } as const;
}

/** A line per measuring context present (unknown contexts together), then a ring series per flag present. */
function glucoseSeries(points: GlucosePoint[], t: Thresholds["glucose"], labels: ChartLabels): Option[] {
  const contextName = (c: string) => labels.context[c as Context] ?? c;
  const contexts = GLUCOSE_CONTEXTS.filter((c) => points.some((p) => p.context === c));
  const others = points.filter((p) => !(GLUCOSE_CONTEXTS as readonly string[]).includes(p.context));
  const flags = glucoseFlagStyles(t, labels);
  const flagged = (k: keyof typeof flags) => points.filter((p) => glucoseFlag(p.value, t) === k);
  const datum = (p: GlucosePoint) => [glucoseTime(p), p.value, contextName(p.context)];
  const contextSeries = (name: string, style: { color: string; symbol: string }, list: GlucosePoint[]) => ({
    name,
    type: "line",
    symbol: style.symbol,
    symbolSize: 8,
    color: style.color,
    lineStyle: { width: 1, opacity: 0.6 },
    z: 3,
    data: list.map(datum),
  });
  const series: Option[] = contexts.map((c) =>
    contextSeries(
      contextName(c),
      CONTEXT_STYLE[c],
      points.filter((p) => p.context === c),
    ),
  );
  if (others.length)
    series.push(contextSeries(labels.glucose, { color: "#4b5563", symbol: "circle" }, others));
  const presentFlags = (Object.keys(flags) as (keyof typeof flags)[]).filter((k) => flagged(k).length);
  for (const k of presentFlags) {
    const f = flags[k];
    series.push({
      name: f.name,
      type: "scatter",
      symbol: f.symbol,
      symbolSize: f.size,
      color: f.color,
      // Drawn behind the context mark, as a ring around it.
      itemStyle: { color: "transparent", borderColor: f.color, borderWidth: 2 },
      z: 4,
      data: flagged(k).map(datum),
    });
  }
  return series;
}

/** The target range shaded and the level-2 hypo and very-high lines, on the given series. */
function markGlucoseRange(first: Option, t: Thresholds["glucose"], labels: ChartLabels) {
  first.markArea = {
    silent: true,
    itemStyle: { color: COLORS.band },
    label: {
      color: COLORS.bandLabel,
      position: "insideBottomLeft",
      backgroundColor: "rgba(255,255,255,0.85)",
      padding: [1, 3],
    },
    data: [
      [
        { yAxis: t.rangeLow, name: `${labels.range} ${t.rangeLow.toFixed(1)}–${t.rangeHigh.toFixed(1)}` },
        { yAxis: t.rangeHigh },
      ],
    ],
  };
  first.markLine = {
    silent: true,
    symbol: "none",
    data: [
      hLine(t.hypoL2, `${labels.hypoL2} <${t.hypoL2.toFixed(1)}`, COLORS.danger),
      hLine(t.veryHigh, `${labels.veryHigh} >${t.veryHigh.toFixed(1)}`, COLORS.danger),
    ],
  };
}

/**
 * Calendar heatmap of doses taken per day. Each cell also carries a mark (✓ all, ◐ some, ✗ none)
 * so the colour is never the only signal.
 */
export function calendarOption(days: DayAdherence[], labels: ChartLabels, locale: "zh-CN" | "en"): Option {
  const data = days.map((d) => {
    const share = d.due ? Math.min(d.taken, d.due) / d.due : -1;
    return [d.date, share, d.taken, d.due];
  });
  const first = days[0]?.date;
  const last = days.at(-1)?.date;
  const names = locale === "zh-CN" ? "ZH" : "EN";
  return {
    animation: false,
    tooltip: {},
    visualMap: {
      type: "piecewise",
      dimension: 1,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      pieces: [
        { value: -1, label: labels.noDoseDue, color: "#f3f4f6" },
        { min: 0, max: 0, label: `✗ ${labels.noneTaken}`, color: "#fca5a5" },
        { gt: 0, lt: 0.5, label: `◔ ${labels.someTaken}`, color: "#fde68a" },
        { gte: 0.5, lt: 1, label: `◐ ${labels.mostTaken}`, color: "#a7f3d0" },
        { value: 1, label: `✓ ${labels.allTaken}`, color: "#4ade80" },
      ],
    },
    calendar: {
      range: first && last ? [first, last] : undefined,
      top: 28,
      bottom: 40,
      left: 36,
      right: 12,
      cellSize: ["auto", "auto"],
      dayLabel: { firstDay: 1, nameMap: names },
      monthLabel: { nameMap: names },
      yearLabel: { show: false },
      itemStyle: { borderColor: "#fff", borderWidth: 2 },
      splitLine: { lineStyle: { color: "#9ca3af" } },
    },
    series: [
      {
        type: "heatmap",
        coordinateSystem: "calendar",
        data,
        label: {
          show: true,
          fontSize: 10,
          color: "#111827",
          formatter: (p: { value: [string, number] }) => {
            const share = p.value[1];
            return share < 0 ? "" : share === 0 ? "✗" : share >= 1 ? "✓" : share < 0.5 ? "◔" : "◐";
          },
        },
      },
    ],
  };
}
