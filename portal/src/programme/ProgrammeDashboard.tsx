// The programme manager's dashboard: enrolment against target, 3-month adherence against
// baseline and target, BP control, by region and clinic, cohort retention, CSV exports. Every
// figure is an aggregate from the suppressed release; nothing here is per patient or per doctor.
import { useMemo } from "react";
import { Link } from "react-router";
import { type ChartOption, EChart } from "../charts/EChart";
import { QueryFallback } from "../components/QueryState";
import { percent } from "../lib/format";
import { SafetyCountsCard } from "../safety/SafetyCountsCard";
import { countText, type ProgrammeReportView, useProgrammeReport } from "./api";
import { Count, PrivacyNote, Share, StageBadge } from "./cells";
import { useWords } from "./words";

type W = ReturnType<typeof useWords>["w"];

export function ProgrammeDashboard() {
  const { w } = useWords();
  const report = useProgrammeReport();
  if (!report.isSuccess) return <QueryFallback query={report} />;
  const r = report.data;
  return (
    <section className="page" data-testid="programme-dashboard">
      <div className="page-head">
        <h1>
          {w("prog.title")} <span className="muted">· {r.programme.name}</span>
        </h1>
        <p className="muted">
          {w("dataThrough", { date: r.dataThrough })} {r.pending > 0 && w("pending", { n: r.pending })}
        </p>
      </div>
      <Kpis r={r} />
      <div className="two-col">
        <EnrolmentChart r={r} />
        <MonthlyChart r={r} />
      </div>
      <Regions r={r} />
      <Clinics r={r} />
      <Cohorts r={r} />
      <SafetyCountsCard />
      <div className="card exports">
        <strong>{w("prog.exports")}</strong>
        {(["clinics", "regions", "months", "cohorts"] as const).map((t) => (
          <a key={t} className="button" href={`/api/v1/reports/programme.csv?table=${t}`} download>
            {w(`prog.export.${t}`)} (CSV)
          </a>
        ))}
      </div>
    </section>
  );
}

function Kpis({ r }: { r: ProgrammeReportView }) {
  const { w } = useWords();
  const t = r.programme.targets;
  const enrolled = typeof r.totals.enrolled === "number" ? r.totals.enrolled : null;
  const adh = r.totals.adherence90d;
  return (
    <dl className="kpis card" data-testid="kpis">
      <div>
        <dt>{w("prog.enrolled")}</dt>
        <dd>
          <Count value={r.totals.enrolled} />
          <div className="sub">
            {w("prog.ofTarget", {
              target: t.enrolmentTarget,
              pct: enrolled == null ? "—" : percent(enrolled / t.enrolmentTarget),
            })}
          </div>
        </dd>
      </div>
      <div>
        <dt>{w("prog.adherence")}</dt>
        <dd className={adh == null ? "" : adh >= t.targetAdherence ? "goal-met" : "goal-missed"}>
          <Share value={adh} num={r.totals.adherent90d} den={r.totals.eligible90d} />
          <div className="sub">
            {w("prog.adherenceSub", {
              baseline: percent(t.baselineAdherence),
              target: percent(t.targetAdherence),
              n: countText(r.totals.eligible90d),
            })}
          </div>
        </dd>
      </div>
      <div>
        <dt>{w("prog.bp")}</dt>
        <dd>
          <Share value={r.totals.bpControlRate} num={r.totals.bpControlled7d} den={r.totals.bpAssessed7d} />
          <div className="sub">
            {w("prog.bpSub", {
              n: countText(r.totals.bpAssessed7d),
            })}
          </div>
        </dd>
      </div>
      <div data-testid="kpi-pdc">
        <dt>{w("prog.pdc")}</dt>
        <dd>
          <Share
            value={r.totals.supplyAdherence90d}
            num={r.totals.supplyAdherent90d}
            den={r.totals.supplyAssessed90d}
          />
          <div className="sub">{w("prog.pdcSub", { n: countText(r.totals.supplyAssessed90d) })}</div>
        </dd>
      </div>
      <div data-testid="kpi-refill">
        <dt>{w("prog.refill")}</dt>
        <dd>
          <Share
            value={r.totals.refillOnTimeRate}
            num={r.totals.refillsOnTime90d}
            den={r.totals.refillsDue90d}
          />
          <div className="sub">{w("prog.refillSub", { n: countText(r.totals.refillsDue90d) })}</div>
        </dd>
      </div>
      <div>
        <dt>{w("prog.active")}</dt>
        <dd>
          <Count value={r.totals.active7d} />
        </dd>
      </div>
    </dl>
  );
}

function EnrolmentChart({ r }: { r: ProgrammeReportView }) {
  const { w } = useWords();
  const target = r.programme.targets.enrolmentTarget;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 24, top: 30, bottom: 24 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [w("prog.cumulative")] },
      xAxis: { type: "category", data: r.enrolment.map((e) => e.month) },
      yAxis: { type: "value", max: (v: { max: number }) => Math.max(v.max, target) },
      series: [
        {
          name: w("prog.cumulative"),
          type: "line",
          data: r.enrolment.map((e) => e.cumulative),
          itemStyle: { color: "#0f766e" },
          markLine: {
            symbol: "none",
            lineStyle: { type: "dashed", color: "#b91c1c" },
            // Inside the plot above the line: at the end outside it, "目标" was clipped to "目".
            label: { formatter: `${w("prog.target")} ${target}`, position: "insideEndTop" },
            data: [{ yAxis: target }],
          },
        },
      ],
    }),
    [r, target, w],
  );
  return (
    <div className="card">
      <h2>{w("prog.enrolmentChart")}</h2>
      <EChart
        option={option}
        height={240}
        summary={w("prog.enrolmentSummary", { target })}
        testId="enrolment-chart"
      />
    </div>
  );
}

function MonthlyChart({ r }: { r: ProgrammeReportView }) {
  const { w } = useWords();
  const t = r.programme.targets;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 24, top: 30, bottom: 24 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: r.monthly.map((m) => m.month) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        {
          name: w("col.adherence"),
          type: "line",
          connectNulls: false,
          data: r.monthly.map((m) => (m.adherence == null ? null : Math.round(m.adherence * 100))),
          itemStyle: { color: "#1d4ed8" },
          markLine: {
            symbol: "none",
            data: [
              {
                yAxis: Math.round(t.baselineAdherence * 100),
                label: { formatter: `${w("prog.baseline")} {c}%`, position: "insideEndBottom" },
                lineStyle: { color: "#6b7280", type: "dotted" },
              },
              {
                yAxis: Math.round(t.targetAdherence * 100),
                label: { formatter: `${w("prog.target")} {c}%`, position: "insideEndTop" },
                lineStyle: { color: "#166534", type: "dashed" },
              },
            ],
          },
        },
      ],
    }),
    [r, t, w],
  );
  return (
    <div className="card">
      <h2>{w("prog.monthlyChart")}</h2>
      <EChart option={option} height={240} summary={w("prog.monthlySummary")} testId="monthly-chart" />
    </div>
  );
}

function OutcomeHead({ first, w, extra }: { first: string; w: W; extra?: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {extra && <th scope="col">{extra}</th>}
        {(
          [
            "col.enrolled",
            "col.active7d",
            "col.eligible90d",
            "col.adherent90d",
            "col.adherence90d",
            "col.bpAssessed",
            "col.bpRate",
            "col.pdc",
            "col.refillOnTime",
          ] as const
        ).map((k) => (
          <th key={k} scope="col" className="right">
            {w(k)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

type Outcomes = ProgrammeReportView["totals"];
function OutcomeCells({ o }: { o: Outcomes }) {
  return (
    <>
      <td className="right">
        <Count value={o.enrolled} />
      </td>
      <td className="right">
        <Count value={o.active7d} />
      </td>
      <td className="right">
        <Count value={o.eligible90d} />
      </td>
      <td className="right">
        <Count value={o.adherent90d} />
      </td>
      <td className="right">
        <Share value={o.adherence90d} num={o.adherent90d} den={o.eligible90d} />
      </td>
      <td className="right">
        <Count value={o.bpAssessed7d} />
      </td>
      <td className="right">
        <Share value={o.bpControlRate} num={o.bpControlled7d} den={o.bpAssessed7d} />
      </td>
      <td className="right">
        <Share value={o.supplyAdherence90d} num={o.supplyAdherent90d} den={o.supplyAssessed90d} />
      </td>
      <td className="right">
        <Share value={o.refillOnTimeRate} num={o.refillsOnTime90d} den={o.refillsDue90d} />
      </td>
    </>
  );
}

function Regions({ r }: { r: ProgrammeReportView }) {
  const { w } = useWords();
  return (
    <div className="card table-scroll">
      <h2>{w("prog.byRegion")}</h2>
      <table className="data" data-testid="regions">
        <OutcomeHead first={w("col.region")} extra={w("col.clinics")} w={w} />
        <tbody>
          {r.regions.map((g) => (
            <tr key={g.region}>
              <th scope="row">{g.region}</th>
              <td>{g.clinics}</td>
              <OutcomeCells o={g} />
            </tr>
          ))}
        </tbody>
      </table>
      <PrivacyNote />
    </div>
  );
}

function Clinics({ r }: { r: ProgrammeReportView }) {
  const { w } = useWords();
  return (
    <div className="card table-scroll">
      <h2>{w("prog.byClinic")}</h2>
      <table className="data" data-testid="clinics">
        <OutcomeHead first={w("col.clinic")} extra={w("col.stage")} w={w} />
        <tbody>
          {r.clinics.map((c) => (
            <tr key={c.clinicId}>
              <th scope="row">
                <Link to={`/programme/clinics/${c.clinicId}`}>{c.name}</Link>
                <div className="muted small">
                  {c.city} · {c.level} · {c.region}
                </div>
              </th>
              <td>
                <StageBadge stage={c.stage} />
              </td>
              <OutcomeCells o={c} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cohorts({ r }: { r: ProgrammeReportView }) {
  const { w } = useWords();
  // Months without enrolments (or with a withheld size) have nothing to show.
  const cohorts = r.cohorts.filter((c) => typeof c.size === "number");
  const maxOffset = Math.max(0, ...cohorts.map((c) => c.retained.length - 1));
  const offsets = Array.from({ length: maxOffset + 1 }, (_, k) => k);
  return (
    <div className="card table-scroll">
      <h2>{w("prog.cohorts")}</h2>
      <p className="muted small">{w("prog.cohortsHint")}</p>
      <table className="data compact cohort" data-testid="cohorts">
        <thead>
          <tr>
            <th scope="col">{w("col.month")}</th>
            <th scope="col" className="right">
              {w("prog.cohortSize")}
            </th>
            {offsets.map((k) => (
              <th key={k} scope="col" className="right">
                {w("prog.monthN", { n: k })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => (
            <tr key={c.month}>
              <th scope="row">{c.month}</th>
              <td className="right">
                <Count value={c.size} />
              </td>
              {offsets.map((k) => {
                const x = c.retained[k];
                const share = x?.share ?? null;
                return (
                  <td
                    key={k}
                    className="heat"
                    style={
                      share == null ? undefined : { background: `rgba(15, 118, 110, ${0.1 + share * 0.5})` }
                    }
                  >
                    {x ? percent(share) : ""}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
