// ECharts options for the patient view, built by pure functions (tested without a browser).
// Every mark that carries meaning has a shape and a legend label as well as a colour.
import type { DayAdherence, Thresholds } from "@steady/shared";

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

export interface ChartLabels {
  systolic: string;
  diastolic: string;
  target: string;
  grade3: string;
  glucose: string;
  range: string;
  hypo: string;
  hypoL2: string;
  noDoseDue: string;
  noneTaken: string;
  someTaken: string;
  mostTaken: string;
  allTaken: string;
}

// biome-ignore lint/suspicious/noExplicitAny: ECharts options are loosely typed JSON.
type Option = Record<string, any>;

const baseGrid = { left: 48, right: 24, top: 48, bottom: 36, containLabel: false };

/** Shaded target bands ([from, to] pairs of y values, each named), labelled inside at the bottom. */
function targetBands(data: [{ yAxis: number; name: string }, { yAxis: number }][]) {
  return {
    silent: true,
    itemStyle: { color: COLORS.band },
    label: {
      color: COLORS.bandLabel,
      position: "insideBottomLeft",
      backgroundColor: "rgba(255, 255, 255, 0.85)",
      padding: [1, 3],
    },
    data,
  };
}

/** True for a reading in grade 3 (≥ 180 systolic or ≥ 110 diastolic, thresholds as data). */
export function isGrade3(p: { systolic: number; diastolic: number }, t: Thresholds["bp"]): boolean {
  return p.systolic >= t.urgentSystolic || p.diastolic >= t.urgentDiastolic;
}

export function bpOption(
  points: BpPoint[],
  target: { systolic: number; diastolic: number },
  t: Thresholds["bp"],
  labels: ChartLabels,
): Option {
  const time = (p: BpPoint) => Date.parse(p.measuredAt);
  const grade3 = points.filter((p) => isGrade3(p, t));
  const maxY = Math.max(200, ...points.map((p) => p.systolic + 10));
  return {
    animation: false,
    grid: baseGrid,
    legend: { top: 0, data: [labels.systolic, labels.diastolic, labels.grade3] },
    tooltip: { trigger: "axis" },
    xAxis: { type: "time", axisLabel: { hideOverlap: true } },
    yAxis: {
      type: "value",
      name: "mmHg",
      min: 40,
      max: Math.ceil(maxY / 20) * 20,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        name: labels.systolic,
        type: "line",
        symbol: "circle",
        symbolSize: 5,
        color: COLORS.systolic,
        data: points.map((p) => [time(p), p.systolic]),
        // Target bands: systolic and diastolic each below the patient's target.
        markArea: targetBands([
          [{ yAxis: 100, name: `${labels.target} <${target.systolic}` }, { yAxis: target.systolic }],
          [{ yAxis: 60, name: `${labels.target} <${target.diastolic}` }, { yAxis: target.diastolic }],
        ]),
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { color: COLORS.danger, type: "dashed" },
          label: {
            formatter: `${labels.grade3} ≥${t.urgentSystolic}/${t.urgentDiastolic}`,
            position: "insideStartTop",
            color: COLORS.danger,
          },
          data: [{ yAxis: t.urgentSystolic }],
        },
      },
      {
        name: labels.diastolic,
        type: "line",
        symbol: "rect",
        symbolSize: 5,
        color: COLORS.diastolic,
        data: points.map((p) => [time(p), p.diastolic]),
      },
      {
        name: labels.grade3,
        type: "scatter",
        symbol: "triangle",
        symbolSize: 14,
        color: COLORS.danger,
        z: 5,
        data: grade3.map((p) => [time(p), p.systolic, `${p.systolic}/${p.diastolic}`]),
      },
    ],
  };
}

export function glucoseOption(points: GlucosePoint[], t: Thresholds["glucose"], labels: ChartLabels): Option {
  const time = (p: GlucosePoint) => Date.parse(p.measuredAt);
  const hypos = points.filter((p) => p.value < t.hypoL1);
  const maxY = Math.max(15, ...points.map((p) => Math.ceil(p.value + 1)));
  return {
    animation: false,
    grid: baseGrid,
    legend: { top: 0, data: [labels.glucose, labels.hypo] },
    tooltip: { trigger: "axis" },
    xAxis: { type: "time", axisLabel: { hideOverlap: true } },
    yAxis: {
      type: "value",
      name: "mmol/L",
      min: 0,
      max: maxY,
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        name: labels.glucose,
        type: "line",
        symbol: "circle",
        symbolSize: 5,
        color: COLORS.glucose,
        data: points.map((p) => [time(p), p.value]),
        markArea: targetBands([
          [
            { yAxis: t.rangeLow, name: `${labels.range} ${t.rangeLow}–${t.rangeHigh.toFixed(1)}` },
            { yAxis: t.rangeHigh },
          ],
        ]),
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { color: COLORS.danger, type: "dashed" },
          label: { position: "insideStartBottom", color: COLORS.danger },
          data: [{ yAxis: t.hypoL2, label: { formatter: `${labels.hypoL2} <${t.hypoL2.toFixed(1)}` } }],
        },
      },
      {
        name: labels.hypo,
        type: "scatter",
        symbol: "diamond",
        symbolSize: 14,
        color: COLORS.danger,
        z: 5,
        data: hypos.map((p) => [time(p), p.value]),
      },
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
