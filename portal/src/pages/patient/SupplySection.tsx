// Issue 13: each plan's predicted run-out and past gaps (from the supply the patient keeps in the
// mini-program), and the next visit, which the clinic sets or corrects here.
import { revisitBody } from "@steady/shared";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client";
import { type PlanViewT, type Summary, useSetRevisit } from "../../api/queries";
import { ErrorBox } from "../../components/Status";
import { useI18n } from "../../i18n/i18n";
import { apiFieldMessages, fieldMessages, todayLocal } from "../../lib/forms";

type Revisit = Summary["revisit"];

export function SupplySection({
  patientId,
  plans,
  revisit,
}: {
  patientId: string;
  plans: PlanViewT[];
  revisit: Revisit;
}) {
  const { t } = useI18n();
  const tracked = plans.filter((p) => !p.stoppedAt && p.supply);
  return (
    <section className="card" aria-labelledby="supply-title" data-testid="supply">
      <h2 id="supply-title">{t("supply.title")}</h2>
      <RevisitEditor patientId={patientId} revisit={revisit} />
      {tracked.length === 0 ? (
        <p className="muted">{t("supply.none")}</p>
      ) : (
        <table className="data" data-testid="supply-table">
          <thead>
            <tr>
              <th scope="col">{t("supply.drug")}</th>
              <th scope="col">{t("supply.stock")}</th>
              <th scope="col">{t("supply.runOut")}</th>
              <th scope="col">{t("supply.gaps")}</th>
            </tr>
          </thead>
          <tbody>
            {tracked.map((p) => {
              const s = p.supply as NonNullable<PlanViewT["supply"]>;
              const days = s.daysLeft;
              const runOut =
                s.runOutDate == null || days == null
                  ? t("supply.never")
                  : days > 0
                    ? t("supply.daysLeft", { date: s.runOutDate, n: days })
                    : days === 0
                      ? t("supply.today", { date: s.runOutDate })
                      : t("supply.passed", { date: s.runOutDate, n: -days });
              return (
                <tr key={p.id} className={days != null && days <= 3 ? "warn" : ""}>
                  <td>
                    {p.drug} {p.dose}
                    <span className="muted small"> · {t("supply.refills", { n: s.refills.length })}</span>
                  </td>
                  <td>{t("supply.tablets", { n: s.stock })}</td>
                  <td>{runOut}</td>
                  <td>
                    {s.gaps.length === 0 ? (
                      t("supply.noGaps")
                    ) : (
                      <ul className="plain">
                        {s.gaps.map((g) => (
                          <li key={g.from}>
                            {g.open
                              ? t("supply.gapOpen", { from: g.from, n: g.doses })
                              : t("supply.gap", { from: g.from, to: g.to, n: g.doses })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RevisitEditor({ patientId, revisit }: { patientId: string; revisit: Revisit }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(revisit?.date ?? "");
  const [hospital, setHospital] = useState(revisit?.hospital ?? "");
  const [department, setDepartment] = useState(revisit?.department ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSetRevisit(patientId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { date, hospital: hospital.trim() || null, department: department.trim() || null };
    const parsed = revisitBody.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldMessages(parsed.error));
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      setOpen(false);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(apiFieldMessages(err.errors));
    }
  }

  const where = [revisit?.hospital, revisit?.department].filter(Boolean).join(" ");
  return (
    <div className="revisit" data-testid="revisit">
      <p>
        <strong>{t("revisit.title")}：</strong>
        {revisit ? (
          <>
            {t("revisit.shown", { date: revisit.date, where: where || "—" })}
            {revisit.setBy === "patient" && <span className="muted small"> （{t("revisit.bySelf")}）</span>}
            {revisit.overdue && (
              <strong className="danger" role="status">
                {" "}
                {t("revisit.overdue")}
              </strong>
            )}
          </>
        ) : (
          <span className="muted">{t("revisit.unset")}</span>
        )}{" "}
        {!open && (
          <button type="button" className="link-button" onClick={() => setOpen(true)}>
            {t("revisit.edit")}
          </button>
        )}
      </p>
      {open && (
        <form className="inline-form" onSubmit={submit} aria-label={t("revisit.edit")} noValidate>
          <label>
            {t("revisit.date")}
            <input
              type="date"
              value={date}
              min={todayLocal()}
              onChange={(e) => setDate(e.target.value)}
              aria-invalid={errors.date ? true : undefined}
              aria-describedby={errors.date ? "revisit-date-error" : undefined}
              required
            />
          </label>
          {errors.date && (
            <span id="revisit-date-error" className="field-error">
              {t("revisit.dateError")}
            </span>
          )}
          {(errors.hospital || errors.department) && (
            <span className="field-error">{t("revisit.textError")}</span>
          )}
          <label>
            {t("revisit.hospital")}
            <input value={hospital} maxLength={60} onChange={(e) => setHospital(e.target.value)} />
          </label>
          <label>
            {t("revisit.department")}
            <input value={department} maxLength={40} onChange={(e) => setDepartment(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t("form.save")}
          </button>
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            {t("form.cancel")}
          </button>
          {save.error && !(save.error instanceof ApiError && save.error.errors.length) && (
            <ErrorBox error={save.error} />
          )}
        </form>
      )}
    </div>
  );
}
