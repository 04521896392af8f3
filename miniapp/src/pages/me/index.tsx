import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useCallback, useState } from "react";
import { Button } from "../../components/Button";
import { RevisitCard } from "../../components/RevisitCard";
import { Screen } from "../../components/Screen";
import { SelfReportCard } from "../../components/SelfReportCard";
import { SideEffectEntry } from "../../components/SideEffectEntry";
import { SmsSettingsCard } from "../../components/SmsSettingsCard";
import { copyText, type Outcome, shareExport } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`;

export default function Me() {
  const { state, store, t } = useApp();
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [profilePhone, setProfilePhone] = useState<string | null>(null);
  // The consent the patient gave, as the server recorded it (GET /me), never a constant.
  const [consentVersion, setConsentVersion] = useState<string | null>(null);
  useGate(
    useCallback(async () => {
      // The phone given at enrolment fills in the SMS form.
      const me = await store.call((api) => api.me()).catch(() => null);
      const phone = me?.profile?.phone;
      if (phone) setProfilePhone(phone);
      if (me?.consent?.version) setConsentVersion(me.consent.version);
    }, [store]),
  );
  const unsynced = state.queue.length;

  const run = async (fn: () => Promise<Outcome | undefined>, ok: string) => {
    setNote(null);
    try {
      const outcome = await fn();
      setNote(outcome === "ok" || outcome === undefined ? ok : t("common.error", { msg: outcome }));
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  const exportAll = () =>
    run(async () => {
      const data = await store.call((api) => api.exportAll());
      return shareExport(
        `steady-export-${new Date(store.now()).toISOString().slice(0, 10)}.json`,
        JSON.stringify(data, null, 2),
      );
    }, t("me.exportDone"));

  const copySummary = () =>
    run(async () => {
      const s = await store.call((api) => api.summary(30));
      const bp = s.bp?.mean7d ? `${s.bp.mean7d.systolic}/${s.bp.mean7d.diastolic}` : "—";
      const text = t("me.summaryText", {
        adh: pct(s.doseAdherence),
        dc: pct(s.daysCovered),
        bp,
        tir: pct(s.glucose?.timeInRange),
      });
      return copyText(text);
    }, t("me.copied"));

  const deleteAccount = async () => {
    try {
      await store.call((api) => api.deleteMe());
      await store.forgetAll();
      setDeleted(true);
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  if (deleted) {
    return (
      <Screen testId="page-me">
        <View className="card" data-testid="deleted">
          {t("me.deleted")}
        </View>
      </Screen>
    );
  }

  return (
    <Screen tab="me" testId="page-me">
      <View className="h1">{t("me.title")}</View>
      {note ? (
        <View className="notice" role="status">
          {note}
        </View>
      ) : null}
      <RevisitCard />
      <View className="card">
        <Button
          block
          kind="secondary"
          onClick={() => void Taro.navigateTo({ url: "/packages/trends/index" })}
        >
          {t("me.trends")}
        </Button>
        <Button
          block
          kind="secondary"
          testId="open-diary"
          onClick={() => void Taro.navigateTo({ url: "/packages/diary/index" })}
        >
          {t("me.diary")}
        </Button>
      </View>
      <SelfReportCard />
      <View className="card">
        <View className="field-label">{t("me.largeText")}</View>
        <View className="row-buttons">
          <Button
            kind={state.prefs.large ? "primary" : "secondary"}
            testId="large-on"
            onClick={() => void store.setPrefs({ large: true })}
          >
            {state.prefs.large ? "✓ " : ""}
            {t("me.on")}
          </Button>
          <Button
            kind={state.prefs.large ? "secondary" : "primary"}
            onClick={() => void store.setPrefs({ large: false })}
          >
            {state.prefs.large ? "" : "✓ "}
            {t("me.off")}
          </Button>
        </View>
        <View className="field-label">{t("me.language")}</View>
        <View className="row-buttons">
          <Button
            kind={state.prefs.locale === "zh-CN" ? "primary" : "secondary"}
            onClick={() => void store.setPrefs({ locale: "zh-CN" })}
          >
            中文
          </Button>
          <Button
            kind={state.prefs.locale === "en" ? "primary" : "secondary"}
            testId="lang-en"
            onClick={() => void store.setPrefs({ locale: "en" })}
          >
            English
          </Button>
        </View>
      </View>
      <Button
        block
        kind="secondary"
        testId="open-reminder-settings"
        onClick={() => void Taro.navigateTo({ url: "/pages/reminders/index" })}
      >
        {t("rem.settings")}
      </Button>
      <SideEffectEntry mine />
      <SmsSettingsCard profilePhone={profilePhone} />
      <View className="card">
        <View className="h2">{t("me.family")}</View>
        <View className="p">{t("me.familyIntro")}</View>
        <Button
          block
          kind="secondary"
          testId="open-family"
          onClick={() => void Taro.navigateTo({ url: "/packages/family/manage" })}
        >
          {t("family.inviteTitle")}
        </Button>
        <Button block kind="plain" onClick={() => void Taro.navigateTo({ url: "/packages/family/index" })}>
          {t("family.openFamily")}
        </Button>
      </View>
      <View className="card">
        <Button block kind="secondary" onClick={() => void copySummary()}>
          {t("me.copySummary")}
        </Button>
        <Button block kind="secondary" testId="export" onClick={() => void exportAll()}>
          {t("me.export")}
        </Button>
        <Button
          block
          kind="secondary"
          testId="open-access-log"
          onClick={() => void Taro.navigateTo({ url: "/packages/privacy/access" })}
        >
          {t("access.title")}
        </Button>
      </View>
      <View className="card">
        {deleting ? (
          <View className="confirm" data-testid="delete-confirm">
            <View className="p strong">{t("me.deleteWarn")}</View>
            {unsynced > 0 ? <View className="p">{t("me.unsyncedWarn", { n: unsynced })}</View> : null}
            <Button block kind="danger" testId="delete-yes" onClick={() => void deleteAccount()}>
              {t("me.deleteConfirm")}
            </Button>
            <Button block kind="secondary" onClick={() => setDeleting(false)}>
              {t("common.cancel")}
            </Button>
          </View>
        ) : (
          <Button block kind="danger" testId="delete" onClick={() => setDeleting(true)}>
            {t("me.delete")}
          </Button>
        )}
        {consentVersion ? (
          <View className="muted" data-testid="consent-version">
            {t("me.about", { v: consentVersion })}
          </View>
        ) : null}
      </View>
    </Screen>
  );
}
