// The programme manager's safety figures: counts by month, source and seriousness, and timeliness
// (share forwarded on time, median hours to forward). Counts only (small ones arrive as "<5" or
// withheld); no case content ever reaches here.
import { type CountCell, type SafetyReport, useSafetyReport } from "../api/safety";
import { QueryState } from "../components/QueryState";
import { percent } from "../lib/format";
import { type SafetyWord, useSafetyWords } from "./words";

const cell = (c: CountCell | undefined) => (c === undefined || c === "hidden" ? "—" : String(c));

/** The timeliness line, shared by the manager's card and the officer's inbox. */
export function Timeliness({ t }: { t: SafetyReport["timeliness"] }) {
  const { w } = useSafetyWords();
  return (
    <p className="kpi-line" data-testid="timeliness">
      {w("report.onTime")}: <strong data-testid="on-time">{percent(t.shareForwardedOnTime)}</strong>
      {" · "}
      {w("report.median")}:{" "}
      <strong data-testid="median-hours">
        {t.medianHoursToForward == null ? "—" : w("report.hours", { n: t.medianHoursToForward })}
      </strong>
      {" · "}
      {w("report.due")}: <strong>{cell(t.due)}</strong>
    </p>
  );
}

export function SafetyCountsCard() {
  const { w } = useSafetyWords();
  const report = useSafetyReport();
  return (
    <section className="card" aria-labelledby="safety-report-title" data-testid="safety-counts">
      <h2 id="safety-report-title">{w("report.title")}</h2>
      <QueryState query={report}>
        {(data) => (
          <>
            <p className="kpi-line">
              {w("report.total")}: <strong>{cell(data.total)}</strong>
            </p>
            <Timeliness t={data.timeliness} />
            <div className="three-col">
              <Table
                title={w("report.byMonth")}
                rows={Object.entries(data.byMonth).map(([m, n]) => [m, cell(n)])}
              />
              <Table
                title={w("report.bySource")}
                rows={Object.entries(data.bySource).map(([s, n]) => [
                  w(`source.${s}` as SafetyWord),
                  cell(n),
                ])}
              />
              <Table
                title={w("report.bySeriousness")}
                rows={Object.entries(data.bySeriousness).map(([s, n]) => [
                  w(s === "serious" ? "inbox.serious" : "inbox.nonSerious"),
                  cell(n),
                ])}
              />
            </div>
            <p className="muted small">{w("report.note")}</p>
          </>
        )}
      </QueryState>
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
