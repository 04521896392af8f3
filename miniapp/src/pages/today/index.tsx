import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import { AlarmOffer } from "../../components/AlarmOffer";
import { Button } from "../../components/Button";
import { RemindersCard } from "../../components/RemindersCard";
import { Screen } from "../../components/Screen";
import { SideEffectEntry } from "../../components/SideEffectEntry";
import type { DoseRow } from "../../lib/today-model";
import { useApp } from "../../state/store";
import { DoseCard } from "./DoseCard";
import { type LogOptions, useTodayDoses } from "./use-today-doses";

/** Loading, a failed login with a retry, the offline copy, or the invitation to add a first plan. */
function TodayStatus(props: {
  gate: ReturnType<typeof useTodayDoses>["gate"];
  empty: boolean;
  cached: boolean;
}) {
  const { t } = useApp();
  const { gate, empty } = props;
  return (
    <>
      {gate.status === "loading" && empty ? <View className="muted">{t("common.loading")}</View> : null}
      {gate.status === "error" ? (
        <View className="notice">
          {t("login.failed")}
          <Button small kind="secondary" onClick={() => void gate.retry()}>
            {t("common.retry")}
          </Button>
        </View>
      ) : null}
      {gate.status === "offline" && props.cached ? (
        <View className="muted">{t("today.offlineCache")}</View>
      ) : null}
      {gate.status !== "loading" && empty ? (
        <View className="card">
          <View>{t("today.none")}</View>
          <Button onClick={() => void Taro.navigateTo({ url: "/pages/plans/edit" })}>
            {t("today.addPlan")}
          </Button>
        </View>
      ) : null}
    </>
  );
}

export default function Today() {
  const { state, t } = useApp();
  const { date, now, rows, gate, log } = useTodayDoses();
  const [remind, setRemind] = useState<string | null>(null);
  const [askAgain, setAskAgain] = useState<string | null>(null);
  const [askWhy, setAskWhy] = useState<string | null>(null);
  const asks = { remind, askAgain, setAskAgain, askWhy, setAskWhy };

  const logAndAsk = async (row: DoseRow, status: "taken" | "skipped", opts?: LogOptions) => {
    await log(row, status, opts);
    setAskAgain(null);
    setRemind(status === "taken" ? row.key : null);
  };

  return (
    <Screen tab="today" testId="page-today">
      <View className="h1">{t("today.title")}</View>
      <View className="muted">{date}</View>
      <TodayStatus gate={gate} empty={rows.length === 0} cached={Boolean(state.today[date])} />
      {rows.map((row) => (
        <DoseCard key={row.key} row={row} now={now} asks={asks} log={logAndAsk} />
      ))}
      <View className="row-buttons">
        <Button kind="secondary" onClick={() => void Taro.redirectTo({ url: "/pages/log/index?kind=bp" })}>
          {t("today.logBp")}
        </Button>
        <Button
          kind="secondary"
          onClick={() => void Taro.redirectTo({ url: "/pages/log/index?kind=glucose" })}
        >
          {t("today.logGlucose")}
        </Button>
      </View>
      <Button kind="plain" block onClick={() => void Taro.navigateTo({ url: "/packages/trends/index" })}>
        {t("today.trends")}
      </Button>
      <SideEffectEntry />
      <RemindersCard />
      <AlarmOffer />
    </Screen>
  );
}
