// One clinic: its stage, signed agreement, team and invites, enrolment codes with their posters,
// and its aggregate results by month. Reps change onboarding; managers and admins only read.
import { agreementBody, inviteBody } from "@steady/shared";
import { type FormEvent, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { useMe } from "../api/queries";
import { QueryFallback } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { NotFoundPage } from "../pages/NotFoundPage";
import {
  type ClinicDetail,
  type ClinicReportRow,
  useApproveInvite,
  useClinic,
  useClinicReport,
  useInviteToClinic,
  useRecordAgreement,
  useReplaceCode,
  useRevokeCode,
} from "./api";
import { Count, PrivacyNote, Share } from "./cells";
import "./programme.css";
import { type ChartOption, EChart } from "../charts/EChart";
import { STAGES } from "./stage";
import { useWords, type Word } from "./words";

export default function ClinicPage() {
  const { id = "" } = useParams();
  const clinic = useClinic(id);
  const report = useClinicReport();
  const me = useMe();
  const { w } = useWords();
  if (!clinic.isSuccess) return <QueryFallback query={clinic} notFound={<NotFoundPage />} />;
  const c = clinic.data;
  const canEdit = me.data?.role === "rep";
  const row = report.data?.find((r) => r.clinicId === id);
  return (
    <section className="page" data-testid="clinic-page">
      <p>
        <Link to="/programme">{w("clinic.back")}</Link>
      </p>
      <div className="page-head">
        <h1>{c.name}</h1>
        <p className="muted">
          {c.city} · {c.level} · {c.region}
        </p>
        <Stepper stage={c.stage} />
      </div>
      <div className="two-col">
        <Agreement clinic={c} canEdit={canEdit} />
        <Team clinic={c} canEdit={canEdit} />
      </div>
      <Codes clinic={c} canEdit={canEdit} />
      {row && <Results row={row} />}
    </section>
  );
}

function Stepper({ stage }: { stage: ClinicDetail["stage"] }) {
  const { w } = useWords();
  const at = STAGES.indexOf(stage);
  return (
    <ol className="stepper" aria-label={w("stage.label")} data-testid="stage">
      {STAGES.map((s, i) => (
        <li
          key={s}
          className={i < at ? "done" : i === at ? "current" : ""}
          aria-current={i === at ? "step" : undefined}
        >
          <span aria-hidden="true">{i < at ? "✓" : i + 1}</span> {w(`stage.${s}`)}
        </li>
      ))}
    </ol>
  );
}

function Agreement({ clinic, canEdit }: { clinic: ClinicDetail; canEdit: boolean }) {
  const { w } = useWords();
  const record = useRecordAgreement(clinic.id);
  const [signedOn, setSignedOn] = useState("");
  const [documentRef, setRef] = useState("");
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = agreementBody.safeParse({ signedOn, documentRef });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.path.join(".")).join(", "));
    setError(null);
    await record.mutateAsync(parsed.data);
    setRef("");
  }
  return (
    <div className="card" data-testid="agreement">
      <h2>{w("clinic.agreement")}</h2>
      <p>
        {clinic.agreement
          ? w("clinic.agreementSigned", {
              date: clinic.agreement.signedOn,
              ref: clinic.agreement.documentRef,
            })
          : w("clinic.agreementNone")}
      </p>
      {canEdit && (
        <form className="inline-form" onSubmit={submit} noValidate>
          <label>
            {w("clinic.signedOn")}
            <input type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} />
          </label>
          <label>
            {w("clinic.documentRef")}
            <input value={documentRef} onChange={(e) => setRef(e.target.value)} />
          </label>
          <button type="submit" disabled={record.isPending}>
            {w("clinic.recordAgreement")}
          </button>
          {error && <span className="error small">⚠ {error}</span>}
          {record.error && <ErrorBox error={record.error} />}
        </form>
      )}
    </div>
  );
}

function Team({ clinic, canEdit }: { clinic: ClinicDetail; canEdit: boolean }) {
  const { w } = useWords();
  const me = useMe();
  const canApprove = me.data?.role === "admin";
  const approve = useApproveInvite();
  const invite = useInviteToClinic(clinic.id);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<"doctor" | "assistant">("doctor");
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = inviteBody.safeParse({ email, role, ...(name ? { name } : {}) });
    if (!parsed.success) return setError(w("clinic.inviteEmail"));
    setError(null);
    await invite.mutateAsync(parsed.data);
    setEmail("");
    setName("");
  }
  // The answer never holds a link: a rep's invite waits for approval, then goes to the invitee.
  const sent = invite.data;
  return (
    <div className="card" data-testid="team">
      <h2>{w("clinic.team")}</h2>
      {canEdit ? (
        // The rep: the team as counts; the API sends no names or emails to a rep.
        <div data-testid="team-counts">
          <p>
            {clinic.doctors + clinic.assistants
              ? w("clinic.teamCounts", { doctors: clinic.doctors, assistants: clinic.assistants })
              : w("clinic.noTeam")}
          </p>
          <p className="muted small">{w("clinic.teamPrivate")}</p>
        </div>
      ) : clinic.members.length ? (
        <ul className="plain">
          {clinic.members.map((m) => (
            <li key={m.id}>
              {m.name}{" "}
              <span className="muted small">
                · {w(`clinic.role.${m.role}` as Word)} · {m.email}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{w("clinic.noTeam")}</p>
      )}
      {canEdit && (
        <form className="inline-form" onSubmit={submit} noValidate aria-label={w("clinic.invite")}>
          <label>
            {w("clinic.inviteEmail")}
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            {w("clinic.inviteName")}
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {w("clinic.inviteRole")}
            <select value={role} onChange={(e) => setRole(e.target.value as "doctor" | "assistant")}>
              <option value="doctor">{w("clinic.role.doctor")}</option>
              <option value="assistant">{w("clinic.role.assistant")}</option>
            </select>
          </label>
          <button type="submit" className="primary" disabled={invite.isPending}>
            {w("clinic.sendInvite")}
          </button>
          {error && <span className="error small">⚠ {error}</span>}
          {invite.error && <ErrorBox error={invite.error} />}
        </form>
      )}
      {sent && (
        <p className="invite-link small" data-testid="invite-submitted" role="status">
          {w(sent.status === "pending_approval" ? "clinic.inviteWaiting" : "clinic.inviteSent", {
            email: sent.email,
          })}
        </p>
      )}
      {clinic.invites.length > 0 && (
        <details>
          <summary>{w("clinic.invites")}</summary>
          <ul className="plain small">
            {clinic.invites.map((i) => (
              <li key={i.id}>
                {i.email ? `${i.email} · ` : ""}
                {w(`clinic.role.${i.role}` as Word)} · {w(`clinic.inviteStatus.${i.status}` as Word)}
                {canApprove && i.status === "pending_approval" && (
                  <>
                    {" "}
                    <button
                      type="button"
                      disabled={approve.isPending}
                      onClick={() => approve.mutate({ clinicId: clinic.id, inviteId: i.id })}
                    >
                      {w("clinic.approve")}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Codes({ clinic, canEdit }: { clinic: ClinicDetail; canEdit: boolean }) {
  const { w } = useWords();
  const revoke = useRevokeCode();
  const replace = useReplaceCode();
  const act = (kind: "revoke" | "replace", code: string) => {
    const reason = window.prompt(w("clinic.reasonPrompt"))?.trim();
    if (!reason) return;
    (kind === "revoke" ? revoke : replace).mutate({ code, reason });
  };
  return (
    <div className="card" data-testid="codes">
      <h2>{w("clinic.codes")}</h2>
      {clinic.codes.length === 0 ? (
        <p className="muted">{w("clinic.noCodes")}</p>
      ) : (
        <table className="data">
          <tbody>
            {clinic.codes.map((k) => (
              <tr key={k.code} className={k.revokedAt ? "stopped" : ""}>
                <td>
                  <code>{k.code}</code>
                </td>
                <td>{k.doctorName}</td>
                <td>
                  {k.revokedAt
                    ? k.replacedBy
                      ? w("clinic.replacedBy", { code: k.replacedBy })
                      : w("clinic.revoked")
                    : null}
                </td>
                <td className="right">
                  {!k.revokedAt && (
                    <>
                      <Link className="button" to={`/programme/codes/${encodeURIComponent(k.code)}/poster`}>
                        {w("clinic.poster")}
                      </Link>{" "}
                      {canEdit && (
                        <>
                          <button type="button" onClick={() => act("replace", k.code)}>
                            {w("clinic.replace")}
                          </button>{" "}
                          <button type="button" onClick={() => act("revoke", k.code)}>
                            {w("clinic.revoke")}
                          </button>
                        </>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(revoke.error || replace.error) && <ErrorBox error={revoke.error ?? replace.error} />}
    </div>
  );
}

function Results({ row }: { row: ClinicReportRow }) {
  const { w, locale } = useWords();
  const option = useMemo<ChartOption>(() => trendOption(row, w), [row, w]);
  return (
    <div className="card" data-testid="clinic-results">
      <h2>{w("clinic.results")}</h2>
      <p className="muted small">{w("dataThrough", { date: row.dataThrough })}</p>
      <dl className="kpis">
        <div>
          <dt>{w("col.enrolled")}</dt>
          <dd data-testid="clinic-enrolled">
            <Count value={row.enrolled} />
          </dd>
        </div>
        <div>
          <dt>{w("col.active7d")}</dt>
          <dd>
            <Count value={row.active7d} />
          </dd>
        </div>
        <div>
          <dt>{w("col.eligible90d")}</dt>
          <dd>
            <Count value={row.eligible90d} />
          </dd>
        </div>
        <div>
          <dt>{w("col.adherence90d")}</dt>
          <dd>
            <Share value={row.adherence90d} num={row.adherent90d} den={row.eligible90d} />
          </dd>
        </div>
      </dl>
      <h3>{w("clinic.trend")}</h3>
      <EChart option={option} height={220} summary={w("clinic.trendSummary", { name: row.name })} />
      <table className="data compact" lang={locale}>
        <thead>
          <tr>
            <th scope="col">{w("col.month")}</th>
            <th scope="col" className="right">
              {w("col.newEnrolled")}
            </th>
            <th scope="col" className="right">
              {w("col.adherence")}
            </th>
          </tr>
        </thead>
        <tbody>
          {row.trend.map((p) => (
            <tr key={p.month}>
              <th scope="row">{p.month}</th>
              <td className="right">
                <Count value={p.enrolled} />
              </td>
              <td className="right">
                <Share value={p.adherence} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PrivacyNote />
    </div>
  );
}

/** New enrolments as bars (a "<5" month as a short hatched bar labelled "<5"), adherence as a line. */
function trendOption(row: ClinicReportRow, w: ReturnType<typeof useWords>["w"]): ChartOption {
  const months = row.trend.map((p) => p.month);
  return {
    grid: { left: 40, right: 40, top: 30, bottom: 24 },
    legend: { top: 0, data: [w("col.newEnrolled"), w("col.adherence")] },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: months },
    yAxis: [
      { type: "value", minInterval: 1 },
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    ],
    series: [
      {
        name: w("col.newEnrolled"),
        type: "bar",
        data: row.trend.map((p) =>
          typeof p.enrolled === "number"
            ? p.enrolled
            : {
                value: 0,
                label: { show: true, position: "top", formatter: p.enrolled === "<5" ? "<5" : "—" },
              },
        ),
        itemStyle: { color: "#0f766e" },
      },
      {
        name: w("col.adherence"),
        type: "line",
        yAxisIndex: 1,
        connectNulls: false,
        data: row.trend.map((p) => (p.adherence == null ? null : Math.round(p.adherence * 100))),
        itemStyle: { color: "#1d4ed8" },
      },
    ],
  };
}
