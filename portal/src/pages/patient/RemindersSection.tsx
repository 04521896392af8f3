// What the reminder scheduler did for this patient lately: read next to missed doses, it tells
// "forgot" from "never reminded".
import { useReminders } from "../../api/queries";
import { QueryFallback } from "../../components/QueryState";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";

export function RemindersSection({ patientId }: { patientId: string }) {
  const { t, locale } = useI18n();
  const r = useReminders(patientId);
  if (!r.isSuccess) return <QueryFallback query={r} />;
  const { sends, quota } = r.data;
  const byStatus = new Map<(typeof sends)[number]["status"], number>();
  for (const s of sends) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const remaining = quota.reduce((n, q) => n + q.remaining, 0);
  return (
    <section className="card" aria-labelledby="reminders-title">
      <h2 id="reminders-title">{t("reminders.title")}</h2>
      {sends.length === 0 ? (
        <p className="empty">{t("reminders.none")}</p>
      ) : (
        <>
          <p>
            {[...byStatus.entries()]
              .map(([status, n]) => `${t(`reminders.status.${status}`)} ${n}`)
              .join(" · ")}
            {quota.length > 0 && ` · ${t("reminders.quota", { n: remaining })}`}
          </p>
          <details>
            <summary>{t("reminders.details", { n: sends.length })}</summary>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("reminders.due")}</th>
                  <th scope="col">{t("reminders.kind")}</th>
                  <th scope="col">{t("reminders.result")}</th>
                </tr>
              </thead>
              <tbody>
                {sends.map((s) => (
                  <tr key={s.id}>
                    <td>{formatDateTime(s.dueAt, locale)}</td>
                    <td>{s.kind}</td>
                    <td>
                      {t(`reminders.status.${s.status}`)}
                      {s.errcode ? ` (${s.errcode})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
