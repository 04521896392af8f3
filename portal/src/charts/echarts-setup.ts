// ECharts, only the parts the portal draws (tree-shaken): the patient view's lines, dots and
// calendar heatmap, the programme pages' bars. This module is loaded with a
// dynamic import, so it never weighs on the first route. ECharts' core ships the ZH and EN
// locales; `init(…, { locale: "ZH" })` picks Chinese month and weekday names.
import { BarChart, HeatmapChart, LineChart, ScatterChart } from "echarts/charts";
import {
  AriaComponent,
  CalendarComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  CalendarComponent,
  VisualMapComponent,
  AriaComponent,
  SVGRenderer,
]);

export { echarts };
