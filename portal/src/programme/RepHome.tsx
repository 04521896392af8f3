// A rep's home: the clinics they onboarded with stage and aggregates (clinic level only), and a
// form to sign up a new one.
import { CLINIC_LEVELS, clinicCreateBody, REGIONS } from "@steady/shared";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { QueryState } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { type ClinicReportRow, useClinicReport, useCreateClinic } from "./api";
import { Count, PrivacyNote, Share, StageBadge } from "./cells";
import { useWords } from "./words";

export function RepHome() {
  const { w } = useWords();
  const report = useClinicReport();
  const rows = report.data ?? [];
  return (
    <section className="page" data-testid="rep-home">
      <div className="page-head">
        <h1>{w("rep.title")}</h1>
        <p className="muted">
          {w("rep.subtitle")} {rows[0] && w("dataThrough", { date: rows[0].dataThrough })}
        </p>
      </div>
      <div className="card">
        <QueryState query={report} isEmpty={(r) => r.length === 0} empty={w("rep.none")}>
          {(r) => <ClinicTable rows={r} />}
        </QueryState>
        <PrivacyNote />
        <a className="button" href="/api/v1/reports/clinics.csv" download>
          {w("exportCsv")}
        </a>
      </div>
      <NewClinicForm />
    </section>
  );
}

function ClinicTable({ rows }: { rows: ClinicReportRow[] }) {
  const { w } = useWords();
  return (
    <div className="table-scroll">
      <table className="data" data-testid="rep-clinics">
        <thead>
          <tr>
            <th scope="col">{w("col.clinic")}</th>
            <th scope="col">{w("col.city")}</th>
            <th scope="col">{w("col.stage")}</th>
            <th scope="col" className="right">
              {w("col.enrolled")}
            </th>
            <th scope="col" className="right">
              {w("col.active7d")}
            </th>
            <th scope="col" className="right">
              {w("col.eligible90d")}
            </th>
            <th scope="col" className="right">
              {w("col.adherence90d")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.clinicId} data-clinic={r.clinicId}>
              <th scope="row">
                <Link to={`/programme/clinics/${r.clinicId}`}>{r.name}</Link>
              </th>
              <td>
                {r.city} · {r.level}
              </td>
              <td>
                <StageBadge stage={r.stage} />
              </td>
              <td className="right" data-col="enrolled">
                <Count value={r.enrolled} />
              </td>
              <td className="right" data-col="active7d">
                <Count value={r.active7d} />
              </td>
              <td className="right">
                <Count value={r.eligible90d} />
              </td>
              <td className="right">
                <Share value={r.adherence90d} num={r.adherent90d} den={r.eligible90d} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewClinicForm() {
  const { w } = useWords();
  const create = useCreateClinic();
  const navigate = useNavigate();
  const [f, setF] = useState({ hospital: "", department: "", city: "", level: "三级", region: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = clinicCreateBody.safeParse({
      hospital: f.hospital,
      department: f.department,
      city: f.city,
      level: f.level,
      ...(f.region ? { region: f.region } : {}),
    });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), w("form.required")])));
      return;
    }
    setErrors({});
    const clinic = await create.mutateAsync(parsed.data);
    navigate(`/programme/clinics/${clinic.id}`);
  }

  const field = (k: "hospital" | "department" | "city", label: string) => (
    <label>
      {label}
      <input value={f[k]} onChange={set(k)} aria-invalid={Boolean(errors[k])} />
      {errors[k] && <span className="error small">{errors[k]}</span>}
    </label>
  );
  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="new-clinic">
      <h2 id="new-clinic">{w("new.title")}</h2>
      {field("hospital", w("new.hospital"))}
      {field("department", w("new.department"))}
      {field("city", w("new.city"))}
      <label>
        {w("new.level")}
        <select value={f.level} onChange={set("level")}>
          {CLINIC_LEVELS.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <label>
        {w("new.region")}
        <select value={f.region} onChange={set("region")}>
          <option value="">{w("new.regionAuto")}</option>
          {REGIONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      {create.error && <ErrorBox error={create.error} />}
      <div>
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? w("form.saving") : w("new.submit")}
        </button>
      </div>
    </form>
  );
}
