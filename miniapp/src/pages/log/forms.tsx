import { GLUCOSE_CONTEXTS, GLUCOSE_UNITS } from "@steady/shared";
import { View } from "@tarojs/components";
import { Button } from "../../components/Button";
import { Choice, Field } from "../../components/Field";
import { useApp } from "../../state/store";
import type { BpDraft, GlucoseDraft } from "./use-readings";

type ErrorOf = (field: string) => string | undefined;
const BP_FIELDS = ["systolic", "diastolic", "pulse"] as const;

export function BpForm(props: {
  bp: BpDraft;
  setBp: (bp: BpDraft) => void;
  err: ErrorOf;
  onSave: () => void;
  /** Open or folded: the page keeps it while the patient switches to glucose and back. */
  howTo: boolean;
  setHowTo: (open: boolean) => void;
}) {
  const { t } = useApp();
  const { bp } = props;
  return (
    <View className="card" data-testid="bp-form">
      <View className="h2">{t("log.bp")}</View>
      {BP_FIELDS.map((k) => (
        <Field
          key={k}
          name={k}
          type="number"
          label={t(`log.${k}`)}
          value={bp[k]}
          onInput={(v) => props.setBp({ ...bp, [k]: v })}
          error={props.err(k)}
          maxlength={3}
        />
      ))}
      <Button block testId="save-bp" onClick={props.onSave}>
        {t("log.save")}
      </Button>
      <Button block kind="plain" testId="howto-toggle" onClick={() => props.setHowTo(!props.howTo)}>
        {props.howTo ? "▾" : "▸"} {t("log.howTo")}
      </Button>
      {/* The four steps of a good home reading, folded away until asked for. */}
      {props.howTo ? (
        <View className="howto" data-testid="howto">
          <View className="p">1. {t("log.howTo1")}</View>
          <View className="p">2. {t("log.howTo2")}</View>
          <View className="p">3. {t("log.howTo3")}</View>
          <View className="p">4. {t("log.howTo4")}</View>
        </View>
      ) : null}
    </View>
  );
}

export function GlucoseForm(props: {
  glucose: GlucoseDraft;
  setGlucose: (g: GlucoseDraft) => void;
  /** The value in mmol/L when typed in mg/dL. */
  mmolPreview?: number;
  err: ErrorOf;
  onSave: () => void;
}) {
  const { t } = useApp();
  const { glucose, setGlucose } = props;
  return (
    <View className="card" data-testid="glucose-form">
      <View className="h2">{t("log.glucose")}</View>
      <Field
        name="value"
        type="digit"
        label={`${t("log.value")} (${glucose.unit})`}
        value={glucose.value}
        onInput={(value) => setGlucose({ ...glucose, value })}
        error={props.err("value")}
        maxlength={5}
        hint={props.mmolPreview !== undefined ? t("log.mmolEquivalent", { v: props.mmolPreview }) : undefined}
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
        error={props.err("context")}
      />
      <Button block testId="save-glucose" onClick={props.onSave}>
        {t("log.save")}
      </Button>
    </View>
  );
}
