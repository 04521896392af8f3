import { expandSlots, localDateOf, localTimeOf } from "@steady/shared";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { TodaySlot } from "../../api/types";
import { AlarmOffer } from "../../components/AlarmOffer";
import { Button } from "../../components/Button";
import { RemindersCard } from "../../components/RemindersCard";
import { ReminderTopUp } from "../../components/ReminderTopUp";
import { Screen } from "../../components/Screen";
import { SideEffectEntry } from "../../components/SideEffectEntry";
import { SkipReasons } from "../../components/SkipReasons";
import { type DoseRow, doseRows, visiblePlans } from "../../lib/today-model";
import { undoWindowMs } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

export default function Today() {
  const { state, store, t } = useApp();
  const [now, setNow] = useState(() => store.now());
  const date = localDateOf(now, state.tz);
  // After a Take, that row offers one more WeChat reminder (the ask must follow a tap).
  const [remind, setRemind] = useState<string | null>(null);
  // A taken slot whose "took another?" question is open (answered inline, no pop-up).
  const [askAgain, setAskAgain] = useState<string | null>(null);
  const [askWhy, setAskWhy] = useState<string | null>(null); // the row whose Skip asks why

  const load = useCallback(async () => {
    const d = localDateOf(store.now(), store.state.tz);
    await Promise.all([
      store.refreshToday(d),
      store.refreshPlans(),
      // Reminders left and the templates to ask for: the page works without them.
      store.refreshReminders().catch(() => undefined),
    ]);
  }, [store]);
  const gate = useGate(load);

  // Tick every second while an undo countdown runs, every half minute otherwise (late marks).
  const holding = state.queue.some((i) => i.holdUntil !== undefined && i.holdUntil > now);
  useEffect(() => {
    const timer = setInterval(() => setNow(store.now()), holding ? 1000 : 30_000);
    return () => clearInterval(timer);
  }, [holding, store]);

  // Doses the server has not listed: plans created on this phone and not uploaded yet, and —
  // offline on a day never fetched — every known plan, expanded here with the shared rules.
  const extra = useMemo<TodaySlot[]>(() => {
    const fetched = state.today[date];
    const known = new Set((fetched ?? []).map((s) => s.planId));
    return visiblePlans(state.plans ?? [], state.queue)
      .filter((p) => !p.stopped && !known.has(p.id) && (p.pending || !fetched))
      .flatMap((p) =>
        expandSlots({ ...p, stoppedAt: null }, date, date, state.tz).map((slot) => ({
          planId: p.id,
          drug: p.drug,
          dose: p.dose,
          scheduledAt: new Date(slot.scheduledAt).toISOString(),
          time: slot.time,
          status: "upcoming" as const,
        })),
      );
  }, [state.today, state.plans, state.queue, date, state.tz]);

  const rows = doseRows(state.today[date] ?? [], state.queue, now, extra, state.settled);

  const log = async (
    row: DoseRow,
    status: "taken" | "skipped",
    opts: { extraDose?: boolean; skipReason?: string } = {},
  ) => {
    const { extraDose = false, skipReason } = opts;
    // A new tap on the same slot replaces a Take/Skip that is still inside its undo window.
    if (row.undoId && !extraDose) await store.queue.remove(row.undoId);
    await store.write(
      "dose",
      {
        planId: row.planId,
        scheduledAt: row.scheduledAt,
        status,
        at: store.now(),
        ...(extraDose ? { extra: true } : {}),
        ...(skipReason ? { skipReason } : {}),
      },
      { holdMs: undoWindowMs },
    );
    setNow(store.now());
    setAskAgain(null);
    setRemind(status === "taken" ? row.key : null);
  };

  return (
    <Screen tab="today" testId="page-today">
      <View className="h1">{t("today.title")}</View>
      <View className="muted">{date}</View>
      {gate.status === "loading" && rows.length === 0 ? (
        <View className="muted">{t("common.loading")}</View>
      ) : null}
      {gate.status === "error" ? (
        <View className="notice">
          {t("login.failed")}
          <Button small kind="secondary" onClick={() => void gate.retry()}>
            {t("common.retry")}
          </Button>
        </View>
      ) : null}
      {gate.status === "offline" && state.today[date] ? (
        <View className="muted">{t("today.offlineCache")}</View>
      ) : null}
      {gate.status !== "loading" && rows.length === 0 ? (
        <View className="card">
          <View>{t("today.none")}</View>
          <Button onClick={() => void Taro.navigateTo({ url: "/pages/plans/edit" })}>
            {t("today.addPlan")}
          </Button>
        </View>
      ) : null}
      {rows.map((row) => (
        <View
          key={row.key}
          className={`card dose dose-${row.status}`}
          data-testid="dose-row"
          data-status={row.status}
        >
          <View className="dose-head">
            <Text className="dose-time">{localTimeOf(row.scheduledAt, state.tz)}</Text>
            <View className="dose-what">
              <View className="dose-drug">{row.drug}</View>
              <View className="dose-amount">{row.dose}</View>
            </View>
          </View>
          <View className={`dose-status status-${row.status}`} data-testid="dose-status">
            {t(`today.status.${row.status}`)}
            {row.pending ? <Text className="tag">{t("sync.pendingTag")}</Text> : null}
            {row.extraDoses > 0 ? (
              <Text className="tag tag-warn" data-testid="extra-doses">
                {t("today.extraDoses", { n: row.extraDoses })}
              </Text>
            ) : null}
          </View>
          {row.lateMs >= 60 * 60_000 ? (
            <View className="late" data-testid="dose-late">
              {t("today.late", { h: Math.floor(row.lateMs / 3_600_000) })}
            </View>
          ) : row.lateMs > 0 ? (
            <View className="late">{t("today.lateMin", { m: Math.floor(row.lateMs / 60_000) })}</View>
          ) : null}
          {row.failedReason ? <View className="field-error">✗ {row.failedReason}</View> : null}
          {row.status === "due" || row.status === "upcoming" ? (
            <View className="row-buttons">
              <Button testId="take" onClick={() => void log(row, "taken")}>
                ✓ {t("today.take")}
              </Button>
              <Button testId="skip" kind="secondary" onClick={() => setAskWhy(row.key)}>
                {t("today.skip")}
              </Button>
            </View>
          ) : null}
          {row.status === "taken" && !row.undoId && askAgain !== row.key ? (
            <Button testId="take-again" kind="plain" small onClick={() => setAskAgain(row.key)}>
              {t("today.takeAgain")}
            </Button>
          ) : null}
          {row.status === "taken" && askAgain === row.key ? (
            <View className="confirm" data-testid="take-again-ask">
              <View className="strong">{t("today.takeAgainAsk")}</View>
              <View className="row-buttons">
                <Button
                  testId="take-again-yes"
                  kind="danger"
                  onClick={() => void log(row, "taken", { extraDose: true })}
                >
                  {t("today.takeAgainYes")}
                </Button>
                <Button testId="take-again-no" kind="secondary" onClick={() => setAskAgain(null)}>
                  {t("today.takeAgainNo")}
                </Button>
              </View>
            </View>
          ) : null}
          {askWhy === row.key ? (
            <SkipReasons
              planId={row.planId}
              onCancel={() => setAskWhy(null)}
              onPick={(r) => void log(row, "skipped", { skipReason: r }).then(() => setAskWhy(null))}
            />
          ) : null}
          {row.undoId && row.undoUntil ? (
            <View className="row-buttons">
              <Button
                testId="undo"
                kind="secondary"
                onClick={() => void store.queue.remove(row.undoId as string)}
              >
                ↶ {t("today.undo")}
              </Button>
              <View className="muted">
                {t("today.undoHint", { s: Math.max(0, Math.ceil((row.undoUntil - now) / 1000)) })}
              </View>
            </View>
          ) : null}
          {remind === row.key && row.status === "taken" ? (
            <View className="remind">
              <ReminderTopUp />
            </View>
          ) : null}
        </View>
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
