import { bpTargetValue, DEFAULT_THRESHOLDS, type Thresholds } from "@steady/shared";
import { type FormEvent, useMemo, useState } from "react";
import { ApiError, isStale } from "../../api/client";
import { type Summary, useReadings, useSetTargets } from "../../api/queries";
import { EChart } from "../../charts/EChart";
import { chartLabels } from "../../charts/labels";
import { ConflictNotice } from "../../components/Conflict";
import { SaveCancel } from "../../components/FormActions";
import { QueryState } from "../../components/QueryState";
import { ErrorBox } from "../../components/Status";
import { useI18n } from "../../i18n/i18n";
import { type BpPoint, bpOption, isGrade3 } from "../../lib/chart-options";
import { bpText } from "../../lib/format";
import { apiFieldMessages, fieldMessages } from "../../lib/forms";

export function useBpPoints(patientId: string) {
  const q = useReadings(patientId, "bp");
  const points = (q.data?.readings ?? []) as BpPoint[];
  return { q, points };
}

export function BpFacts({ bp, points }: { bp: Summary["bp"]; points: BpPoint[] }) {
  const { t } = useI18n();
  const grade3 = points.filter((p) => isGrade3(p, DEFAULT_THRESHOLDS.bp)).length;
  return (
    <dl className="facts">
      <dt>{t("bp.mean7d")}</dt>
      <dd data-testid="bp-mean">
        {bpText(bp.mean7d)}{" "}
        {bp.mean7d && (
          <span className={bp.controlled ? "ok" : "bad"}>
            {bp.controlled ? `✓ ${t("bp.controlled")}` : `✗ ${t("bp.uncontrolled")}`}
          </span>
        )}
      </dd>
      <dt>{t("bp.target")}</dt>
      <dd>&lt;{bpText(bp.target)}</dd>
      <dt>{t("bp.readings90")}</dt>
      <dd>{points.length}</dd>
      <dt>{t("bp.grade3Count")}</dt>
      <dd className={grade3 ? "bad" : ""}>{grade3 ? `▲ ${grade3}` : "0"}</dd>
    </dl>
  );
}

export function BpSection({
  patientId,
  bp,
  isDoctor,
  targetsVersion,
  thresholds = DEFAULT_THRESHOLDS.bp,
}: {
  patientId: string;
  bp: Summary["bp"];
  isDoctor: boolean;
  /** The version of the patient's target the editor bases its save on (If-Match, ADR 0011). */
  targetsVersion: number;
  /** The programme's thresholds the patient is judged by (the summary carries them). */
  thresholds?: Thresholds["bp"];
}) {
  const { t, locale } = useI18n();
  const { q, points } = useBpPoints(patientId);
  const option = useMemo(
    () => bpOption(points, bp.target, thresholds, chartLabels(t), locale),
    [points, bp.target, thresholds, t, locale],
  );
  return (
    <section className="card" aria-labelledby="bp-title">
      <h2 id="bp-title">{t("bp.title")}</h2>
      <BpFacts bp={bp} points={points} />
      <QueryState query={q} isEmpty={() => points.length === 0} empty={t("bp.none")}>
        {() => (
          <EChart
            option={option}
            height={260}
            testId="chart-bp"
            summary={t("bp.chartSummary", { n: points.length, target: bpText(bp.target) })}
          />
        )}
      </QueryState>
      {isDoctor && <TargetEditor patientId={patientId} target={bp.target} version={targetsVersion} />}
    </section>
  );
}

type BpTarget = { systolic: number; diastolic: number };
type TargetsNow = { bp: BpTarget | null; usesProgrammeDefault: boolean; version: number };

function TargetEditor({
  patientId,
  target,
  version,
}: {
  patientId: string;
  target: BpTarget;
  version: number;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [sys, setSys] = useState(String(target.systolic));
  const [dia, setDia] = useState(String(target.diastolic));
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A save that answered 412: the target it tried to set, and the one stored now.
  const [conflict, setConflict] = useState<{ mine: BpTarget | null; current: TargetsNow } | null>(null);
  const save = useSetTargets(patientId);

  async function send(bp: BpTarget | null, on: number) {
    try {
      await save.mutateAsync({ bp, version: on });
      setConflict(null);
      setOpen(false);
    } catch (err) {
      if (isStale(err)) setConflict({ mine: bp, current: err.current as TargetsNow });
      else if (err instanceof ApiError)
        setErrors(apiFieldMessages(err.errors.map((x) => ({ ...x, path: x.path.replace(/^bp\./, "") }))));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = bpTargetValue.safeParse({ systolic: Number(sys), diastolic: Number(dia) });
    if (!parsed.success) return setErrors(fieldMessages(parsed.error));
    setErrors({});
    await send(parsed.data, version);
  }

  const shown = (bp: BpTarget | null) => (bp ? `<${bpText(bp)}` : t("conflict.default"));

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t("bp.editTarget")}
      </button>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("bp.editTarget")}>
      <label>
        {t("chart.systolic")} &lt;
        <input
          inputMode="numeric"
          value={sys}
          onChange={(e) => setSys(e.target.value)}
          aria-invalid={!!errors.systolic}
        />
        {errors.systolic && <span className="field-error">{errors.systolic}</span>}
      </label>
      <label>
        {t("chart.diastolic")} &lt;
        <input
          inputMode="numeric"
          value={dia}
          onChange={(e) => setDia(e.target.value)}
          aria-invalid={!!errors.diastolic}
        />
        {errors.diastolic && <span className="field-error">{errors.diastolic}</span>}
      </label>
      <SaveCancel busy={save.isPending} onCancel={() => setOpen(false)}>
        <button type="button" onClick={() => void send(null, version)}>
          {t("bp.useDefault")}
        </button>
      </SaveCancel>
      {conflict && (
        <ConflictNotice
          rows={[{ label: t("bp.target"), mine: shown(conflict.mine), theirs: shown(conflict.current.bp) }]}
          busy={save.isPending}
          onRedo={() => void send(conflict.mine, conflict.current.version)}
          onDiscard={() => {
            setConflict(null);
            setOpen(false);
          }}
        />
      )}
      {save.error &&
        !conflict &&
        !(save.error instanceof ApiError && (save.error.status === 422 || save.error.status === 412)) && (
          <ErrorBox error={save.error} />
        )}
    </form>
  );
}
