// Issue 13: each plan's predicted run-out and past gaps (from the supply the patient keeps in the
// mini-program), and the next visit, which the clinic sets or corrects here.
import { planSupplyBody, revisitBody } from "@steady/shared";
import { type FormEvent, Fragment, useState } from "react";
import { ApiError, isStale } from "../../api/client";
import { type PlanViewT, type Summary, useSetRevisit, useUpdatePlan } from "../../api/queries";
import { SaveCancel } from "../../components/FormActions";
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
  const untracked = plans.filter((p) => !p.stoppedAt && !p.supply);
  // One form open at a time, for one plan; the last save's confirmation stays until the next.
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const runOutText = (s: NonNullable<PlanViewT["supply"]>) => {
    const days = s.daysLeft;
    return s.runOutDate == null || days == null
      ? t("supply.never")
      : days > 0
        ? t("supply.daysLeft", { date: s.runOutDate, n: days })
        : days === 0
          ? t("supply.today", { date: s.runOutDate })
          : t("supply.passed", { date: s.runOutDate, n: -days });
  };
  const editor = (p: PlanViewT) =>
    editing === p.id ? (
      <SupplyEditor
        patientId={patientId}
        plan={p}
        onCancel={() => setEditing(null)}
        onSaved={(after) => {
          setEditing(null);
          const s = after.supply;
          setSaved(
            s
              ? t("supply.saved", { drug: `${after.drug} ${after.dose}`, n: s.stock, runOut: runOutText(s) })
              : null,
          );
        }}
      />
    ) : (
      <button
        type="button"
        className="link-button"
        data-testid={`supply-edit-${p.id}`}
        onClick={() => {
          setSaved(null);
          setEditing(p.id);
        }}
      >
        {p.supply ? t("supply.edit") : t("supply.set")}
      </button>
    );
  return (
    <section className="card" aria-labelledby="supply-title" data-testid="supply">
      <h2 id="supply-title">{t("supply.title")}</h2>
      <RevisitEditor patientId={patientId} revisit={revisit} />
      {saved && (
        <p className="ok" role="status" data-testid="supply-saved">
          {saved}
        </p>
      )}
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
              const runOut = runOutText(s);
              return (
                <Fragment key={p.id}>
                  <tr className={days != null && days <= 3 ? "warn" : ""}>
                    <td>
                      {p.drug} {p.dose}
                      <span className="muted small"> · {t("supply.refills", { n: s.refills.length })}</span>
                      {editing !== p.id && <div>{editor(p)}</div>}
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
                  {editing === p.id && (
                    // The form gets the table's whole width, so the figures beside it stay readable.
                    <tr>
                      <td colSpan={4}>{editor(p)}</td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {untracked.length > 0 && (
        <ul className="plain" data-testid="supply-untracked">
          {untracked.map((p) => (
            <li key={p.id}>
              {p.drug} {p.dose} · <span className="muted">{t("supply.untracked")}</span> {editor(p)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type SupplyFields = { onHand: string; perDose: string; packSize: string };
const fieldsOfPlan = (p: PlanViewT): SupplyFields => ({
  onHand: p.supply ? String(p.supply.stock) : "",
  perDose: p.supply ? String(p.supply.perDose) : "1",
  packSize: p.supply?.packSize ? String(p.supply.packSize) : "",
});
const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.trim()));

/**
 * Sets or corrects a plan's supply: a new count from now. The edit names the plan version the
 * doctor saw (If-Match, ADR 0011); when the plan changed meanwhile the server answers 412 with
 * the stored plan, shown here so the doctor decides before saving on top of it.
 */
function SupplyEditor({
  patientId,
  plan,
  onCancel,
  onSaved,
}: {
  patientId: string;
  plan: PlanViewT;
  onCancel: () => void;
  onSaved: (after: PlanViewT) => void;
}) {
  const { t } = useI18n();
  const [base, setBase] = useState(plan);
  const [f, setF] = useState<SupplyFields>(fieldsOfPlan(plan));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState<PlanViewT | null>(null);
  const update = useUpdatePlan(patientId);
  const set = (k: keyof SupplyFields) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });

  async function save(on: PlanViewT) {
    const body = {
      onHand: num(f.onHand),
      perDose: num(f.perDose),
      packSize: f.packSize.trim() === "" ? null : num(f.packSize),
    };
    const parsed = planSupplyBody.safeParse(body);
    if (!parsed.success) return setErrors(fieldMessages(parsed.error));
    setErrors({});
    try {
      const after = await update.mutateAsync({
        planId: on.id,
        patch: { supply: parsed.data },
        version: on.version,
      });
      onSaved(after as PlanViewT);
    } catch (e) {
      if (isStale(e)) {
        setStale(e.current as PlanViewT);
      } else if (e instanceof ApiError && e.errors.length) {
        const mapped: Record<string, string> = {};
        for (const [k, v] of Object.entries(apiFieldMessages(e.errors)))
          mapped[k.replace(/^supply\./, "")] = v;
        setErrors(mapped);
      }
    }
  }

  const fieldError = (k: keyof SupplyFields) =>
    errors[k] ? (
      <span id={`supply-${k}-error`} className="field-error" role="alert">
        {t(
          k === "onHand"
            ? "supply.onHandError"
            : k === "perDose"
              ? "supply.perDoseError"
              : "supply.packSizeError",
        )}
      </span>
    ) : null;
  const input = (k: keyof SupplyFields, label: string, mode: "decimal" | "numeric") => (
    <label>
      {label}
      <input
        name={k}
        inputMode={mode}
        value={f[k]}
        onChange={set(k)}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `supply-${k}-error` : undefined}
        size={6}
      />
      {fieldError(k)}
    </label>
  );
  return (
    <form
      className="inline-form"
      data-testid="supply-form"
      aria-label={`${plan.supply ? t("supply.edit") : t("supply.set")} · ${plan.drug}`}
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save(base);
      }}
    >
      {input("onHand", t("supply.onHand"), "decimal")}
      {input("perDose", t("supply.perDose"), "decimal")}
      {input("packSize", t("supply.packSize"), "numeric")}
      <SaveCancel busy={update.isPending} onCancel={onCancel} saveTestId="supply-submit" />
      <p className="muted small">{t("supply.countHint")}</p>
      {stale && (
        <div className="conflict" role="alert" data-testid="supply-stale">
          <p>
            {t("supply.stale", {
              v: stale.version,
              n: stale.supply ? t("supply.tablets", { n: stale.supply.stock }) : t("supply.untracked"),
            })}
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setBase(stale);
              setStale(null);
              void save(stale);
            }}
          >
            {t("supply.staleRetry")}
          </button>
        </div>
      )}
      {update.error &&
        !isStale(update.error) &&
        !(update.error instanceof ApiError && update.error.errors.length) && (
          <ErrorBox error={update.error} />
        )}
    </form>
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
          <SaveCancel busy={save.isPending} onCancel={() => setOpen(false)} />
          {save.error && !(save.error instanceof ApiError && save.error.errors.length) && (
            <ErrorBox error={save.error} />
          )}
        </form>
      )}
    </div>
  );
}
