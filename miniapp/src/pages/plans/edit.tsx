import { localDateOf, planCreateBody, planPatchBody } from "@steady/shared";
import { Picker, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { uuidv7 } from "uuidv7";
import { BackButton } from "../../components/BackButton";
import { Button } from "../../components/Button";
import { Field } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { visiblePlans } from "../../lib/today-model";
import { type FieldErrors, validate } from "../../lib/validation";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

const WORDING = {
  drug: "field.drug",
  dose: "field.dose",
  times: "field.times",
  startDate: "field.startDate",
  endDate: "field.endDate",
} as const;

/** The fields of the form that differ from the plan being edited. */
export function changedFields(
  plan: { drug: string; dose: string; times: string[]; endDate?: string | null },
  form: { drug: string; dose: string; times: string[]; endDate: string },
): Record<string, unknown> {
  return {
    ...(form.drug !== plan.drug ? { drug: form.drug } : {}),
    ...(form.dose !== plan.dose ? { dose: form.dose } : {}),
    ...([...form.times].sort().join() !== [...plan.times].sort().join() ? { times: form.times } : {}),
    ...((form.endDate || null) !== (plan.endDate ?? null) ? { endDate: form.endDate || null } : {}),
  };
}

export default function PlanEdit() {
  const { state, store, t } = useApp();
  const id = useRouter().params.id;
  const existing = id ? visiblePlans(state.plans ?? [], state.queue).find((p) => p.id === id) : undefined;
  const today = localDateOf(store.now(), state.tz);
  const [form, setForm] = useState(() => ({
    drug: existing?.drug ?? "",
    dose: existing?.dose ?? "",
    times: existing?.times ?? ["08:00"],
    startDate: existing?.startDate ?? today,
    endDate: existing?.endDate ?? "",
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  useGate(useCallback(() => undefined, []));

  const setTime = (idx: number, value: string) =>
    setForm({ ...form, times: form.times.map((x, i) => (i === idx ? value : x)).sort() });

  const save = async () => {
    if (existing) {
      // Only what the patient changed: the server applies it to the version they saw (If-Match),
      // so a field the doctor changed meanwhile is never sent back with its old value.
      const body = changedFields(existing, form);
      if (Object.keys(body).length) {
        const v = validate(planPatchBody, body, WORDING);
        if (!v.ok) return setErrors(v.errors);
        if (form.endDate && form.endDate < existing.startDate) return setErrors({ endDate: "field.endDate" });
        await store.write("plan_patch", v.data as Record<string, unknown>, {
          target: existing.id,
          // A plan still waiting to be created will be version 1 once it is.
          baseVersion: existing.version ?? 1,
        });
      }
    } else {
      const body = { id: uuidv7(), ...form, endDate: form.endDate || undefined };
      const v = validate(planCreateBody, body, WORDING);
      if (!v.ok) return setErrors(v.errors);
      await store.write("plan_create", v.data as Record<string, unknown>);
    }
    setErrors({});
    await Taro.navigateBack().catch(() => Taro.redirectTo({ url: "/pages/plans/index" }));
  };

  const err = (k: string) => (errors[k] ? t(errors[k] as never) : undefined);
  return (
    <Screen testId="page-plan-edit">
      <BackButton fallback="/pages/plans/index" />
      <View className="h1">{existing ? t("plans.edit") : t("plans.add")}</View>
      <View className="card">
        <Field
          name="drug"
          label={t("plans.drug")}
          placeholder={t("plans.drugPh")}
          value={form.drug}
          onInput={(drug) => setForm({ ...form, drug })}
          error={err("drug")}
        />
        <Field
          name="dose"
          label={t("plans.dose")}
          placeholder={t("plans.dosePh")}
          value={form.dose}
          onInput={(dose) => setForm({ ...form, dose })}
          error={err("dose")}
          maxlength={40}
        />
        <View className="field">
          <View className="field-label">{t("plans.timesLabel")}</View>
          {form.times.map((time, idx) => (
            <View key={`${time}-${idx}`} className="time-row">
              <Picker mode="time" value={time} onChange={(e) => setTime(idx, String(e.detail.value))}>
                <View className="picker-value" data-testid={`time-${idx}`}>
                  {time}
                </View>
              </Picker>
              {form.times.length > 1 ? (
                <Button
                  small
                  kind="secondary"
                  onClick={() => setForm({ ...form, times: form.times.filter((_, i) => i !== idx) })}
                >
                  {t("plans.removeTime")}
                </Button>
              ) : null}
            </View>
          ))}
          {err("times") ? <View className="field-error">✗ {err("times")}</View> : null}
          <Button
            kind="secondary"
            small
            onClick={() => {
              const next = ["08:00", "12:00", "18:00", "20:00", "22:00"].find((x) => !form.times.includes(x));
              if (next) setForm({ ...form, times: [...form.times, next].sort() });
            }}
          >
            ＋ {t("plans.addTime")}
          </Button>
        </View>
        {!existing ? (
          <View className="field">
            <View className="field-label">{t("plans.startDate")}</View>
            <Picker
              mode="date"
              value={form.startDate}
              onChange={(e) => setForm({ ...form, startDate: String(e.detail.value) })}
            >
              <View className="picker-value">{form.startDate}</View>
            </Picker>
          </View>
        ) : null}
        <View className="field">
          <View className="field-label">{t("plans.endDate")}</View>
          <Picker
            mode="date"
            value={form.endDate || today}
            onChange={(e) => setForm({ ...form, endDate: String(e.detail.value) })}
          >
            <View className="picker-value">{form.endDate || "—"}</View>
          </Picker>
          {form.endDate ? (
            <Button small kind="secondary" onClick={() => setForm({ ...form, endDate: "" })}>
              {t("plans.clearEnd")}
            </Button>
          ) : null}
          {err("endDate") ? <View className="field-error">✗ {err("endDate")}</View> : null}
        </View>
        <Button block testId="plan-save" onClick={() => void save()}>
          {t("common.save")}
        </Button>
        <Button
          block
          kind="secondary"
          onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: "/pages/plans/index" }))}
        >
          {t("common.cancel")}
        </Button>
      </View>
    </Screen>
  );
}
