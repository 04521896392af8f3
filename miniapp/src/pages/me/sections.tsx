import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import { Button } from "../../components/Button";
import { useApp } from "../../state/store";

const open = (url: string) => () => void Taro.navigateTo({ url });

/** The trends and the diary (each its own subpackage). */
export function RecordsCard() {
  const { t } = useApp();
  return (
    <View className="card">
      <Button block kind="secondary" onClick={open("/packages/trends/index")}>
        {t("me.trends")}
      </Button>
      <Button block kind="secondary" testId="open-diary" onClick={open("/packages/diary/index")}>
        {t("me.diary")}
      </Button>
    </View>
  );
}

/** Large type on or off, and the language; the one chosen is marked ✓ as well as by colour. */
export function PrefsCard() {
  const { state, store, t } = useApp();
  const { large, locale } = state.prefs;
  return (
    <View className="card">
      <View className="field-label">{t("me.largeText")}</View>
      <View className="row-buttons">
        <Button
          kind={large ? "primary" : "secondary"}
          testId="large-on"
          onClick={() => void store.setPrefs({ large: true })}
        >
          {large ? "✓ " : ""}
          {t("me.on")}
        </Button>
        <Button kind={large ? "secondary" : "primary"} onClick={() => void store.setPrefs({ large: false })}>
          {large ? "" : "✓ "}
          {t("me.off")}
        </Button>
      </View>
      <View className="field-label">{t("me.language")}</View>
      <View className="row-buttons">
        <Button
          kind={locale === "zh-CN" ? "primary" : "secondary"}
          onClick={() => void store.setPrefs({ locale: "zh-CN" })}
        >
          中文
        </Button>
        <Button
          kind={locale === "en" ? "primary" : "secondary"}
          testId="lang-en"
          onClick={() => void store.setPrefs({ locale: "en" })}
        >
          English
        </Button>
      </View>
    </View>
  );
}

/** Family follow (亲情关注): inviting someone, and the family member's own view. */
export function FamilyCard() {
  const { t } = useApp();
  return (
    <View className="card">
      <View className="h2">{t("me.family")}</View>
      <View className="p">{t("me.familyIntro")}</View>
      <Button block kind="secondary" testId="open-family" onClick={open("/packages/family/manage")}>
        {t("family.inviteTitle")}
      </Button>
      <Button block kind="plain" onClick={open("/packages/family/index")}>
        {t("family.openFamily")}
      </Button>
    </View>
  );
}

/** The patient's data: a summary to paste, the full export, and who read it. */
export function DataCard(props: { onCopySummary: () => void; onExport: () => void }) {
  const { t } = useApp();
  return (
    <View className="card">
      <Button block kind="secondary" onClick={props.onCopySummary}>
        {t("me.copySummary")}
      </Button>
      <Button block kind="secondary" testId="export" onClick={props.onExport}>
        {t("me.export")}
      </Button>
      <Button block kind="secondary" testId="open-access-log" onClick={open("/packages/privacy/access")}>
        {t("access.title")}
      </Button>
    </View>
  );
}

/** Deleting the account, behind a confirmation that names what is not uploaded yet; the consent shown. */
export function DeleteCard(props: { onDelete: () => void; consentVersion: string | null }) {
  const { state, t } = useApp();
  const [deleting, setDeleting] = useState(false);
  const unsynced = state.queue.length;
  return (
    <View className="card">
      {deleting ? (
        <View className="confirm" data-testid="delete-confirm">
          <View className="p strong">{t("me.deleteWarn")}</View>
          {unsynced > 0 ? <View className="p">{t("me.unsyncedWarn", { n: unsynced })}</View> : null}
          <Button block kind="danger" testId="delete-yes" onClick={props.onDelete}>
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
      {props.consentVersion ? (
        <View className="muted" data-testid="consent-version">
          {t("me.about", { v: props.consentVersion })}
        </View>
      ) : null}
    </View>
  );
}
