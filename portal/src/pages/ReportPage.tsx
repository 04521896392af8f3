// A one-page report for the visit: adherence, BP and glucose with their charts, the plan. Print
// CSS (styles.css @media print) drops the portal's frame and fits the page to A4.
import { DEFAULT_THRESHOLDS } from "@steady/shared";
import { useMemo } from "react";
import { Link, useParams } from "react-router";
import { useMe, useSummary } from "../api/queries";
import { EChart } from "../charts/EChart";
import { chartLabels } from "../charts/labels";
import { QueryFallback } from "../components/QueryState";
import { useI18n } from "../i18n/i18n";
import { bpOption, calendarOption, glucoseOption } from "../lib/chart-options";
import { formatDate, formatDateTime, percent } from "../lib/format";
import { windowAdherence } from "../lib/metrics";
import { NotFoundPage } from "./NotFoundPage";
import { ADHERENT_AT } from "./patient/AdherenceSection";
import { BpFacts, useBpPoints } from "./patient/BpSection";
import { GlucoseFacts, useGlucosePoints } from "./patient/GlucoseSection";
import { PlanTable } from "./patient/PlansSection";

export default function ReportPage() {
  const { id = "" } = useParams();
  const summary = useSummary(id);
  const me = useMe();
  const { t, locale } = useI18n();
  const bp = useBpPoints(id);
  const glucose = useGlucosePoints(id);
  const labels = useMemo(() => chartLabels(t), [t]);
  const s = summary.data;
  const bpOpt = useMemo(
    () =>
      s ? bpOption(bp.points, s.bp.target, s.thresholds?.bp ?? DEFAULT_THRESHOLDS.bp, labels, locale) : {},
    [bp.points, s, labels, locale],
  );
  const gluOpt = useMemo(
    () => glucoseOption(glucose.points, s?.thresholds?.glucose ?? DEFAULT_THRESHOLDS.glucose, labels, locale),
    [glucose.points, s, labels, locale],
  );
  const calOpt = useMemo(() => (s ? calendarOption(s.calendar, labels, locale) : {}), [s, labels, locale]);

  if (!summary.isSuccess || !s)
    return <QueryFallback query={summary} notFound={<NotFoundPage what="patient" />} />;
  const p = s.patient;
  const windows = [windowAdherence(s.calendar, 30), windowAdherence(s.calendar, 90)];
  const age = p.birthYear ? new Date().getFullYear() - p.birthYear : null;
  const author = me.data && "name" in me.data ? me.data.name : "";

  return (
    <article className="report" data-testid="report">
      <div className="no-print report-tools">
        <Link to={`/patients/${id}`}>← {t("report.back")}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("report.print")}
        </button>
      </div>
      <header className="report-head">
        <div>
          <h1>
            {p.name} <span className="muted">· {t("report.title")}</span>
          </h1>
          <p>
            {[
              p.sex ? t(`sex.${p.sex as "female" | "male" | "other"}`) : null,
              age ? t("patient.age", { age }) : null,
              t("patient.enrolled", { date: formatDate(p.enrolledAt, locale) }),
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        <p className="small muted right">
          {t("report.period", { from: s.from, to: s.to })}
          <br />
          {t("report.generated", { who: author, when: formatDateTime(new Date().toISOString(), locale) })}
        </p>
      </header>

      <section className="report-row">
        <div>
          <h2>{t("adherence.title")}</h2>
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t("adherence.dose")}</th>
                <th scope="col">{t("adherence.covered")}</th>
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => (
                <tr key={w.days}>
                  <th scope="row">{t("adherence.window", { days: w.days })}</th>
                  <td>
                    {percent(w.doseAdherence)}{" "}
                    <span className="muted small">
                      ({w.dosesTaken}/{w.dosesDue})
                    </span>
                  </td>
                  <td>
                    {percent(w.daysCoveredRatio)}{" "}
                    {w.daysCoveredRatio != null &&
                      (w.daysCoveredRatio >= ADHERENT_AT ? "✓" : `✗ <${percent(ADHERENT_AT)}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>{t("bp.title")}</h2>
          <BpFacts bp={s.bp} points={bp.points} />
        </div>
        <div>
          <h2>{t("glucose.title")}</h2>
          <GlucoseFacts glucose={s.glucose} />
        </div>
      </section>

      <section className="report-charts">
        {bp.points.length > 0 && (
          <EChart option={bpOpt} height={190} summary={t("bp.title")} testId="report-chart-bp" />
        )}
        {glucose.points.length > 0 && (
          <EChart option={gluOpt} height={190} summary={t("glucose.title")} testId="report-chart-glucose" />
        )}
      </section>
      <EChart option={calOpt} height={170} summary={t("adherence.title")} testId="report-chart-calendar" />

      <section>
        <h2>{t("plans.title")}</h2>
        <PlanTable plans={s.plans.filter((x) => !x.stoppedAt)} showHistory={false} />
      </section>
      {s.openAlerts.length > 0 && (
        <p className="bad">▲ {t("report.openAlerts", { n: s.openAlerts.length })}</p>
      )}
    </article>
  );
}
