import { smsContactBody } from "@steady/shared";
import { View } from "@tarojs/components";
import { useCallback, useEffect, useState } from "react";
import type { SmsSettings } from "../api/types";
import { shownVersion } from "../lib/people";
import { type FieldErrors, validate } from "../lib/validation";
import { useApp } from "../state/store";
import { Button } from "./Button";
import { Checkbox } from "./Checkbox";
import { Field } from "./Field";
import { StatusNote } from "./StatusNote";

/**
 * SMS reminders (docs/product.md): a mainland mobile number and a consent of its own. SMS is sent
 * only when WeChat cannot carry a reminder, and never names a drug.
 */
export function SmsSettingsCard({ profilePhone }: { profilePhone?: string | null }) {
  const { store, t } = useApp();
  const [settings, setSettings] = useState<SmsSettings | null>(null);
  const [phone, setPhone] = useState("");
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const s = await store.call((api) => api.sms());
      setSettings(s);
      setPhone(s.phone ?? profilePhone ?? "");
    } catch {
      // offline: the card still lets the patient type; saving will say what went wrong
    }
  }, [store, profilePhone]);
  useEffect(() => {
    void load();
  }, [load]);

  // Which consent text is current is the server's word (GET /me/sms), never a constant here.
  const version = settings?.currentConsentVersion;
  const save = async (accepted: boolean) => {
    setNote(null);
    if (!version) {
      setNote(t("me.sms.needServer"));
      void load();
      return;
    }
    if (accepted && !consent) return setErrors({ consent: "me.sms.mustConsent" });
    const body = { phone: phone.trim(), consent: { version, accepted } };
    const v = validate(smsContactBody, body, { phone: "field.phone" });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    try {
      const s = await store.call((api) => api.saveSms(v.data));
      setSettings(s);
      setConsent(false);
      setNote(accepted ? null : t("me.sms.offNow"));
      void store.refreshReminders().catch(() => undefined);
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  const err = (k: string) => (errors[k] ? t(errors[k] as never) : undefined);
  return (
    <View className="card" data-testid="sms-card">
      <View className="h2">{t("me.sms.title")}</View>
      <View className="p">{t("me.sms.intro")}</View>
      <StatusNote text={note} />
      {settings?.consent ? (
        <View>
          <View className="p strong" data-testid="sms-on">
            {t("me.sms.on", { phone: settings.phone ?? "" })}
          </View>
          <Button block kind="secondary" testId="sms-off" onClick={() => void save(false)}>
            {t("me.sms.turnOff")}
          </Button>
        </View>
      ) : (
        <View>
          <Field
            name="smsPhone"
            type="number"
            label={t("me.sms.phone")}
            value={phone}
            onInput={setPhone}
            error={err("phone")}
            maxlength={11}
          />
          <Checkbox
            checked={consent}
            onChange={setConsent}
            label={t("me.sms.consent")}
            testId="sms-consent"
          />
          {version ? (
            <View className="muted">{t("me.sms.consentVersion", { v: shownVersion(version) })}</View>
          ) : null}
          {err("consent") ? <View className="field-error">✗ {err("consent")}</View> : null}
          <Button block testId="sms-save" onClick={() => void save(true)}>
            {t("me.sms.save")}
          </Button>
        </View>
      )}
    </View>
  );
}
