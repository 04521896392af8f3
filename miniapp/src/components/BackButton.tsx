import Taro from "@tarojs/taro";
import { isH5 } from "../platform";
import { useApp } from "../state/store";
import { Button } from "./Button";

/**
 * "← 返回" at the top of a subpage. WeChat draws its own back arrow in the title bar; the
 * browser build has no title bar, so without this a subpage is a dead end there.
 */
export function BackButton({ fallback = "/pages/today/index" }: { fallback?: string }) {
  const { t } = useApp();
  if (!isH5) return null;
  return (
    <Button
      kind="plain"
      small
      testId="back"
      onClick={() => {
        const canGoBack = Taro.getCurrentPages().length > 1;
        void (canGoBack ? Taro.navigateBack() : Taro.redirectTo({ url: fallback }));
      }}
    >
      ← {t("remset.back")}
    </Button>
  );
}
