// The patient's condition under their name: what the triage list filters by. The patient may have
// said at enrolment; the doctor sets or corrects it here (ADR 0008).
import { PATIENT_CONDITIONS, type PatientCondition } from "@steady/shared";
import { type FormEvent, useState } from "react";
import { ApiError, isStale } from "../../api/client";
import { useSetCondition } from "../../api/queries";
import { ConflictNotice } from "../../components/Conflict";
import { SaveCancel } from "../../components/FormActions";
import { ErrorBox } from "../../components/Status";
import { useI18n } from "../../i18n/i18n";

const UNSET = "unset";

type ConditionNow = { condition: PatientCondition | null; version: number };

export function ConditionEditor({
  patientId,
  condition,
  version,
  isDoctor,
}: {
  patientId: string;
  condition: PatientCondition | null;
  /** The version the edit is based on (If-Match, ADR 0011). */
  version: number;
  isDoctor: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<PatientCondition | typeof UNSET>(condition ?? UNSET);
  // A save that answered 412: the condition stored now (someone else's).
  const [conflict, setConflict] = useState<ConditionNow | null>(null);
  const save = useSetCondition(patientId);

  async function send(on: number) {
    try {
      await save.mutateAsync({ condition: choice === UNSET ? null : choice, version: on });
      setConflict(null);
      setOpen(false);
    } catch (e) {
      if (isStale(e)) setConflict(e.current as ConditionNow);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    await send(version);
  }

  const shown = (
    <span data-testid="patient-condition" className={condition ? "" : "muted"}>
      {t("condition.shown", { condition: t(`condition.${condition ?? "unset"}`) })}
    </span>
  );
  if (!isDoctor || !open) {
    return (
      <p className="condition">
        {shown}{" "}
        {isDoctor && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setChoice(condition ?? UNSET);
              setOpen(true);
            }}
          >
            {t("condition.edit")}
          </button>
        )}
      </p>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("condition.edit")}>
      <label>
        {t("condition.pick")}
        <select value={choice} onChange={(e) => setChoice(e.target.value as typeof choice)}>
          {PATIENT_CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {t(`condition.${c}`)}
            </option>
          ))}
          <option value={UNSET}>{t("condition.clear")}</option>
        </select>
      </label>
      <SaveCancel busy={save.isPending} onCancel={() => setOpen(false)} />
      {conflict && (
        <ConflictNotice
          rows={[
            {
              label: t("condition.pick"),
              mine: t(`condition.${choice}`),
              theirs: t(`condition.${conflict.condition ?? UNSET}`),
            },
          ]}
          busy={save.isPending}
          onRedo={() => void send(conflict.version)}
          onDiscard={() => {
            setConflict(null);
            setOpen(false);
          }}
        />
      )}
      {save.error && !conflict && !(save.error instanceof ApiError && save.error.status === 412) && (
        <ErrorBox error={save.error} />
      )}
    </form>
  );
}
