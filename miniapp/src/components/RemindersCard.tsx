import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { QuotaView } from "../api/types";
import type { MessageKey } from "../i18n";
import { useApp } from "../state/store";
import { Button } from "./Button";
import { ReminderTopUp } from "./ReminderTopUp";

const purposeKey = (q: QuotaView): MessageKey =>
  q.purposes.includes("dose")
    ? "rem.purpose.dose"
    : q.purposes.includes("tip")
      ? "rem.purpose.tip"
      : "rem.purpose.other";

/** Today: how many WeChat reminders are left per template, and the offer to top up (docs/product.md). */
export function RemindersCard() {
  const { state, t } = useApp();
  const r = state.reminders;
  if (!r || r.status === "unavailable") return null;
  const settings = (
    <Button
      kind="plain"
      small
      testId="reminder-settings"
      onClick={() => void Taro.navigateTo({ url: "/pages/reminders/index" })}
    >
      {t("rem.settings")}
    </Button>
  );
  if (r.status === "off") {
    return (
      <View className="card" data-testid="reminders-card">
        <View className="muted">{t("rem.off")}</View>
        {settings}
      </View>
    );
  }
  // "Used up" only for someone who had reminders (or whom WeChat refused); a patient who never
  // subscribed has not used anything up: they are offered to start.
  const never = r.status === "empty" && !r.quotaExhausted;
  return (
    <View className="card" data-testid="reminders-card" data-status={never ? "never" : r.status}>
      <View className="h2">{t("rem.title")}</View>
      {never ? (
        <View className="p" data-testid="reminders-never">
          {t("rem.never")}
        </View>
      ) : null}
      {never
        ? null
        : r.quota.map((q) => (
            <View key={q.templateId} className="kv" data-testid="reminders-left">
              {q.longTerm
                ? t("rem.longTerm", { what: t(purposeKey(q)) })
                : t("rem.left", { what: t(purposeKey(q)), n: q.remaining ?? 0 })}
            </View>
          ))}
      {r.status === "empty" && r.quotaExhausted ? (
        <View className="p strong" data-testid="reminders-empty">
          ⚠ {t("rem.empty")}
        </View>
      ) : null}
      {r.status === "low" ? <View className="p">{t("rem.low")}</View> : null}
      {r.lastReminder && !r.lastReminder.reached ? <View className="p">⚠ {t("rem.unreached")}</View> : null}
      <View className="muted">{t("rem.why")}</View>
      <ReminderTopUp testId="top-up" label={never ? t("rem.start") : t("rem.topUp")} />
      <View className="muted" data-testid="sms-hint">
        {r.sms?.consent ? t("rem.smsOn") : t("rem.smsOff")}
      </View>
      {settings}
    </View>
  );
}
