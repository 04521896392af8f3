// The medication plan, how it changed over time and who changed it; doctors edit it here.
import { planCreateBody, planPatchBody } from "@steady/shared";
import { type FormEvent, useState } from "react";
import { uuidv7 } from "uuidv7";
import { ApiError, isStale } from "../../api/client";
import { type PlanViewT, useCreatePlan, useStaff, useStopPlan, useUpdatePlan } from "../../api/queries";
import { ConflictNotice } from "../../components/Conflict";
import { ErrorBox } from "../../components/Status";
import { useI18n } from "../../i18n/i18n";
import { DASH, formatDateTime } from "../../lib/format";
import { apiFieldMessages, fieldMessages, parseTimes, todayLocal } from "../../lib/forms";

export function useWhoName() {
  const staff = useStaff();
  const { t } = useI18n();
  return (id: string | null) => {
    if (!id) return DASH;
    if (id === "patient") return t("plans.byPatient");
    return staff.data?.staff.find((s) => s.id === id)?.name ?? t("plans.byOther");
  };
}

export function PlanTable({
  plans,
  onEdit,
  showHistory = true,
}: {
  plans: PlanViewT[];
  onEdit?: (p: PlanViewT) => void;
  showHistory?: boolean;
}) {
  const { t, locale } = useI18n();
  const who = useWhoName();
  return (
    <table className="data" data-testid="plans">
      <thead>
        <tr>
          <th scope="col">{t("plans.drug")}</th>
          <th scope="col">{t("plans.dose")}</th>
          <th scope="col">{t("plans.times")}</th>
          <th scope="col">{t("plans.dates")}</th>
          {showHistory && <th scope="col">{t("plans.history")}</th>}
          {onEdit && (
            <th scope="col">
              <span className="visually-hidden">{t("plans.actions")}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {plans.map((p) => (
          <tr key={p.id} className={p.stoppedAt ? "stopped" : ""}>
            <td>
              {p.drug}
              {p.stoppedAt && (
                <span className="muted small">
                  {" "}
                  ({t("plans.stoppedOn", { date: formatDateTime(p.stoppedAt, locale) })})
                </span>
              )}
            </td>
            <td>{p.dose}</td>
            <td>{p.times.join(" · ")}</td>
            <td>
              {p.startDate} → {p.endDate ?? t("plans.ongoing")}
            </td>
            {showHistory && (
              <td>
                <details>
                  <summary>{t("plans.versions", { n: p.history.length })}</summary>
                  <ol className="history">
                    {p.history.map((h) => (
                      <li key={h.validFrom}>
                        {formatDateTime(h.validFrom, locale)} · {h.drug} {h.dose} · {h.times.join(" · ")} ·{" "}
                        <span className="muted">{who(h.changedBy)}</span>
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
            )}
            {onEdit && (
              <td>
                {!p.stoppedAt && (
                  <button type="button" onClick={() => onEdit(p)}>
                    {t("plans.edit")}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PlansSection({
  patientId,
  plans,
  isDoctor,
}: {
  patientId: string;
  plans: PlanViewT[];
  isDoctor: boolean;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<PlanViewT | "new" | null>(null);
  const active = plans.filter((p) => !p.stoppedAt);
  const stopped = plans.filter((p) => p.stoppedAt);
  return (
    <section className="card" aria-labelledby="plans-title">
      <h2 id="plans-title">{t("plans.title")}</h2>
      {active.length ? (
        <PlanTable plans={active} onEdit={isDoctor ? setEditing : undefined} />
      ) : (
        <p className="empty">{t("plans.none")}</p>
      )}
      {stopped.length > 0 && (
        <details>
          <summary>{t("plans.stopped", { n: stopped.length })}</summary>
          <PlanTable plans={stopped} />
        </details>
      )}
      {isDoctor &&
        (editing ? (
          <PlanForm
            key={editing === "new" ? "new" : editing.id}
            patientId={patientId}
            plan={editing === "new" ? null : editing}
            onDone={() => setEditing(null)}
          />
        ) : (
          <button type="button" onClick={() => setEditing("new")}>
            + {t("plans.add")}
          </button>
        ))}
      {!isDoctor && <p className="muted small">{t("plans.doctorOnly")}</p>}
    </section>
  );
}

type PlanFields = { drug: string; dose: string; times: string; endDate: string };
const fieldsOf = (p: PlanViewT): PlanFields => ({
  drug: p.drug,
  dose: p.dose,
  times: p.times.join(" "),
  endDate: p.endDate ?? "",
});

/** What the person changed, relative to the version they started from. */
function changes(form: PlanFields, base: PlanViewT) {
  return {
    ...(form.drug !== base.drug ? { drug: form.drug } : {}),
    ...(form.dose !== base.dose ? { dose: form.dose } : {}),
    ...(parseTimes(form.times).join() !== base.times.join() ? { times: parseTimes(form.times) } : {}),
    ...((form.endDate || null) !== base.endDate ? { endDate: form.endDate || null } : {}),
  };
}

function PlanForm({
  patientId,
  plan,
  onDone,
}: {
  patientId: string;
  plan: PlanViewT | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  // The version this edit is based on: its `version` goes out as If-Match (ADR 0011).
  const [base, setBase] = useState<PlanViewT | null>(plan);
  const [drug, setDrug] = useState(plan?.drug ?? "");
  const [dose, setDose] = useState(plan?.dose ?? "");
  const [times, setTimes] = useState(plan?.times.join(" ") ?? "08:00");
  const [startDate, setStartDate] = useState(todayLocal());
  const [endDate, setEndDate] = useState(plan?.endDate ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A save or stop that answered 412: what it tried, and the plan as it is stored now.
  const [conflict, setConflict] = useState<{ op: "edit" | "stop"; current: PlanViewT } | null>(null);
  const create = useCreatePlan(patientId);
  const update = useUpdatePlan(patientId);
  const stop = useStopPlan(patientId);
  const busy = create.isPending || update.isPending || stop.isPending;
  const err = create.error ?? update.error ?? stop.error;
  const form: PlanFields = { drug, dose, times, endDate };
  const setForm = (f: PlanFields) => {
    setDrug(f.drug);
    setDose(f.dose);
    setTimes(f.times);
    setEndDate(f.endDate);
  };

  async function save(on: PlanViewT, fields: PlanFields) {
    const parsed = planPatchBody.safeParse(changes(fields, on));
    if (!parsed.success) return setErrors(fieldMessages(parsed.error));
    setErrors({});
    await update.mutateAsync({ planId: on.id, patch: parsed.data, version: on.version });
    onDone();
  }

  async function stopOn(on: PlanViewT) {
    await stop.mutateAsync({ planId: on.id, version: on.version });
    onDone();
  }

  async function attempt(op: "edit" | "stop", run: () => Promise<unknown>) {
    try {
      await run();
    } catch (e) {
      if (isStale(e)) setConflict({ op, current: e.current as PlanViewT });
      else if (e instanceof ApiError && e.status === 422) setErrors(apiFieldMessages(e.errors));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (base) return attempt("edit", () => save(base, form));
    try {
      const parsed = planCreateBody.safeParse({
        id: uuidv7(),
        drug,
        dose,
        times: parseTimes(times),
        startDate,
        ...(endDate ? { endDate } : {}),
      });
      if (!parsed.success) return setErrors(fieldMessages(parsed.error));
      setErrors({});
      await create.mutateAsync(parsed.data);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(apiFieldMessages(e.errors));
    }
  }

  /** Re-applies the person's own changes on top of the stored version, and saves (or stops) again. */
  function redo() {
    if (!conflict || !base) return;
    const { op, current } = conflict;
    const mine = { ...fieldsOf(current), ...pickChanged(form, base) };
    setConflict(null);
    setBase(current);
    setForm(mine);
    void attempt(op, () => (op === "stop" ? stopOn(current) : save(current, mine)));
  }

  function discard() {
    if (!conflict) return;
    setConflict(null);
    if (conflict.current.stoppedAt) return onDone();
    setBase(conflict.current);
    setForm(fieldsOf(conflict.current));
  }

  // Per field: what the person started from, what they typed, what is stored now. A row shows
  // when either side changed it; a field the person left alone reads "unchanged", not its old value.
  const conflictRows = (() => {
    if (!conflict || !base) return [];
    const now = conflict.current;
    const text = (p: PlanViewT) => ({
      drug: p.drug,
      dose: p.dose,
      times: p.times.join(" "),
      endDate: p.endDate ?? t("plans.ongoing"),
      status: p.stoppedAt ? t("conflict.stopped") : t("conflict.active"),
    });
    const from = text(base);
    const theirs = text(now);
    const mine = {
      drug,
      dose,
      times: parseTimes(times).join(" "),
      endDate: endDate || t("plans.ongoing"),
      status: conflict.op === "stop" ? t("conflict.stopped") : from.status,
    };
    const labels = {
      drug: t("plans.drug"),
      dose: t("plans.dose"),
      times: t("plans.times"),
      endDate: t("plans.end"),
      status: t("plans.stop"),
    };
    return (Object.keys(labels) as (keyof typeof labels)[])
      .filter((k) => mine[k] !== from[k] || theirs[k] !== from[k])
      .map((k) => ({
        label: labels[k],
        mine: mine[k] !== from[k] ? mine[k] : t("conflict.unchanged"),
        theirs: theirs[k],
      }));
  })();

  const fieldError = (key: string) =>
    errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];

  return (
    <form
      className="plan-form"
      onSubmit={submit}
      aria-label={plan ? t("plans.editTitle", { drug: plan.drug }) : t("plans.add")}
      data-testid="plan-form"
    >
      <h3>{plan ? t("plans.editTitle", { drug: plan.drug }) : t("plans.add")}</h3>
      <label>
        {t("plans.drug")}
        <input value={drug} onChange={(e) => setDrug(e.target.value)} aria-invalid={!!fieldError("drug")} />
        {fieldError("drug") && <span className="field-error">{fieldError("drug")}</span>}
      </label>
      <label>
        {t("plans.dose")}
        <input
          name="dose"
          value={dose}
          onChange={(e) => setDose(e.target.value)}
          aria-invalid={!!fieldError("dose")}
        />
        {fieldError("dose") && <span className="field-error">{fieldError("dose")}</span>}
      </label>
      <label>
        {t("plans.times")} <span className="muted small">{t("plans.timesHint")}</span>
        <input
          name="times"
          value={times}
          onChange={(e) => setTimes(e.target.value)}
          aria-invalid={!!fieldError("times")}
        />
        {fieldError("times") && <span className="field-error">{fieldError("times")}</span>}
      </label>
      {!plan && (
        <label>
          {t("plans.start")}
          <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
          {fieldError("startDate") && <span className="field-error">{fieldError("startDate")}</span>}
        </label>
      )}
      <label>
        {t("plans.end")} <span className="muted small">{t("form.optional")}</span>
        <input type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} />
        {fieldError("endDate") && <span className="field-error">{fieldError("endDate")}</span>}
      </label>
      {errors[""] && <p className="field-error">{errors[""]}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("form.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("form.cancel")}
        </button>
        {plan && (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={async () => {
              if (!window.confirm(t("plans.stopConfirm", { drug: plan.drug }))) return;
              await attempt("stop", () => stopOn(base ?? plan));
            }}
          >
            {t("plans.stop")}
          </button>
        )}
      </div>
      {conflict && (
        <ConflictNotice
          rows={conflictRows}
          onRedo={redo}
          onDiscard={discard}
          busy={busy}
          canRedo={!conflict.current.stoppedAt}
        />
      )}
      {err && !conflict && !(err instanceof ApiError && (err.status === 422 || err.status === 412)) && (
        <ErrorBox error={err} />
      )}
    </form>
  );
}

/** The fields the person changed from `base`, as form text (so they can be laid over another version). */
function pickChanged(form: PlanFields, base: PlanViewT): Partial<PlanFields> {
  const from = fieldsOf(base);
  const out: Partial<PlanFields> = {};
  for (const k of ["drug", "dose", "endDate"] as const) if (form[k] !== from[k]) out[k] = form[k];
  if (parseTimes(form.times).join() !== base.times.join()) out.times = form.times;
  return out;
}
