// What needs the doctor now: unacknowledged alerts and unresolved escalations from calls.

import { type CallViewT, useAckAlert, useCalls, useResolveEscalation } from "../../api/queries";
import { AlertAck } from "../../components/AlertAck";
import { ErrorBox } from "../../components/Status";
import { type MessageKey, useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";

export function alertKindKey(kind: string): MessageKey {
  const known = ["bp_urgent", "bp_crisis", "glucose_hypo_l2", "glucose_very_high"];
  return (known.includes(kind) ? `alert.kind.${kind}` : "alert.kind.other") as MessageKey;
}

export function AttentionSection({
  patientId,
  openAlerts,
  isDoctor,
}: {
  patientId: string;
  openAlerts: { id: string; kind: string; raisedAt: string }[];
  isDoctor: boolean;
}) {
  const { t, locale } = useI18n();
  const ack = useAckAlert();
  const calls = useCalls(patientId);
  const resolve = useResolveEscalation(patientId);
  const escalations = (calls.data?.calls ?? []).filter(
    (c: CallViewT) => c.outcome === "escalated" && !c.escalationResolvedAt,
  );
  if (!openAlerts.length && !escalations.length) return null;
  return (
    <section className="card attention" aria-labelledby="attention-title">
      <h2 id="attention-title">
        <span aria-hidden="true">▲</span> {t("patient.needsAttention")}
      </h2>
      <ul className="plain">
        {openAlerts.map((a) => (
          <li key={a.id} className="attention-item" data-testid="open-alert">
            <span>
              <strong>{t(alertKindKey(a.kind))}</strong> · {formatDateTime(a.raisedAt, locale)}
            </span>
            <AlertAck alertId={a.id} isDoctor={isDoctor} ack={ack} />
          </li>
        ))}
        {escalations.map((c) => (
          <li key={c.id} className="attention-item" data-testid="open-escalation">
            <span>
              <strong>{t("calls.escalated")}</strong> · {c.by?.name} · {formatDateTime(c.at, locale)}
              {c.note && <q>{c.note}</q>}
            </span>
            {isDoctor && (
              <button type="button" disabled={resolve.isPending} onClick={() => resolve.mutate(c.id)}>
                {t("calls.resolve")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {(ack.error || resolve.error) && <ErrorBox error={ack.error ?? resolve.error} />}
    </section>
  );
}
