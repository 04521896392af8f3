// The programme manager's safety figures: counts by month, source and seriousness, and the share
// forwarded on time. Counts only (small ones arrive as "<5"); no case content ever reaches here.
import { type CountCell, useSafetyReport } from "../api/safety";
import { ErrorBox, Loading } from "../components/Status";
import { percent } from "../lib/format";
import { type SafetyWord, useSafetyWords } from "./words";

const cell = (c: CountCell | undefined) => (c === undefined ? "—" : c === "hidden" ? "—" : String(c));

export function SafetyCountsCard() {
  const { w } = useSafetyWords();
  const report = useSafetyReport();
  return (
    <section className="card" aria-labelledby="safety-report-title" data-testid="safety-counts">
      <h2 id="safety-report-title">{w("report.title")}</h2>
      {report.isPending ? (
        <Loading />
      ) : report.error ? (
        <ErrorBox error={report.error} />
      ) : (
        <>
          <p className="kpi-line">
            {report.data.total !== undefined && (
              <span>
                {w("report.total")}: <strong>{cell(report.data.total)}</strong>
                {" · "}
              </span>
            )}
            {w("report.onTime")}:{" "}
            <strong data-testid="on-time">{percent(report.data.forwardedOnTime)}</strong>
          </p>
          <div className="three-col">
            <Table
              title={w("report.byMonth")}
              rows={(report.data.byMonth ?? []).map((r) => [r.month, cell(r.count)])}
            />
            <Table
              title={w("report.bySource")}
              rows={(report.data.bySource ?? []).map((r) => [
                w(`source.${r.source}` as SafetyWord),
                cell(r.count),
              ])}
            />
            <Table
              title={w("report.bySeriousness")}
              rows={(report.data.bySeriousness ?? []).map((r) => [
                w(r.serious ? "inbox.serious" : "inbox.nonSerious"),
                cell(r.count),
              ])}
            />
          </div>
          <p className="muted small">{w("report.note")}</p>
        </>
      )}
    </section>
  );
}

function Table({ title, rows }: { title: string; rows: string[][] }) {
  return (
    <table className="data">
      <caption>{title}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td className="num">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
