import {
  bpBody,
  GLUCOSE_CONTEXTS,
  GLUCOSE_UNITS,
  type GlucoseContext,
  type GlucoseUnit,
  glucoseBody,
  UNITS,
} from "@steady/shared";
import { View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { uuidv7 } from "uuidv7";
import { Button } from "../../components/Button";
import { Choice, Field } from "../../components/Field";
import { type Feedback, ReadingFeedback } from "../../components/ReadingFeedback";
import { ReminderTopUp } from "../../components/ReminderTopUp";
import { Screen } from "../../components/Screen";
import { bpAlert, bpCategory, glucoseAlert, glucoseCategory, toMmol } from "../../lib/clinical";
import { type FieldErrors, numberField, validate } from "../../lib/validation";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

type Kind = "bp" | "glucose";

export default function Log() {
  const { state, store, t } = useApp();
  const router = useRouter();
  const [kind, setKind] = useState<Kind>(router.params.kind === "glucose" ? "glucose" : "bp");
  const [bp, setBp] = useState({ systolic: "", diastolic: "", pulse: "" });
  const [glucose, setGlucose] = useState<{ value: string; unit: GlucoseUnit; context?: GlucoseContext }>({
    value: "",
    unit: UNITS.glucose,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [howTo, setHowTo] = useState(false);
  const [last, setLast] = useState<{ id: string; feedback: Feedback } | null>(null);
  useGate(
    useCallback(async () => {
      // The templates to ask for after a saved reading (the ask must follow the tap at once).
      await store.refreshReminders().catch(() => undefined);
    }, [store]),
  );

  // The result appears above the form: bring it into view.
  const showResult = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);

  const saveBp = async () => {
    const body = {
      id: uuidv7(),
      systolic: numberField(bp.systolic),
      diastolic: numberField(bp.diastolic),
      pulse: numberField(bp.pulse),
      measuredAt: store.now(),
    };
    const v = validate(bpBody, body, {
      systolic: "field.systolic",
      diastolic: (issue) => (issue.code === "custom" ? "field.diastolicOrder" : "field.diastolic"),
      pulse: "field.pulse",
    });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    const { systolic, diastolic } = v.data;
    // Feedback is computed here, so it shows at once even with no network.
    const feedback: Feedback = {
      kind: "bp",
      category: bpCategory(systolic, diastolic),
      alert: bpAlert(systolic, diastolic),
      pending: true,
    };
    await store.write("bp", body as Record<string, unknown>);
    setLast({ id: body.id, feedback });
    setBp({ systolic: "", diastolic: "", pulse: "" });
    showResult();
  };

  const saveGlucose = async () => {
    const body = {
      id: uuidv7(),
      value: numberField(glucose.value),
      unit: glucose.unit,
      context: glucose.context,
      measuredAt: store.now(),
    };
    const v = validate(glucoseBody, body, {
      value: "field.glucose",
      context: "field.context",
      unit: "field.glucose",
    });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    const mmol = toMmol(v.data.value, v.data.unit);
    const feedback: Feedback = {
      kind: "glucose",
      category: glucoseCategory(mmol, v.data.context),
      alert: glucoseAlert(mmol),
      pending: true,
    };
    await store.write("glucose", body as Record<string, unknown>);
    setLast({ id: body.id, feedback });
    setGlucose({ ...glucose, value: "" });
    showResult();
  };

  const err = (k: string) => (errors[k] ? t(errors[k] as never) : undefined);
  const stillQueued = last ? state.queue.some((i) => i.id === last.id) : false;
  const mgPreview = glucose.unit === "mg/dL" ? numberField(glucose.value) : undefined;

  return (
    <Screen tab="log" testId="page-log">
      <Choice
        name="kind"
        label=""
        value={kind}
        options={[
          { value: "bp", label: t("log.bp") },
          { value: "glucose", label: t("log.glucose") },
        ]}
        onChange={(k) => {
          setKind(k);
          setErrors({});
          setLast(null);
        }}
      />
      {last ? <ReadingFeedback feedback={{ ...last.feedback, pending: stillQueued }} /> : null}
      {last ? (
        <View className="remind" key={`remind-${last.id}`}>
          <ReminderTopUp testId="remind-after-reading" />
        </View>
      ) : null}

      {kind === "bp" ? (
        <View className="card" data-testid="bp-form">
          <View className="h2">{t("log.bp")}</View>
          <Field
            name="systolic"
            type="number"
            label={t("log.systolic")}
            value={bp.systolic}
            onInput={(systolic) => setBp({ ...bp, systolic })}
            error={err("systolic")}
            maxlength={3}
          />
          <Field
            name="diastolic"
            type="number"
            label={t("log.diastolic")}
            value={bp.diastolic}
            onInput={(diastolic) => setBp({ ...bp, diastolic })}
            error={err("diastolic")}
            maxlength={3}
          />
          <Field
            name="pulse"
            type="number"
            label={t("log.pulse")}
            value={bp.pulse}
            onInput={(pulse) => setBp({ ...bp, pulse })}
            error={err("pulse")}
            maxlength={3}
          />
          <Button block testId="save-bp" onClick={() => void saveBp()}>
            {t("log.save")}
          </Button>
          <Button block kind="plain" testId="howto-toggle" onClick={() => setHowTo(!howTo)}>
            {howTo ? "▾" : "▸"} {t("log.howTo")}
          </Button>
          {howTo ? (
            <View className="howto" data-testid="howto">
              <View className="p">1. {t("log.howTo1")}</View>
              <View className="p">2. {t("log.howTo2")}</View>
              <View className="p">3. {t("log.howTo3")}</View>
              <View className="p">4. {t("log.howTo4")}</View>
            </View>
          ) : null}
        </View>
      ) : (
        <View className="card" data-testid="glucose-form">
          <View className="h2">{t("log.glucose")}</View>
          <Field
            name="value"
            type="digit"
            label={`${t("log.value")} (${glucose.unit})`}
            value={glucose.value}
            onInput={(value) => setGlucose({ ...glucose, value })}
            error={err("value")}
            maxlength={5}
            hint={
              mgPreview && Number.isFinite(mgPreview)
                ? t("log.mmolEquivalent", { v: toMmol(mgPreview, "mg/dL") })
                : undefined
            }
          />
          <Choice
            name="unit"
            label={t("log.unit")}
            value={glucose.unit}
            options={GLUCOSE_UNITS.map((u) => ({ value: u, label: u }))}
            onChange={(unit) => setGlucose({ ...glucose, unit })}
          />
          <Choice
            name="context"
            label={t("log.context")}
            value={glucose.context}
            options={GLUCOSE_CONTEXTS.map((c) => ({ value: c, label: t(`log.ctx.${c}`) }))}
            onChange={(context) => setGlucose({ ...glucose, context })}
            error={err("context")}
          />
          <Button block testId="save-glucose" onClick={() => void saveGlucose()}>
            {t("log.save")}
          </Button>
        </View>
      )}
    </Screen>
  );
}
