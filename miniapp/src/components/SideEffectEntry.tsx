import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useApp } from "../state/store";
import { Button } from "./Button";

/** The way into a side-effect report (today and me pages): one big button in plain words. */
export function SideEffectEntry({ mine = false }: { mine?: boolean }) {
  const { t } = useApp();
  return (
    <View className="card safety-entry">
      <View className="p muted">{t("safety.entryHint")}</View>
      <Button
        block
        kind="secondary"
        testId="side-effect-entry"
        onClick={() => void Taro.navigateTo({ url: "/packages/safety/report" })}
      >
        {t("safety.entry")}
      </Button>
      {mine ? (
        <Button
          block
          kind="plain"
          testId="side-effect-mine"
          onClick={() => void Taro.navigateTo({ url: "/packages/safety/mine" })}
        >
          {t("safety.mine")}
        </Button>
      ) : null}
    </View>
  );
}
