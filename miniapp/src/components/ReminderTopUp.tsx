import { View } from "@tarojs/components";
import { useState } from "react";
import { askSubscriptions, type Outcome } from "../platform";
import { useApp } from "../state/store";
import { Button } from "./Button";

/**
 * "One more WeChat reminder": asks WeChat for the programme's templates right in the tap (WeChat
 * allows the request only from a tap, so the template ids come from the cached reminder view) and
 * reports each answer to the server, which counts the acceptances.
 */
export function ReminderTopUp({ testId = "remind", label }: { testId?: string; label?: string }) {
  const { state, store, t } = useApp();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const ids = state.reminders?.subscribeTemplateIds ?? [];
  const tap = async () => {
    const asked = await askSubscriptions(ids);
    setOutcome(asked.outcome);
    if (Object.keys(asked.results).length) {
      await store.reportSubscriptions("reminders", asked.results).catch(() => undefined);
    }
  };
  if (outcome) {
    return (
      <View className="muted" data-testid={`${testId}-outcome`}>
        {outcome === "ok"
          ? t("today.remindOk")
          : outcome === "unsupported"
            ? t("today.remindUnsupported")
            : t("today.remindNo")}
      </View>
    );
  }
  return (
    <Button testId={testId} kind="secondary" onClick={() => void tap()}>
      {label ?? t("today.remind")}
    </Button>
  );
}
