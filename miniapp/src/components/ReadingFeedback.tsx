import type { AlertKind, BpCategory, GlucoseCategory } from "@steady/shared";
import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { MessageKey } from "../i18n";
import { useApp } from "../state/store";
import { Button } from "./Button";

export type Feedback =
  | { kind: "bp"; category: BpCategory; alert: AlertKind | null; pending: boolean }
  | { kind: "glucose"; category: GlucoseCategory; alert: AlertKind | null; pending: boolean };

const BP_ADVICE: Partial<Record<BpCategory, MessageKey>> = {
  normal: "bp.advice.normal",
  high_normal: "bp.advice.high_normal",
  grade1: "bp.advice.grade1",
  grade2: "bp.advice.grade2",
};
const GLUCOSE_ADVICE: Partial<Record<GlucoseCategory, MessageKey>> = {
  hypo_l1: "glucose.advice.hypo_l1",
  in_target: "glucose.advice.in_target",
  above_target: "glucose.advice.above_target",
};

/** Plain-words result of a reading; an urgent one fills the screen width with what to do now. */
export function ReadingFeedback({ feedback }: { feedback: Feedback }) {
  const { t } = useApp();
  const title = t(`${feedback.kind}.${feedback.category}` as MessageKey);
  const saved = (
    <View className="fb-saved">{feedback.pending ? t("log.savedPending") : t("log.savedSynced")}</View>
  );

  let urgent: { title: MessageKey; body: MessageKey; call: boolean } | null = null;
  if (feedback.alert === "bp_crisis") urgent = { title: "bp.crisisTitle", body: "bp.crisis", call: true };
  else if (feedback.alert === "bp_urgent")
    urgent = { title: "bp.urgentTitle", body: "bp.urgent", call: false };
  else if (feedback.alert === "glucose_hypo_l2")
    urgent = { title: "glucose.urgentTitle", body: "glucose.hypoUrgent", call: true };
  else if (feedback.alert === "glucose_very_high")
    urgent = { title: "glucose.urgentTitle", body: "glucose.highUrgent", call: true };

  if (urgent) {
    return (
      <View className="feedback urgent" role="alert" data-testid="feedback-urgent">
        <View className="fb-title">{t(urgent.title)}</View>
        <View className="fb-category">{title}</View>
        <View className="fb-body">{t(urgent.body)}</View>
        {urgent.call ? (
          <Button
            kind="danger"
            block
            onClick={() => void Taro.makePhoneCall({ phoneNumber: "120" }).catch(() => {})}
          >
            ☎ {t("bp.call120")}
          </Button>
        ) : null}
        {saved}
      </View>
    );
  }
  const advice = feedback.kind === "bp" ? BP_ADVICE[feedback.category] : GLUCOSE_ADVICE[feedback.category];
  const ok = feedback.category === "normal" || feedback.category === "in_target";
  return (
    <View className={`feedback ${ok ? "ok" : "warn"}`} role="status" data-testid="feedback">
      <View className="fb-title">
        {ok ? "✓ " : "! "}
        {title}
      </View>
      {advice ? <View className="fb-body">{t(advice)}</View> : null}
      {saved}
    </View>
  );
}
