import { useCalls } from "../../api/queries";
import { ErrorBox, Loading } from "../../components/Status";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";
import { OUTCOME_KEY } from "../../lib/outcomes";

export function CallsSection({ patientId }: { patientId: string }) {
  const { t, locale } = useI18n();
  const calls = useCalls(patientId);
  return (
    <section className="card" aria-labelledby="calls-title">
      <h2 id="calls-title">{t("calls.title")}</h2>
      {calls.isPending ? (
        <Loading />
      ) : calls.error ? (
        <ErrorBox error={calls.error} />
      ) : calls.data.calls.length ? (
        <ul className="plain timeline">
          {calls.data.calls.map((c) => (
            <li key={c.id}>
              <p>
                <strong>{t(OUTCOME_KEY[c.outcome])}</strong>
                {c.outcome === "escalated" && c.escalationResolvedAt && (
                  <span className="muted">
                    {" "}
                    · {t("calls.resolvedAt", { when: formatDateTime(c.escalationResolvedAt, locale) })}
                  </span>
                )}
              </p>
              {c.note && <p>{c.note}</p>}
              <p className="muted small">
                {c.by?.name} · {formatDateTime(c.at, locale)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("calls.none")}</p>
      )}
    </section>
  );
}
