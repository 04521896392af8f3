// One patient on one screen: what needs doing (alerts, escalations), adherence, BP, glucose,
// the plan and its history, notes, calls and reminders. Loaded on demand with its charts.
import { formatReason } from "@steady/shared";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { keys, type TriageRowView, useMe, useSummary } from "../api/queries";
import { QueryFallback } from "../components/QueryState";
import { TierBadge } from "../components/TierBadge";
import { useI18n } from "../i18n/i18n";
import { formatDate, relativeDay } from "../lib/format";
import { AdverseEventSection } from "../safety/AdverseEventSection";
import { NotFoundPage } from "./NotFoundPage";
import { AdherenceSection } from "./patient/AdherenceSection";
import { AttentionSection } from "./patient/AttentionSection";
import { BpSection } from "./patient/BpSection";
import { CallsSection } from "./patient/CallsSection";
import { ConditionEditor } from "./patient/ConditionEditor";
import { GlucoseSection } from "./patient/GlucoseSection";
import { NotesSection } from "./patient/NotesSection";
import { PlansSection } from "./patient/PlansSection";
import { RemindersSection } from "./patient/RemindersSection";
import { SelfReportSection } from "./patient/SelfReportSection";
import { SupplySection } from "./patient/SupplySection";

export default function PatientPage() {
  const { id = "" } = useParams();
  const summary = useSummary(id);
  const me = useMe();
  const { t, locale } = useI18n();
  const isDoctor = me.data?.role === "doctor";
  // Coming from the triage list, the patient's tier and reasons are already known: repeat them.
  const triageRow = useQueryClient()
    .getQueryData<TriageRowView[]>(keys.triage)
    ?.find((r) => r.patientId === id);

  if (!summary.isSuccess) return <QueryFallback query={summary} notFound={<NotFoundPage what="patient" />} />;
  const s = summary.data;
  const p = s.patient;
  const age = p.birthYear ? new Date().getFullYear() - p.birthYear : null;

  return (
    <article className="page patient" aria-labelledby="patient-name" data-testid="patient-page">
      <header className="page-head patient-head">
        <div>
          <p className="breadcrumb">
            <Link to="/">← {t("nav.triage")}</Link>
          </p>
          <h1 id="patient-name">{p.name}</h1>
          <p className="muted">
            {[
              p.sex ? t(`sex.${p.sex as "female" | "male" | "other"}`) : null,
              age ? t("patient.age", { age }) : null,
              t("patient.enrolled", { date: formatDate(p.enrolledAt, locale) }),
              t("patient.lastActivity", { when: relativeDay(p.lastActivityAt, Date.now(), locale) }),
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
          <ConditionEditor
            patientId={id}
            condition={p.condition}
            version={p.conditionVersion}
            isDoctor={isDoctor}
          />
          {triageRow && (
            <p className="why" data-testid="patient-why">
              <TierBadge tier={triageRow.tier} />{" "}
              {triageRow.reasonCodes.map((c) => formatReason(c, locale)).join(" · ")}
            </p>
          )}
        </div>
        <div className="actions">
          <Link className="button" to={`/patients/${id}/report`}>
            {t("patient.printReport")}
          </Link>
          <Link className="button" to={`/patients/${id}/diary`}>
            {t("diary.open")}
          </Link>
          <a className="button" href={`/api/v1/patients/${id}/fhir`} download>
            {t("patient.exportFhir")}
          </a>
        </div>
      </header>
      <AttentionSection patientId={id} openAlerts={s.openAlerts} isDoctor={isDoctor} />
      <AdherenceSection calendar={s.calendar} />
      <SelfReportSection patientId={id} />
      <div className="two-col">
        <BpSection
          patientId={id}
          bp={s.bp}
          isDoctor={isDoctor}
          targetsVersion={p.targetsVersion}
          thresholds={s.thresholds?.bp}
        />
        <GlucoseSection patientId={id} glucose={s.glucose} thresholds={s.thresholds?.glucose} />
      </div>
      <PlansSection patientId={id} plans={s.plans} isDoctor={isDoctor} />
      <SupplySection patientId={id} plans={s.plans} revisit={s.revisit} />
      <div className="two-col">
        <NotesSection patientId={id} />
        <CallsSection patientId={id} />
      </div>
      <AdverseEventSection patientId={id} plans={s.plans.filter((pl) => !pl.stoppedAt)} />
      <RemindersSection patientId={id} />
    </article>
  );
}
