import { DEFAULT_THRESHOLDS, type Thresholds } from "@steady/shared";
import { useMemo } from "react";
import { type Summary, useReadings } from "../../api/queries";
import { EChart } from "../../charts/EChart";
import { chartLabels } from "../../charts/labels";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n/i18n";
import { type GlucosePoint, glucoseOption } from "../../lib/chart-options";
import { percent } from "../../lib/format";

export function useGlucosePoints(patientId: string) {
  const q = useReadings(patientId, "glucose");
  const points = (q.data?.readings ?? []) as GlucosePoint[];
  return { q, points };
}

export function GlucoseFacts({ glucose }: { glucose: Summary["glucose"] }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <dt>{t("glucose.tir")}</dt>
      <dd data-testid="glucose-tir">{percent(glucose.timeInRange)}</dd>
      <dt>{t("glucose.hypos")}</dt>
      <dd className={glucose.hypoCount ? "bad" : ""}>{glucose.hypoCount ? `◆ ${glucose.hypoCount}` : "0"}</dd>
      <dt>{t("glucose.readings90")}</dt>
      <dd>{glucose.readings}</dd>
      <dt>{t("glucose.rates14")}</dt>
      <dd>
        {t("glucose.ratesValue", {
          hypo: percent(glucose.hypoRate14d),
          hyper: percent(glucose.hyperRate14d),
        })}
      </dd>
    </dl>
  );
}

export function GlucoseSection({
  patientId,
  glucose,
  thresholds = DEFAULT_THRESHOLDS.glucose,
}: {
  patientId: string;
  glucose: Summary["glucose"];
  /** The programme's thresholds the patient is judged by (the summary carries them). */
  thresholds?: Thresholds["glucose"];
}) {
  const { t, locale } = useI18n();
  const { q, points } = useGlucosePoints(patientId);
  const option = useMemo(
    () => glucoseOption(points, thresholds, chartLabels(t), locale),
    [points, thresholds, t, locale],
  );
  return (
    <section className="card" aria-labelledby="glucose-title">
      <h2 id="glucose-title">{t("glucose.title")}</h2>
      <GlucoseFacts glucose={glucose} />
      <QueryState query={q} isEmpty={() => points.length === 0} empty={t("glucose.none")}>
        {() => (
          <EChart
            option={option}
            height={260}
            testId="chart-glucose"
            summary={t("glucose.chartSummary", { n: points.length, tir: percent(glucose.timeInRange) })}
          />
        )}
      </QueryState>
    </section>
  );
}
