// The safety officer's inbox: timeliness figures on top, then every case, soonest forwarding
// deadline first, overdue ones marked in words and colour; filters by status and "overdue only"
// live in the URL.
import { CASE_STATUSES } from "@steady/shared";
import { Link, useSearchParams } from "react-router";
import { type SafetyCaseRow, useSafetyCases, useSafetyReport } from "../api/safety";
import { QueryState } from "../components/QueryState";
import { formatDateTime } from "../lib/format";
import { Timeliness } from "./SafetyCountsCard";
import { type SafetyWord, useSafetyWords } from "./words";

type Row = SafetyCaseRow;

export default function InboxPage() {
  const { w, locale } = useSafetyWords();
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const overdue = params.get("overdue") === "true";
  // Timeliness over every case (% forwarded on time, median time to forward), as the manager sees it.
  const report = useSafetyReport();
  const cases = useSafetyCases({
    status: (CASE_STATUSES as readonly string[]).includes(status) ? (status as Row["status"]) : undefined,
    overdue: overdue || undefined,
  });

  const setFilter = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  return (
    <section className="page" aria-labelledby="inbox-title" data-testid="safety-inbox">
      <div className="page-head">
        <h1 id="inbox-title">{w("inbox.title")}</h1>
        <p className="muted">{w("inbox.subtitle")}</p>
      </div>
      {report.data && <Timeliness t={report.data.timeliness} />}
      <div className="filters">
        <label>
          {w("inbox.status")}{" "}
          <select value={status} onChange={(e) => setFilter("status", e.target.value || null)}>
            <option value="">{w("inbox.all")}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {w(`status.${s}` as SafetyWord)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => setFilter("overdue", e.target.checked ? "true" : null)}
          />
          {w("inbox.overdueOnly")}
        </label>
      </div>
      <QueryState query={cases} isEmpty={(rows) => rows.length === 0} empty={w("inbox.none")}>
        {(rows) => (
          <table className="data inbox" data-testid="cases">
            <thead>
              <tr>
                <th scope="col">{w("inbox.col.case")}</th>
                <th scope="col">{w("inbox.col.due")}</th>
                <th scope="col">{w("inbox.col.source")}</th>
                <th scope="col">{w("inbox.col.serious")}</th>
                <th scope="col">{w("inbox.col.events")}</th>
                <th scope="col">{w("inbox.col.valid")}</th>
                <th scope="col">{w("inbox.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {/* The server sorts by forwardDueAt and says which are overdue or due soon. */}
              {rows.map((c) => {
                const late = c.overdue;
                return (
                  <tr key={c.id} className={late ? "overdue" : ""} data-testid="case-row" data-overdue={late}>
                    <td>
                      <Link to={`/safety/cases/${c.id}`}>{c.caseNumber}</Link>
                    </td>
                    <td>
                      {c.forwardDueAt ? formatDateTime(c.forwardDueAt, locale) : "—"}
                      {late && <strong className="late-tag"> ⚠ {w("inbox.overdue")}</strong>}
                      {c.dueSoon && <strong className="soon-tag"> · {w("inbox.dueSoon")}</strong>}
                    </td>
                    <td>{w(`source.${c.source}` as SafetyWord)}</td>
                    <td>
                      {c.serious ? <strong>{w("inbox.serious")}</strong> : w("inbox.nonSerious")}
                      {c.specialSituations.length > 0 && (
                        <span className="small muted">
                          {" "}
                          · {c.specialSituations.map((s) => w(`situation.${s}` as SafetyWord)).join("、")}
                        </span>
                      )}
                    </td>
                    <td className="verbatim">
                      {c.events.map((e) => e.verbatim).join("；") || c.description || "—"}
                    </td>
                    <td>{c.valid ? w("inbox.valid") : w("inbox.invalid", { n: c.missing.length })}</td>
                    <td>{w(`status.${c.status}` as SafetyWord)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
