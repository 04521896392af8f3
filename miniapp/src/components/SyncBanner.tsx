import { View } from "@tarojs/components";
import { useApp } from "../state/store";
import { Button } from "./Button";

/** Always-visible upload state: how many records wait, and which ones the server refused. */
export function SyncBanner() {
  const { state, store, t } = useApp();
  const pending = state.queue.filter((i) => i.state === "pending").length;
  const failed = state.queue.filter((i) => i.state === "failed");
  if (pending === 0 && failed.length === 0 && state.online) return null;
  return (
    <View className="sync-banner" role="status" data-testid="sync-banner">
      {!state.online ? <View className="sync-line">⚡ {t("sync.offline")}</View> : null}
      {pending > 0 ? (
        <View className="sync-row">
          <View className="sync-line strong" data-testid="sync-pending">
            {t("sync.waiting", { n: pending })}
          </View>
          <Button small kind="secondary" onClick={() => void store.sync()}>
            {t("sync.retry")}
          </Button>
        </View>
      ) : null}
      {failed.map((item) => (
        <View key={item.id} className="sync-failed" data-testid="sync-failed">
          <View className="sync-line">
            ✗ {t("sync.failedItem", { reason: item.error?.messages.join("; ") || item.error?.status || "?" })}
          </View>
          <Button small kind="secondary" onClick={() => void store.queue.remove(item.id)}>
            {t("sync.dismiss")}
          </Button>
        </View>
      ))}
    </View>
  );
}
