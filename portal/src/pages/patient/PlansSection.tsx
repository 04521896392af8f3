// The medication plan, how it changed over time and who changed it; doctors edit it here.
import { planCreateBody, planPatchBody } from "@steady/shared";
import { type ChangeEvent, type Dispatch, type FormEvent, type SetStateAction, useState } from "react";
import { uuidv7 } from "uuidv7";
import { ApiError, isStale } from "../../api/client";
import { type PlanViewT, useCreatePlan, useStaff, useStopPlan, useUpdatePlan } from "../../api/queries";
import { ConflictNotice, type ConflictRow } from "../../components/Conflict";
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

type Translate = ReturnType<typeof useI18n>["t"];
/** A save or stop that answered 412: what it tried, and the plan as it is stored now. */
type PlanConflict = { op: "edit" | "stop"; current: PlanViewT };

const NEW_PLAN: PlanFields = { drug: "", dose: "", times: "08:00", endDate: "" };

/**
 * Per field: what the person started from, what they typed, what is stored now. A row shows when
 * either side changed it; a field the person left alone reads "unchanged", not its old value.
 */
function planConflictRows(
  conflict: PlanConflict,
  base: PlanViewT,
  form: PlanFields,
  t: Translate,
): ConflictRow[] {
  const text = (p: PlanViewT) => ({
    drug: p.drug,
    dose: p.dose,
    times: p.times.join(" "),
    endDate: p.endDate ?? t("plans.ongoing"),
    status: p.stoppedAt ? t("conflict.stopped") : t("conflict.active"),
  });
  const from = text(base);
  const theirs = text(conflict.current);
  const mine = {
    drug: form.drug,
    dose: form.dose,
    times: parseTimes(form.times).join(" "),
    endDate: form.endDate || t("plans.ongoing"),
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
}

/**
 * The plan form's state and its saves: a new plan, an edit (If-Match on the version the edit is
 * based on, ADR 0011) or a stop. A 412 keeps the person's edit as a conflict, to redo on top of the
 * stored version or to drop; a 422 puts the server's words beside the fields.
 */
function usePlanEditor(patientId: string, plan: PlanViewT | null, onDone: () => void) {
  // The version this edit is based on: its `version` goes out as If-Match.
  const [base, setBase] = useState<PlanViewT | null>(plan);
  const [form, setForm] = useState<PlanFields>(plan ? fieldsOf(plan) : NEW_PLAN);
  const [startDate, setStartDate] = useState(todayLocal());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<PlanConflict | null>(null);
  const create = useCreatePlan(patientId);
  const update = useUpdatePlan(patientId);
  const stop = useStopPlan(patientId);

  async function createNew() {
    const { drug, dose, times, endDate } = form;
    const body = {
      id: uuidv7(),
      drug,
      dose,
      times: parseTimes(times),
      startDate,
      ...(endDate ? { endDate } : {}),
    };
    const parsed = planCreateBody.safeParse(body);
    if (!parsed.success) return setErrors(fieldMessages(parsed.error));
    setErrors({});
    await create.mutateAsync(parsed.data);
    onDone();
  }

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

  // Other failures show in the error box below the form (the mutation keeps its error).
  async function attempt(op: PlanConflict["op"], run: () => Promise<unknown>) {
    try {
      await run();
    } catch (e) {
      if (isStale(e)) setConflict({ op, current: e.current as PlanViewT });
      else if (e instanceof ApiError && e.status === 422) setErrors(apiFieldMessages(e.errors));
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

  return {
    form,
    setForm,
    startDate,
    setStartDate,
    errors,
    conflict: conflict && base ? { ...conflict, base } : null,
    busy: create.isPending || update.isPending || stop.isPending,
    error: create.error ?? update.error ?? stop.error,
    // A new plan cannot answer 412: it has no version yet.
    submit: () => attempt("edit", () => (base ? save(base, form) : createNew())),
    // An edit always has a base: the plan it opened on, or the version a conflict brought.
    stopPlan: () => base && attempt("stop", () => stopOn(base)),
    redo,
    discard,
  };
}

/** The plan's fields, each with the words of what is wrong with it (its own or a part's, "times.0"). */
function PlanInputs({
  form,
  setForm,
  startDate,
  setStartDate,
  errors,
}: {
  form: PlanFields;
  setForm: Dispatch<SetStateAction<PlanFields>>;
  /** Only a new plan asks for its first day. */
  startDate: string | null;
  setStartDate: (d: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const fieldError = (key: string) =>
    errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];
  const problem = (key: string) => fieldError(key) && <span className="field-error">{fieldError(key)}</span>;
  const set = (key: keyof PlanFields) => (e: ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <>
      <label>
        {t("plans.drug")}
        <input value={form.drug} onChange={set("drug")} aria-invalid={!!fieldError("drug")} />
        {problem("drug")}
      </label>
      <label>
        {t("plans.dose")}
        <input name="dose" value={form.dose} onChange={set("dose")} aria-invalid={!!fieldError("dose")} />
        {problem("dose")}
      </label>
      <label>
        {t("plans.times")} <span className="muted small">{t("plans.timesHint")}</span>
        <input name="times" value={form.times} onChange={set("times")} aria-invalid={!!fieldError("times")} />
        {problem("times")}
      </label>
      {startDate !== null && (
        <label>
          {t("plans.start")}
          <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
          {problem("startDate")}
        </label>
      )}
      <label>
        {t("plans.end")} <span className="muted small">{t("form.optional")}</span>
        <input type="date" value={form.endDate} onChange={set("endDate")} />
        {problem("endDate")}
      </label>
      {errors[""] && <p className="field-error">{errors[""]}</p>}
    </>
  );
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
  const editor = usePlanEditor(patientId, plan, onDone);
  const { conflict, busy, error } = editor;
  const title = plan ? t("plans.editTitle", { drug: plan.drug }) : t("plans.add");
  return (
    <form
      className="plan-form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void editor.submit();
      }}
      aria-label={title}
      data-testid="plan-form"
    >
      <h3>{title}</h3>
      <PlanInputs
        form={editor.form}
        setForm={editor.setForm}
        startDate={plan ? null : editor.startDate}
        setStartDate={editor.setStartDate}
        errors={editor.errors}
      />
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
            onClick={() => {
              if (window.confirm(t("plans.stopConfirm", { drug: plan.drug }))) void editor.stopPlan();
            }}
          >
            {t("plans.stop")}
          </button>
        )}
      </div>
      {conflict && (
        <ConflictNotice
          rows={planConflictRows(conflict, conflict.base, editor.form, t)}
          onRedo={editor.redo}
          onDiscard={editor.discard}
          busy={busy}
          canRedo={!conflict.current.stoppedAt}
        />
      )}
      {error &&
        !conflict &&
        !(error instanceof ApiError && (error.status === 422 || error.status === 412)) && (
          <ErrorBox error={error} />
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
