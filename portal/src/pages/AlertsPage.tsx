// The alert inbox: urgent readings of the clinic's patients, open ones first in the server's order
// (ADR 0012: critical — severe hypo, BP crisis — before serious, newest first within each), then
// those acknowledged recently with who acknowledged and when. Polls, so new alerts appear.

import { UNITS } from "@steady/shared";
import { Link } from "react-router";
import { type InboxAlertView, useAckAlert, useAlerts, useMe } from "../api/queries";
import { AlertAck } from "../components/AlertAck";
import { QueryFallback } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { useI18n } from "../i18n/i18n";
import { formatDateTime } from "../lib/format";
import { alertKindKey } from "./patient/AttentionSection";

function readingText(a: InboxAlertView): string {
  if (!a.reading) return "";
  return a.reading.kind === "bp"
    ? `${a.reading.systolic}/${a.reading.diastolic} ${UNITS.bp}`
    : `${a.reading.value.toFixed(1)} ${UNITS.glucose}`;
}

export function AlertsPage() {
  const { t, locale } = useI18n();
  const alerts = useAlerts("all");
  const ack = useAckAlert();
  const me = useMe();
  const isDoctor = me.data?.role === "doctor";
  if (!alerts.isSuccess) return <QueryFallback query={alerts} />;
  const open = alerts.data.alerts.filter((a) => !a.acknowledged);
  const done = alerts.data.alerts.filter((a) => a.acknowledged);
  return (
    <section className="page" aria-labelledby="alerts-title">
      <div className="page-head">
        <h1 id="alerts-title">{t("alerts.title")}</h1>
        <p className="muted">{t("alerts.subtitle")}</p>
      </div>
      <h2>
        {t("alerts.open")} <span className="count">{open.length}</span>
      </h2>
      {open.length === 0 ? (
        <p className="empty">✓ {t("alerts.noneOpen")}</p>
      ) : (
        <ul className="plain alert-list">
          {open.map((a) => (
            <li key={a.id} className="alert-item open" data-testid="inbox-alert">
              <span className="alert-mark" aria-hidden="true">
                ▲
              </span>
              <span className="grow">
                <Link to={`/patients/${a.patient.id}`}>{a.patient.name}</Link> ·{" "}
                <strong>{t(alertKindKey(a.kind))}</strong> {readingText(a)}
                <span className="muted small"> · {formatDateTime(a.raisedAt, locale)}</span>
              </span>
              <AlertAck alertId={a.id} isDoctor={isDoctor} ack={ack} />
            </li>
          ))}
        </ul>
      )}
      {ack.error && <ErrorBox error={ack.error} />}
      <h2>{t("alerts.recent")}</h2>
      {done.length === 0 ? (
        <p className="empty">{t("alerts.noneRecent")}</p>
      ) : (
        <ul className="plain alert-list">
          {done.map((a) => (
            <li key={a.id} className="alert-item" data-testid="acked-alert">
              <span className="alert-mark" aria-hidden="true">
                ✓
              </span>
              <span className="grow">
                <Link to={`/patients/${a.patient.id}`}>{a.patient.name}</Link> · {t(alertKindKey(a.kind))}{" "}
                {readingText(a)}
                <span className="muted small"> · {formatDateTime(a.raisedAt, locale)}</span>
                <br />
                <span className="small">
                  {t("alerts.ackedBy", {
                    name: a.acknowledged?.by.name ?? "",
                    when: formatDateTime(a.acknowledged?.at ?? null, locale),
                  })}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
