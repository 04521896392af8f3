import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { Button } from "../../components/Button";
import { RevisitCard } from "../../components/RevisitCard";
import { Screen } from "../../components/Screen";
import { SelfReportCard } from "../../components/SelfReportCard";
import { SideEffectEntry } from "../../components/SideEffectEntry";
import { SmsSettingsCard } from "../../components/SmsSettingsCard";
import { StatusNote } from "../../components/StatusNote";
import { useApp } from "../../state/store";
import { DataCard, DeleteCard, FamilyCard, PrefsCard, RecordsCard } from "./sections";
import { useAccount } from "./use-account";

export default function Me() {
  const { t } = useApp();
  const account = useAccount();

  if (account.deleted) {
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
      <StatusNote text={account.note} />
      <RevisitCard />
      <RecordsCard />
      <SelfReportCard />
      <PrefsCard />
      <Button
        block
        kind="secondary"
        testId="open-reminder-settings"
        onClick={() => void Taro.navigateTo({ url: "/pages/reminders/index" })}
      >
        {t("rem.settings")}
      </Button>
      <SideEffectEntry mine />
      <SmsSettingsCard profilePhone={account.profilePhone} />
      <FamilyCard />
      <DataCard onCopySummary={() => void account.copySummary()} onExport={() => void account.exportAll()} />
      <DeleteCard onDelete={() => void account.deleteAccount()} consentVersion={account.consentVersion} />
    </Screen>
  );
}
