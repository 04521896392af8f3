import { useCalls } from "../../api/queries";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";
import { OUTCOME_KEY } from "../../lib/outcomes";
import { useSafetyWords } from "../../safety/words";

export function CallsSection({ patientId }: { patientId: string }) {
  const { t, locale } = useI18n();
  const { w } = useSafetyWords();
  const calls = useCalls(patientId);
  return (
    <section className="card" aria-labelledby="calls-title">
      <h2 id="calls-title">{t("calls.title")}</h2>
      <QueryState query={calls} isEmpty={(d) => d.calls.length === 0} empty={t("calls.none")}>
        {(d) => (
          <ul className="plain timeline">
            {d.calls.map((c) => (
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
                {c.missedDoseReasons.length > 0 && (
                  <p className="small" data-testid="call-missed-reasons">
                    {w("call.missedShown")}: {c.missedDoseReasons.map((r) => w(`reason.${r}`)).join("、")}
                  </p>
                )}
                <p className="muted small">
                  {c.by?.name} · {formatDateTime(c.at, locale)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
