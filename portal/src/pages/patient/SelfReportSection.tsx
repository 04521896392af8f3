// The monthly self-report beside the logged doses (issue 13 item 7), flagged when they disagree
// by the rule in shared/self-report.ts (the server applies it; the label says which way).
import { DISAGREEMENT_LABELS } from "@steady/shared";
import { useSelfReports } from "../../api/queries";
import { useI18n } from "../../i18n/i18n";
import { percent } from "../../lib/format";

export function SelfReportSection({ patientId }: { patientId: string }) {
  const q = useSelfReports(patientId);
  const { t, locale } = useI18n();
  if (!q.data) return null;
  const latest = q.data.reports[0];
  return (
    <section className="card" aria-labelledby="self-report-title" data-testid="self-report-section">
      <h2 id="self-report-title">{t("selfReport.title")}</h2>
      <p>{t("selfReport.logged", { pct: percent(q.data.logged30d) })}</p>
      {!latest ? (
        <p className="muted">{t("selfReport.none")}</p>
      ) : (
        <>
          <p>
            {latest.score == null
              ? t("selfReport.incomplete")
              : `${t("selfReport.latest", { month: latest.month, score: latest.score })} ${latest.perfect ? t("selfReport.perfect") : ""}`}
          </p>
          {latest.disagreement && (
            <p className="bad" role="alert" data-testid="self-report-flag">
              ⚠ {t("selfReport.flag")}：
              {DISAGREEMENT_LABELS[latest.disagreement][locale === "en" ? "en" : "zh"]}
            </p>
          )}
        </>
      )}
      <p className="small muted">{t("selfReport.scale")}</p>
    </section>
  );
}
