import { localDateOf } from "@steady/shared";
import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useCallback, useState } from "react";
import { AlarmOffer } from "../../components/AlarmOffer";
import { Button } from "../../components/Button";
import { PlanConflicts } from "../../components/PlanConflicts";
import { Screen } from "../../components/Screen";
import { SupplyCard } from "../../components/SupplyCard";
import { visiblePlans } from "../../lib/today-model";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

export default function Plans() {
  const { state, store, t } = useApp();
  const [confirmStop, setConfirmStop] = useState<string | null>(null);
  useGate(
    useCallback(async () => {
      await store.refreshPlans();
    }, [store]),
  );
  const today = localDateOf(store.now(), state.tz);
  const plans = visiblePlans(state.plans ?? [], state.queue).filter(
    (p) => !p.stopped && (!p.endDate || p.endDate >= today),
  );

  const stop = async (id: string) => {
    // Based on the version shown (If-Match, ADR 0011); a plan still being created will be version 1.
    const shown = plans.find((p) => p.id === id);
    await store.write("plan_delete", {}, { target: id, baseVersion: shown?.version ?? 1 });
    setConfirmStop(null);
  };

  return (
    <Screen tab="plans" testId="page-plans">
      <View className="h1">{t("plans.title")}</View>
      <PlanConflicts />
      {plans.length === 0 ? <View className="card">{t("plans.none")}</View> : null}
      {plans.map((p) => (
        <View key={p.id} className="card" data-testid="plan-row">
          <View className="dose-drug">{p.drug}</View>
          <View className="dose-amount">{p.dose}</View>
          <View className="p">{t("plans.times", { times: p.times.join("、") })}</View>
          <View className="muted">
            {t("plans.from", { start: p.startDate })}
            {p.endDate ? ` · ${t("plans.until", { end: p.endDate })}` : ""}
          </View>
          {p.prescribedBy ? <View className="tag">{t("plans.fromDoctor")}</View> : null}
          {p.pending ? <View className="tag">{t("sync.pendingTag")}</View> : null}
          {p.pending ? null : <SupplyCard plan={p} />}
          {confirmStop === p.id ? (
            <View className="confirm" data-testid="stop-confirm">
              <View className="p">{t("plans.stopConfirm", { drug: p.drug })}</View>
              <View className="row-buttons">
                <Button kind="danger" testId="stop-yes" onClick={() => void stop(p.id)}>
                  {t("plans.stopYes")}
                </Button>
                <Button kind="secondary" onClick={() => setConfirmStop(null)}>
                  {t("common.cancel")}
                </Button>
              </View>
            </View>
          ) : (
            <View className="row-buttons">
              <Button
                kind="secondary"
                testId="plan-edit"
                onClick={() => void Taro.navigateTo({ url: `/pages/plans/edit?id=${p.id}` })}
              >
                {t("plans.edit")}
              </Button>
              <Button kind="secondary" testId="plan-stop" onClick={() => setConfirmStop(p.id)}>
                {t("plans.stop")}
              </Button>
            </View>
          )}
        </View>
      ))}
      <Button block testId="plan-add" onClick={() => void Taro.navigateTo({ url: "/pages/plans/edit" })}>
        ＋ {t("plans.add")}
      </Button>
      {/* Offered whenever the times differ from the alarms already set: after a plan is added or changed. */}
      <AlarmOffer always />
    </Screen>
  );
}
