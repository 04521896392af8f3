// The programme admin's list of reminder queue messages given up after their retries (ADR 0016):
// when, which reminders (kind and due time), the deliveries made and WeChat's last error.
import { DataTable } from "../components/DataTable";
import { QueryState } from "../components/QueryState";
import { formatChinaDateTime } from "../lib/format";
import { useDeadLetters } from "./api";
import "./programme.css";
import { useWords } from "./words";

export default function DeadLettersPage() {
  const { w, locale } = useWords();
  const list = useDeadLetters();
  const when = (iso: string | null) => formatChinaDateTime(iso, locale);
  return (
    <section className="page" data-testid="dead-letters">
      <h1>{w("dead.title")}</h1>
      <p className="muted">{w("dead.intro")}</p>
      <QueryState query={list} isEmpty={(d) => d.items.length === 0} empty={w("dead.none")}>
        {(data) => (
          <DataTable
            columns={{
              at: w("dead.at"),
              sends: w("dead.sends"),
              attempts: w("dead.attempts"),
              error: w("dead.error"),
            }}
          >
            {data.items.map((d) => (
              <tr key={d.id}>
                <td>{when(d.at)}</td>
                <td>
                  {w("dead.count", { n: String(d.sends.length) })}
                  {d.sends.length > 0 && (
                    <span className="muted">
                      {" "}
                      (
                      {[...new Set(d.sends.map((s) => `${s.kind ?? "?"} ${when(s.dueAt)}`))]
                        .slice(0, 3)
                        .join("; ")}
                      )
                    </span>
                  )}
                </td>
                <td>{d.attempts}</td>
                <td>
                  {d.errcode != null && <code>{d.errcode}</code>} {d.error}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
