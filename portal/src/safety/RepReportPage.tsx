// The rep's write-only adverse-event report: who told them, about whom (initials, sex, age only),
// which medicine, what was said and on which day they heard it. The answer is a case number; the
// rep's list shows receipts (number and date), never case content.
import {
  REPORTER_QUALIFICATIONS,
  type ReporterQualification,
  repReportBody,
  type SpecialSituation,
} from "@steady/shared";
import { type FormEvent, useState } from "react";
import { uuidv7 } from "uuidv7";
import { useRepReceipts, useRepReport } from "../api/safety";
import { QueryState } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { fieldMessages, todayLocal } from "../lib/forms";
import { SituationTicks } from "./pickers";
import { type SafetyWord, useSafetyWords } from "./words";

export default function RepReportPage() {
  const { w } = useSafetyWords();
  const [formKey, setFormKey] = useState(0);
  const [caseNumber, setCaseNumber] = useState<string | null>(null);
  return (
    <section className="page narrow" aria-labelledby="rep-ae-title" data-testid="rep-ae-page">
      <h1 id="rep-ae-title">{w("rep.title")}</h1>
      {caseNumber ? (
        <div className="card" role="status" data-testid="rep-ae-done">
          <p>
            {w("rep.done")} <strong data-testid="case-number">{caseNumber}</strong>
          </p>
          <button
            type="button"
            onClick={() => {
              setCaseNumber(null);
              setFormKey((k) => k + 1);
            }}
          >
            {w("rep.another")}
          </button>
        </div>
      ) : (
        <RepForm key={formKey} onDone={setCaseNumber} />
      )}
      <Receipts />
    </section>
  );
}

function RepForm({ onDone }: { onDone: (n: string) => void }) {
  const { w } = useSafetyWords();
  const [id] = useState(uuidv7);
  const [qual, setQual] = useState<ReporterQualification | null>(null);
  const [reporterName, setReporterName] = useState("");
  const [reporterContact, setReporterContact] = useState("");
  const [initials, setInitials] = useState("");
  const [sex, setSex] = useState<"" | "female" | "male" | "unknown">("");
  const [age, setAge] = useState("");
  const [drug, setDrug] = useState("");
  const [description, setDescription] = useState("");
  const [situations, setSituations] = useState<SpecialSituation[]>([]);
  const [awareOn, setAwareOn] = useState(() => todayLocal());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useRepReport();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      id,
      reporterQualification: qual ?? undefined,
      ...(reporterName.trim() ? { reporterName: reporterName.trim() } : {}),
      ...(reporterContact.trim() ? { reporterContact: reporterContact.trim() } : {}),
      patient: {
        ...(initials.trim() ? { initials: initials.trim() } : {}),
        ...(sex ? { sex } : {}),
        ...(age.trim() ? { ageYears: Number(age) } : {}),
      },
      drug,
      description,
      ...(situations.length ? { specialSituations: situations } : {}),
      awareOn,
    };
    const parsed = repReportBody.safeParse(body);
    if (!parsed.success) {
      const m = fieldMessages(parsed.error);
      // The required fields say so in the reader's words; the rest keep the schema's message.
      for (const k of ["drug", "description", "reporterQualification"]) if (m[k]) m[k] = w("form.required");
      return setErrors(m);
    }
    setErrors({});
    const receipt = await send.mutateAsync(parsed.data);
    onDone(receipt.caseNumber);
  }

  const err = (k: string) => errors[k] && <span className="field-error">{errors[k]}</span>;
  return (
    <form className="card ae-form" onSubmit={submit} noValidate data-testid="rep-ae-form">
      <p className="muted">{w("rep.intro")}</p>
      <fieldset>
        <legend>{w("rep.qualification")}</legend>
        {REPORTER_QUALIFICATIONS.map((q) => (
          <label key={q} className="radio">
            <input type="radio" name="qualification" checked={qual === q} onChange={() => setQual(q)} />
            {w(`qual.${q}` as SafetyWord)}
          </label>
        ))}
        {errors.reporterQualification && <span className="field-error">{w("form.required")}</span>}
      </fieldset>
      <div className="row">
        <label>
          {w("rep.reporterName")}
          <input value={reporterName} onChange={(e) => setReporterName(e.target.value)} />
        </label>
        <label>
          {w("rep.reporterContact")}
          <input value={reporterContact} onChange={(e) => setReporterContact(e.target.value)} />
        </label>
      </div>
      <fieldset>
        <legend>{w("rep.patient")}</legend>
        <div className="row">
          <label>
            {w("rep.initials")}
            <input value={initials} maxLength={10} onChange={(e) => setInitials(e.target.value)} />
            {err("patient.initials")}
          </label>
          <label>
            {w("rep.sex")}
            <select value={sex} onChange={(e) => setSex(e.target.value as typeof sex)}>
              <option value="">—</option>
              <option value="female">{w("sex.female")}</option>
              <option value="male">{w("sex.male")}</option>
              <option value="unknown">{w("sex.unknown")}</option>
            </select>
          </label>
          <label>
            {w("rep.age")}
            <input inputMode="numeric" value={age} onChange={(e) => setAge(e.target.value)} />
            {err("patient.ageYears")}
          </label>
        </div>
      </fieldset>
      <label>
        {w("rep.drug")} <span className="small">({w("form.required")})</span>
        <input value={drug} onChange={(e) => setDrug(e.target.value)} aria-invalid={!!errors.drug} />
        {err("drug")}
      </label>
      <label>
        {w("rep.description")} <span className="small">({w("form.required")})</span>
        <textarea
          rows={4}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={!!errors.description}
        />
        {err("description")}
      </label>
      <SituationTicks legend={w("ae.situations")} value={situations} onChange={setSituations} />
      <label>
        {w("rep.awareOn")}
        <input type="date" value={awareOn} max={todayLocal()} onChange={(e) => setAwareOn(e.target.value)} />
        {err("awareOn")}
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={send.isPending}>
          {w("form.send")}
        </button>
      </div>
      {send.error && <ErrorBox error={send.error} />}
    </form>
  );
}

function Receipts() {
  const { w, locale } = useSafetyWords();
  const receipts = useRepReceipts();
  return (
    <section className="card" aria-labelledby="receipts-title">
      <h2 id="receipts-title">{w("rep.receipts")}</h2>
      <QueryState query={receipts} isEmpty={(rows) => rows.length === 0} empty={w("rep.noReceipts")}>
        {(rows) => (
          <table className="data" data-testid="receipts">
            <thead>
              <tr>
                <th scope="col">{w("inbox.col.case")}</th>
                <th scope="col">{w("rep.receivedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.caseNumber}>
                  <td>{r.caseNumber}</td>
                  <td>{formatDateTime(r.awareAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
