import type { DayAdherence } from "@steady/shared";
import { useMemo } from "react";
import { EChart } from "../../charts/EChart";
import { chartLabels } from "../../charts/labels";
import { Meter } from "../../components/Meter";
import { useI18n } from "../../i18n/i18n";
import { calendarOption } from "../../lib/chart-options";
import { percent } from "../../lib/format";
import { type WindowAdherence, windowAdherence } from "../../lib/metrics";

export const ADHERENT_AT = 0.8;

export function AdherenceFigures({ w }: { w: WindowAdherence }) {
  const { t } = useI18n();
  return (
    <div className="figure-card" data-testid={`adherence-${w.days}`}>
      <h3>{t("adherence.window", { days: w.days })}</h3>
      <dl>
        <dt>{t("adherence.dose")}</dt>
        <dd>
          <Meter value={w.doseAdherence} goal={ADHERENT_AT} label={t("adherence.dose")} />
          <span className="muted small">
            {t("adherence.doseCount", { taken: w.dosesTaken, due: w.dosesDue })}
          </span>
        </dd>
        <dt>{t("adherence.covered")}</dt>
        <dd>
          <Meter value={w.daysCoveredRatio} goal={ADHERENT_AT} label={t("adherence.covered")} />
          <span className="muted small">
            {t("adherence.coveredCount", { covered: w.daysCovered, days: w.daysWithDue })}
          </span>
        </dd>
      </dl>
      <p
        className={w.daysCoveredRatio != null && w.daysCoveredRatio < ADHERENT_AT ? "verdict bad" : "verdict"}
      >
        {w.daysCoveredRatio == null
          ? t("adherence.noDoses")
          : w.daysCoveredRatio >= ADHERENT_AT
            ? `✓ ${t("adherence.adherent", { goal: percent(ADHERENT_AT) })}`
            : `✗ ${t("adherence.notAdherent", { goal: percent(ADHERENT_AT) })}`}
      </p>
    </div>
  );
}

export function AdherenceSection({ calendar }: { calendar: DayAdherence[] }) {
  const { t, locale } = useI18n();
  const w30 = windowAdherence(calendar, 30);
  const w90 = windowAdherence(calendar, 90);
  const option = useMemo(() => calendarOption(calendar, chartLabels(t), locale), [calendar, t, locale]);
  return (
    <section className="card" aria-labelledby="adherence-title">
      <h2 id="adherence-title">{t("adherence.title")}</h2>
      <div className="figures">
        <AdherenceFigures w={w30} />
        <AdherenceFigures w={w90} />
      </div>
      <EChart
        option={option}
        height={220}
        testId="chart-calendar"
        summary={t("adherence.calendarSummary", {
          days: calendar.length,
          covered: w90.daysCovered,
          due: w90.daysWithDue,
        })}
      />
    </section>
  );
}
