// What an open alert offers: the doctor acknowledges it (recording who and when); an assistant
// is told that the doctor does. Used in the alert inbox and on the patient page.
import type { useAckAlert } from "../api/queries";
import { useI18n } from "../i18n/i18n";

export function AlertAck({
  alertId,
  isDoctor,
  ack,
}: {
  alertId: string;
  isDoctor: boolean;
  ack: ReturnType<typeof useAckAlert>;
}) {
  const { t } = useI18n();
  return isDoctor ? (
    <button type="button" className="primary" disabled={ack.isPending} onClick={() => ack.mutate(alertId)}>
      {t("alerts.ack")}
    </button>
  ) : (
    <span className="muted small">{t("alerts.doctorAcks")}</span>
  );
}
