// A chart of the programme pages; ECharts arrives on first use and the summary text stands in
// until then (and for screen readers).
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n/i18n";

// biome-ignore lint/suspicious/noExplicitAny: ECharts options are loosely typed JSON.
export type ChartOption = Record<string, any>;

let loading: Promise<typeof import("./echarts-programme")> | null = null;

export function Chart({
  option,
  height,
  summary,
  testId,
}: {
  option: ChartOption;
  height: number;
  summary: string;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const { locale } = useI18n();
  useEffect(() => {
    let disposed = false;
    let chart: {
      setOption(o: ChartOption, notMerge?: boolean): void;
      resize(): void;
      dispose(): void;
    } | null = null;
    const onResize = () => chart?.resize();
    loading ??= import("./echarts-programme");
    loading.then(({ echarts }) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current, null, { renderer: "svg", locale: locale === "zh-CN" ? "ZH" : "EN" });
      chart.setOption({ aria: { enabled: true, label: { description: summary } }, ...option }, true);
      window.addEventListener("resize", onResize);
      setReady(true);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      chart?.dispose();
    };
  }, [option, locale, summary]);
  return (
    <figure className="chart" data-testid={testId} data-ready={ready ? "true" : "false"}>
      <div ref={el} style={{ height }} role="img" aria-label={summary} />
      {!ready && <figcaption className="chart-placeholder">{summary}</figcaption>}
    </figure>
  );
}
