import { View } from "@tarojs/components";
import { useRouter } from "@tarojs/taro";
import { Button } from "../../components/Button";
import { Choice } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { useApp } from "../../state/store";
import { DrugsField, ReportResult, SeriousFields, WhatField, WhenFields } from "./report-parts";
import { useSideEffectReport } from "./use-report";

/**
 * 身体不适 / 副作用: a side-effect or special-situation report in plain words, large type. Sent at
 * once when online (the server's advice is shown); kept in the same outbox as doses when not
 * (the safe default advice is shown here), so nothing the patient said is lost.
 */
export default function SideEffectReport() {
  const { t } = useApp();
  const params = useRouter().params as { planId?: string; from?: string };
  const { draft, set, today, errors, busy, result, submit } = useSideEffectReport(params.planId);

  if (result) {
    return (
      <Screen testId="page-side-effect">
        <ReportResult result={result} />
      </Screen>
    );
  }

  return (
    <Screen testId="page-side-effect">
      <View className="h1">{t("safety.title")}</View>
      {params.from === "skip" ? <View className="notice">{t("skip.sideEffectNext")}</View> : null}
      <View className="notice urgent-line" role="note">
        {t("safety.emergency")}
      </View>
      <WhatField draft={draft} set={set} error={errors.what} />
      <DrugsField draft={draft} set={set} />
      <WhenFields draft={draft} set={set} today={today} />
      <SeriousFields draft={draft} set={set} />
      <Choice
        name="contact"
        label={t("safety.contactLabel")}
        value={draft.contact}
        options={[
          { value: "yes", label: t("safety.contactYes") },
          { value: "no", label: t("safety.contactNo") },
        ]}
        onChange={(contact) => set({ contact })}
        error={errors.contact}
      />
      <Button block testId="send-report" disabled={busy} onClick={() => void submit()}>
        {busy ? t("safety.sending") : t("safety.send")}
      </Button>
    </Screen>
  );
}
