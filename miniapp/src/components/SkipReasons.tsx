import { MISSED_DOSE_REASONS, type MissedDoseReason } from "@steady/shared";
import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useApp } from "../state/store";
import { Button } from "./Button";

/**
 * Asked on Skip: why the dose is not taken. "副作用" records the skip and goes on into a
 * side-effect report about that medicine (a skipped pill is often the first sign of one).
 */
export function SkipReasons(props: {
  planId: string;
  onPick: (reason: MissedDoseReason) => void;
  onCancel: () => void;
}) {
  const { t } = useApp();
  const pick = (r: MissedDoseReason) => {
    props.onPick(r);
    if (r === "side_effect")
      void Taro.navigateTo({
        url: `/packages/safety/report?planId=${encodeURIComponent(props.planId)}&from=skip`,
      });
  };
  return (
    <View className="skip-reasons" data-testid="skip-reasons">
      <View className="field-label">{t("skip.why")}</View>
      <View className="choices choice-stack" role="radiogroup">
        {MISSED_DOSE_REASONS.map((r) => (
          <View
            key={r}
            role="radio"
            aria-checked={false}
            className="choice"
            data-testid={`skip-${r}`}
            onClick={() => pick(r)}
          >
            {t(`skip.${r}`)}
          </View>
        ))}
      </View>
      <Button small kind="plain" onClick={props.onCancel}>
        {t("common.cancel")}
      </Button>
    </View>
  );
}
