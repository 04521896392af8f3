import { View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { Choice } from "../../components/Field";
import { type Feedback, ReadingFeedback } from "../../components/ReadingFeedback";
import { ReminderTopUp } from "../../components/ReminderTopUp";
import { Screen } from "../../components/Screen";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";
import { BpForm, GlucoseForm } from "./forms";
import { useReadings } from "./use-readings";

type Kind = "bp" | "glucose";

export default function Log() {
  const { state, store, t } = useApp();
  const router = useRouter();
  const [kind, setKind] = useState<Kind>(router.params.kind === "glucose" ? "glucose" : "bp");
  const [howTo, setHowTo] = useState(false);
  const [last, setLast] = useState<{ id: string; feedback: Feedback } | null>(null);
  const forms = useReadings((id, feedback) => {
    setLast({ id, feedback });
    // The result appears above the form: bring it into view.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  });
  useGate(
    useCallback(async () => {
      // The templates to ask for after a saved reading (the ask must follow the tap at once).
      await store.refreshReminders().catch(() => undefined);
    }, [store]),
  );

  const err = (k: string) => (forms.errors[k] ? t(forms.errors[k] as never) : undefined);
  const stillQueued = last ? state.queue.some((i) => i.id === last.id) : false;

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
          forms.setErrors({});
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
        <BpForm
          bp={forms.bp}
          setBp={forms.setBp}
          err={err}
          onSave={() => void forms.saveBp()}
          howTo={howTo}
          setHowTo={setHowTo}
        />
      ) : (
        <GlucoseForm
          glucose={forms.glucose}
          setGlucose={forms.setGlucose}
          mmolPreview={forms.mmolPreview}
          err={err}
          onSave={() => void forms.saveGlucose()}
        />
      )}
    </Screen>
  );
}
