// Reminder settings: everything PATCH /me/reminders offers (on/off, the "did you take it?"
// follow-up and its delay, the weekly tip, how early the refill reminder comes, the reminders'
// language). Each choice is saved at once; the answer (or the reason it was not saved) appears
// under that choice.
import { REMINDER_LOCALES } from "@steady/shared";
import { View } from "@tarojs/components";
import { useCallback, useState } from "react";
import type { ReminderSettings } from "../../api/types";
import { BackButton } from "../../components/BackButton";
import { Choice } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { NetworkError } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

const DELAYS = [15, 30, 60, 90, 120, 180] as const;
const REFILL_LEADS = [3, 5, 7, 10, 14] as const;
type OnOff = "on" | "off";
const onOff = (b: boolean): OnOff => (b ? "on" : "off");

export default function ReminderSettingsPage() {
  const { state, store, t } = useApp();
  const settings = state.reminders?.settings;
  const [field, setField] = useState<{ name: keyof ReminderSettings; note: string; ok: boolean } | null>(
    null,
  );
  const gate = useGate(useCallback(async () => void (await store.refreshReminders()), [store]));

  const save = async <K extends keyof ReminderSettings>(name: K, value: ReminderSettings[K]) => {
    setField({ name, note: t("remset.saving"), ok: true });
    try {
      await store.saveReminderSettings({ [name]: value });
      setField({ name, note: t("remset.saved"), ok: true });
    } catch (e) {
      setField({
        name,
        note: e instanceof NetworkError ? t("remset.offline") : t("remset.failed"),
        ok: false,
      });
    }
  };
  const note = (name: keyof ReminderSettings) =>
    field?.name === name ? (
      <View
        className={field.ok ? "saved-note" : "field-error"}
        role={field.ok ? "status" : "alert"}
        data-testid={`note-${name}`}
      >
        {field.ok ? field.note : `✗ ${field.note}`}
      </View>
    ) : null;
  const yesNo = [
    { value: "on" as const, label: t("me.on") },
    { value: "off" as const, label: t("me.off") },
  ];

  return (
    <Screen testId="page-reminders">
      <BackButton fallback="/pages/me/index" />
      <View className="h1">{t("remset.title")}</View>
      {!settings ? (
        <View className="card">
          <View className={gate.status === "loading" ? "muted" : "field-error"}>
            {gate.status === "loading" ? t("common.loading") : t("remset.loadFailed")}
          </View>
        </View>
      ) : (
        <View className="card" data-testid="reminder-settings-form">
          <Choice<OnOff>
            name="enabled"
            label={t("remset.enabled")}
            value={onOff(settings.enabled)}
            options={yesNo}
            onChange={(v) => void save("enabled", v === "on")}
          />
          {note("enabled")}
          {!settings.enabled ? <View className="muted">{t("remset.enabledHint")}</View> : null}
          <Choice<OnOff>
            name="followUps"
            label={t("remset.followUps")}
            value={onOff(settings.followUps)}
            options={yesNo}
            onChange={(v) => void save("followUps", v === "on")}
          />
          {note("followUps")}
          {settings.followUps ? (
            <>
              <Choice<string>
                name="delay"
                label={t("remset.delay")}
                value={String(settings.followUpDelayMinutes)}
                options={DELAYS.map((n) => ({
                  value: String(n),
                  label: n < 60 ? t("remset.minutes", { n }) : t("remset.hours", { n: n / 60 }),
                }))}
                onChange={(v) => void save("followUpDelayMinutes", Number(v))}
              />
              {note("followUpDelayMinutes")}
            </>
          ) : null}
          <Choice<OnOff>
            name="weeklyTips"
            label={t("remset.tips")}
            value={onOff(settings.weeklyTips)}
            options={yesNo}
            onChange={(v) => void save("weeklyTips", v === "on")}
          />
          {note("weeklyTips")}
          <Choice<string>
            name="refillLead"
            label={t("remset.refillLead")}
            value={String(settings.refillLeadDays ?? 7)}
            options={REFILL_LEADS.map((n) => ({ value: String(n), label: t("remset.days", { n }) }))}
            onChange={(v) => void save("refillLeadDays", Number(v))}
          />
          {note("refillLeadDays")}
          <Choice<ReminderSettings["locale"]>
            name="locale"
            label={t("remset.locale")}
            value={settings.locale}
            options={REMINDER_LOCALES.map((l) => ({ value: l, label: l === "zh-CN" ? "中文" : "English" }))}
            onChange={(v) => void save("locale", v)}
          />
          {note("locale")}
        </View>
      )}
    </Screen>
  );
}
