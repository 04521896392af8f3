// One chart, for the clinician and the programme pages alike. ECharts arrives by dynamic import on first use; until then (and for screen readers)
// the chart's summary text stands in. SVG rendering keeps text sharp on paper.
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n/i18n";

// biome-ignore lint/suspicious/noExplicitAny: ECharts options are loosely typed JSON.
export type ChartOption = Record<string, any>;
type Option = ChartOption;

let loading: Promise<typeof import("./echarts-setup")> | null = null;
/** Loads ECharts once for the whole page. */
export function loadECharts() {
  loading ??= import("./echarts-setup");
  return loading;
}

export function EChart({
  option,
  height,
  summary,
  testId,
}: {
  option: Option;
  height: number;
  /** What the chart shows, in words: read by screen readers and shown while loading. */
  summary: string;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const { locale } = useI18n();

  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: Option, notMerge?: boolean): void; resize(): void; dispose(): void } | null =
      null;
    const onResize = () => chart?.resize();
    loadECharts()
      .then(({ echarts }) => {
        if (disposed || !el.current) return;
        chart = echarts.init(el.current, null, { renderer: "svg", locale: locale === "zh-CN" ? "ZH" : "EN" });
        chart.setOption({ aria: { enabled: true, label: { description: summary } }, ...option }, true);
        window.addEventListener("resize", onResize);
        setReady(true);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      chart?.dispose();
    };
  }, [option, locale, summary]);

  return (
    <figure className="chart" data-testid={testId} data-ready={ready ? "true" : "false"}>
      <div ref={el} style={{ height }} role="img" aria-label={summary} />
      {!ready && (
        <figcaption className="chart-placeholder">
          {failed ? "⚠ " : ""}
          {summary}
        </figcaption>
      )}
    </figure>
  );
}
