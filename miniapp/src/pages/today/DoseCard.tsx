import { localTimeOf } from "@steady/shared";
import { Text, View } from "@tarojs/components";
import { Button } from "../../components/Button";
import { ReminderTopUp } from "../../components/ReminderTopUp";
import { SkipReasons } from "../../components/SkipReasons";
import type { DoseRow } from "../../lib/today-model";
import { useApp } from "../../state/store";
import type { LogOptions } from "./use-today-doses";

/** Which of a row's inline questions is open (one at a time on the page). */
export interface DoseAsks {
  /** The row that offers one more WeChat reminder after a Take (the ask must follow a tap). */
  remind: string | null;
  /** A taken slot whose "took another?" question is open (answered inline, no pop-up). */
  askAgain: string | null;
  setAskAgain: (key: string | null) => void;
  /** The row whose Skip asks why. */
  askWhy: string | null;
  setAskWhy: (key: string | null) => void;
}

/** "Took another?" on a taken row: the link, then the inline question. */
function TakeAgain(props: { row: DoseRow; asks: DoseAsks; onYes: () => void }) {
  const { t } = useApp();
  const { row, asks } = props;
  if (row.status !== "taken") return null;
  if (asks.askAgain !== row.key)
    return row.undoId ? null : (
      <Button testId="take-again" kind="plain" small onClick={() => asks.setAskAgain(row.key)}>
        {t("today.takeAgain")}
      </Button>
    );
  return (
    <View className="confirm" data-testid="take-again-ask">
      <View className="strong">{t("today.takeAgainAsk")}</View>
      <View className="row-buttons">
        <Button testId="take-again-yes" kind="danger" onClick={props.onYes}>
          {t("today.takeAgainYes")}
        </Button>
        <Button testId="take-again-no" kind="secondary" onClick={() => asks.setAskAgain(null)}>
          {t("today.takeAgainNo")}
        </Button>
      </View>
    </View>
  );
}

/** Undo of a Take or Skip still in its window, with the seconds left. */
function UndoBar({ row, now }: { row: DoseRow; now: number }) {
  const { store, t } = useApp();
  if (!row.undoId || !row.undoUntil) return null;
  return (
    <View className="row-buttons">
      <Button testId="undo" kind="secondary" onClick={() => void store.queue.remove(row.undoId as string)}>
        ↶ {t("today.undo")}
      </Button>
      <View className="muted">
        {t("today.undoHint", { s: Math.max(0, Math.ceil((row.undoUntil - now) / 1000)) })}
      </View>
    </View>
  );
}

/** One dose of today: what and when, its status, and the taps it offers now. */
export function DoseCard(props: {
  row: DoseRow;
  now: number;
  asks: DoseAsks;
  log: (row: DoseRow, status: "taken" | "skipped", opts?: LogOptions) => Promise<void>;
}) {
  const { state, t } = useApp();
  const { row, asks, log } = props;
  return (
    <View className={`card dose dose-${row.status}`} data-testid="dose-row" data-status={row.status}>
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
          <Button testId="skip" kind="secondary" onClick={() => asks.setAskWhy(row.key)}>
            {t("today.skip")}
          </Button>
        </View>
      ) : null}
      <TakeAgain row={row} asks={asks} onYes={() => void log(row, "taken", { extraDose: true })} />
      {asks.askWhy === row.key ? (
        <SkipReasons
          planId={row.planId}
          onCancel={() => asks.setAskWhy(null)}
          onPick={(r) => void log(row, "skipped", { skipReason: r }).then(() => asks.setAskWhy(null))}
        />
      ) : null}
      <UndoBar row={row} now={props.now} />
      {asks.remind === row.key && row.status === "taken" ? (
        <View className="remind">
          <ReminderTopUp />
        </View>
      ) : null}
    </View>
  );
}
