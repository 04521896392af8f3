// The assistant's monthly calls: who is due, lowest adherence first, and a quick way to record
// how the call went. An escalation goes to the doctor's triage list.
import {
  FOLLOW_UP_OUTCOMES,
  type FollowUpOutcome,
  followUpBody,
  formatReason,
  type MissedDoseReason,
} from "@steady/shared";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { uuidv7 } from "uuidv7";
import { useFollowUps, useRecordCall, type WorklistRowView } from "../api/queries";
import { Meter } from "../components/Meter";
import { QueryFallback } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { TierBadge } from "../components/TierBadge";
import { useI18n } from "../i18n/i18n";
import { fieldMessages } from "../lib/forms";
import { OUTCOME_KEY } from "../lib/outcomes";
import { MissedReasonTicks } from "../safety/pickers";
import { type SafetyAnswer, SafetyQuestion, safetyOf } from "../safety/SafetyQuestion";
import { useSafetyWords } from "../safety/words";

export function FollowUpsPage() {
  const { t } = useI18n();
  const list = useFollowUps();
  if (!list.isSuccess) return <QueryFallback query={list} />;
  const rows = list.data.rows;
  return (
    <section className="page" aria-labelledby="fu-title">
      <div className="page-head">
        <h1 id="fu-title">{t("followUps.title")}</h1>
        <p className="muted">{t("followUps.subtitle", { n: rows.length })}</p>
      </div>
      {rows.length === 0 ? (
        <p className="empty">✓ {t("followUps.none")}</p>
      ) : (
        <ol className="plain worklist">
          {rows.map((r) => (
            <WorklistItem key={r.patientId} row={r} />
          ))}
        </ol>
      )}
    </section>
  );
}

function WorklistItem({ row }: { row: WorklistRowView }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <li className={`card worklist-item${row.calledToday ? " done-today" : ""}`} data-testid="worklist-row">
      <div className="worklist-head">
        <span className="grow">
          <Link to={`/patients/${row.patientId}`} className="name">
            {row.name}
          </Link>{" "}
          <TierBadge tier={row.tier} />
          <span className="muted small"> · {row.doctorName}</span>
          <br />
          <span className="small">
            {row.overdueDays > 0
              ? t("followUps.overdue", { days: row.overdueDays })
              : t("followUps.dueToday")}
            {row.attempts > 0 && ` · ${t("followUps.attempts", { n: row.attempts })}`}
            {row.calledToday &&
              row.lastCall &&
              ` · ${t("followUps.calledToday", { outcome: t(OUTCOME_KEY[row.lastCall.outcome]) })}`}
          </span>
          {row.reasonCodes.length > 0 && (
            <span className="small muted">
              {" "}
              · {row.reasonCodes.map((c) => formatReason(c, locale)).join(" · ")}
            </span>
          )}
        </span>
        <span className="worklist-figures">
          <Meter value={row.doseAdherence14d} goal={0.8} label={t("triage.col.adherence")} />
        </span>
        {row.phone ? (
          <a className="button phone" href={`tel:${row.phone}`}>
            ☎ {row.phone}
          </a>
        ) : (
          <span className="muted small phone">{t("followUps.noPhone")}</span>
        )}
        <button type="button" className="primary" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t("followUps.record")}
        </button>
      </div>
      {open && <CallForm patientId={row.patientId} name={row.name} onDone={() => setOpen(false)} />}
    </li>
  );
}

export function CallForm({
  patientId,
  name,
  onDone,
}: {
  patientId: string;
  name: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { w } = useSafetyWords();
  const [outcome, setOutcome] = useState<FollowUpOutcome | null>(null);
  const [note, setNote] = useState("");
  const [safety, setSafety] = useState<SafetyAnswer>({
    anyEvent: null,
    description: "",
    seriousness: [],
    specialSituations: [],
  });
  const [missed, setMissed] = useState<MissedDoseReason[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [id] = useState(uuidv7);
  const record = useRecordCall(patientId);
  // On a call that reached the patient the safety question is mandatory (GVP: solicited source).
  const talked = outcome === "reached" || outcome === "escalated";

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!outcome) return setErrors({ outcome: t("followUps.pickOutcome") });
    const answered = talked ? safetyOf(safety) : null;
    if (answered && "error" in answered) return setErrors({ "safety.description": w("call.describe") });
    // The API's own schema: a reached call without the safety answer fails on `safety`.
    const parsed = followUpBody.safeParse({
      id,
      outcome,
      ...(note.trim() ? { note } : {}),
      ...(answered ? { safety: answered.safety } : {}),
      ...(talked && missed.length ? { missedDoseReasons: missed } : {}),
    });
    if (!parsed.success) {
      const m = fieldMessages(parsed.error);
      return setErrors({
        ...m,
        ...(m.note ? { note: t("followUps.escalateWhy") } : {}),
        ...(m.safety ? { safety: w("call.askSafety") } : {}),
      });
    }
    setErrors({});
    await record.mutateAsync(parsed.data);
    onDone();
  }

  return (
    <form
      className="call-form"
      onSubmit={submit}
      aria-label={t("followUps.formLabel", { name })}
      data-testid="call-form"
    >
      <fieldset>
        <legend>{t("followUps.outcome")}</legend>
        {FOLLOW_UP_OUTCOMES.map((o) => (
          <label key={o} className="radio">
            <input
              type="radio"
              name={`outcome-${patientId}`}
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />
            {t(OUTCOME_KEY[o])}
          </label>
        ))}
        {errors.outcome && <span className="field-error">{errors.outcome}</span>}
      </fieldset>
      <label>
        {t("followUps.note")}
        {outcome === "escalated" ? <span className="small"> ({t("followUps.required")})</span> : null}
        <textarea
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={!!errors.note}
        />
        {errors.note && <span className="field-error">{errors.note}</span>}
      </label>
      {talked && (
        <>
          <SafetyQuestion
            name={`safety-${patientId}`}
            value={safety}
            onChange={setSafety}
            error={errors.safety}
            descriptionError={errors["safety.description"]}
          />
          <MissedReasonTicks legend={w("call.missed")} value={missed} onChange={setMissed} />
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={record.isPending}>
          {t("form.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("form.cancel")}
        </button>
      </div>
      {record.error && <ErrorBox error={record.error} />}
    </form>
  );
}
