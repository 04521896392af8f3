// The medication plan, how it changed over time and who changed it; doctors edit it here.
import { planCreateBody, planPatchBody } from "@steady/shared";
import { type FormEvent, useState } from "react";
import { uuidv7 } from "uuidv7";
import { ApiError } from "../../api/client";
import { type PlanViewT, useCreatePlan, useStaff, useStopPlan, useUpdatePlan } from "../../api/queries";
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
  const [drug, setDrug] = useState(plan?.drug ?? "");
  const [dose, setDose] = useState(plan?.dose ?? "");
  const [times, setTimes] = useState(plan?.times.join(" ") ?? "08:00");
  const [startDate, setStartDate] = useState(todayLocal());
  const [endDate, setEndDate] = useState(plan?.endDate ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreatePlan(patientId);
  const update = useUpdatePlan(patientId);
  const stop = useStopPlan(patientId);
  const busy = create.isPending || update.isPending || stop.isPending;
  const err = create.error ?? update.error ?? stop.error;

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      if (plan) {
        const patch = {
          ...(drug !== plan.drug ? { drug } : {}),
          ...(dose !== plan.dose ? { dose } : {}),
          ...(parseTimes(times).join() !== plan.times.join() ? { times: parseTimes(times) } : {}),
          ...((endDate || null) !== plan.endDate ? { endDate: endDate || null } : {}),
        };
        const parsed = planPatchBody.safeParse(patch);
        if (!parsed.success) return setErrors(fieldMessages(parsed.error));
        setErrors({});
        await update.mutateAsync({ planId: plan.id, patch: parsed.data });
      } else {
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
      }
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(apiFieldMessages(e.errors));
    }
  }

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
              await stop.mutateAsync(plan.id);
              onDone();
            }}
          >
            {t("plans.stop")}
          </button>
        )}
      </div>
      {err && !(err instanceof ApiError && err.status === 422) && <ErrorBox error={err} />}
    </form>
  );
}
