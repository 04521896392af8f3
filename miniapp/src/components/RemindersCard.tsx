import { View } from "@tarojs/components";
import type { QuotaView } from "../api/types";
import type { MessageKey } from "../i18n";
import { useApp } from "../state/store";
import { ReminderTopUp } from "./ReminderTopUp";

const purposeKey = (q: QuotaView): MessageKey =>
  q.purposes.includes("dose")
    ? "rem.purpose.dose"
    : q.purposes.includes("tip")
      ? "rem.purpose.tip"
      : "rem.purpose.other";

/** Today: how many WeChat reminders are left per template, and the offer to top up (DESIGN.md §5.1). */
export function RemindersCard() {
  const { state, t } = useApp();
  const r = state.reminders;
  if (!r || r.status === "unavailable") return null;
  if (r.status === "off") {
    return (
      <View className="card" data-testid="reminders-card">
        <View className="muted">{t("rem.off")}</View>
      </View>
    );
  }
  return (
    <View className="card" data-testid="reminders-card" data-status={r.status}>
      <View className="h2">{t("rem.title")}</View>
      {r.quota.map((q) => (
        <View key={q.templateId} className="kv" data-testid="reminders-left">
          {q.longTerm
            ? t("rem.longTerm", { what: t(purposeKey(q)) })
            : t("rem.left", { what: t(purposeKey(q)), n: q.remaining ?? 0 })}
        </View>
      ))}
      {r.status === "empty" ? <View className="p strong">⚠ {t("rem.empty")}</View> : null}
      {r.status === "low" ? <View className="p">{t("rem.low")}</View> : null}
      {r.lastReminder && !r.lastReminder.reached ? <View className="p">⚠ {t("rem.unreached")}</View> : null}
      <View className="muted">{t("rem.why")}</View>
      <ReminderTopUp testId="top-up" label={t("rem.topUp")} />
      <View className="muted" data-testid="sms-hint">
        {r.sms?.consent ? t("rem.smsOn") : t("rem.smsOff")}
      </View>
    </View>
  );
}
