// 用药日记: the patient's month on one page to show the doctor at the visit (issue 13 item 6) —
// the dose calendar, BP and glucose readings with the out-of-range ones marked, side effects
// reported and the month's self-report, from GET /me/diary. Large type; the calendar fills the
// width, so the page also reads turned sideways. Saving: in WeChat a screenshot keeps it (drawing
// it to a canvas image is left out); in the browser build "打印 / 存为 PDF" prints a page styled
// for paper (app.css @media print).
import { DIARY_MARKS, diaryDayState, localDateOf, localTimeOf } from "@steady/shared";
import { View } from "@tarojs/components";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Diary, DiaryDay } from "../../api/types";
import { BackButton } from "../../components/BackButton";
import { Button } from "../../components/Button";
import { Screen } from "../../components/Screen";
import { isH5 } from "../../platform/env";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

const shiftMonth = (month: string, n: number) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
};

/** A glyph per day, so the calendar reads without colour. */
export function dayMark(d: DiaryDay | undefined): { mark: string; kind: string } {
  if (!d) return { mark: "", kind: "future" };
  const kind = diaryDayState(d);
  return { mark: DIARY_MARKS[kind], kind };
}

export default function DiaryPage() {
  const { state, store, t } = useApp();
  const thisMonth = localDateOf(store.now(), state.tz).slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const [diary, setDiary] = useState<Diary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setDiary(await store.call((api) => api.diary(month)));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [store, month]);
  const gate = useGate(load);
  // The gate loads the first month when the page shows; another month chosen here loads at once.
  const firstLoad = useRef(true);
  useEffect(() => {
    if (firstLoad.current) {
      firstLoad.current = false;
      return;
    }
    void load();
  }, [load]);
  const en = state.prefs.locale === "en";
  const weekdays = en
    ? ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    : ["一", "二", "三", "四", "五", "六", "日"];
  const when = (iso: string) => {
    const at = Date.parse(iso);
    return `${localDateOf(at, state.tz).slice(5)} ${localTimeOf(at, state.tz)}`;
  };

  const calendar = (d: Diary) => {
    const lead = (new Date(`${d.from}T00:00:00Z`).getUTCDay() + 6) % 7; // weeks start on Monday
    const last = Number(d.to.slice(8));
    const byDate = new Map(d.days.map((x) => [x.date, x]));
    const cells = [
      ...Array.from({ length: lead }, (_, i) => ({ key: `lead-${i}`, date: null as string | null })),
      ...Array.from({ length: last }, (_, i) => {
        const date = `${d.month}-${String(i + 1).padStart(2, "0")}`;
        return { key: date, date };
      }),
    ];
    return (
      <View className="diary-cal" data-testid="diary-calendar">
        {weekdays.map((w) => (
          <View key={w} className="diary-cal-head">
            {w}
          </View>
        ))}
        {cells.map(({ key, date }) => {
          if (!date) return <View key={key} className="diary-cell" />;
          const m = dayMark(byDate.get(date));
          return (
            <View key={key} className={`diary-cell is-${m.kind}`} data-testid={`diary-day-${date}`}>
              <View className="diary-num">{Number(date.slice(8))}</View>
              <View className="diary-mark">{m.mark}</View>
            </View>
          );
        })}
      </View>
    );
  };

  return (
    <Screen testId="page-diary">
      <View className="no-print">
        <BackButton fallback="/pages/me/index" />
      </View>
      <View className="h1">
        {t("diary.title")} · {month}
      </View>
      <View className="row-buttons no-print">
        <Button kind="secondary" testId="diary-prev" onClick={() => setMonth(shiftMonth(month, -1))}>
          ‹ {t("diary.prev")}
        </Button>
        {month < thisMonth ? (
          <Button kind="secondary" testId="diary-next" onClick={() => setMonth(shiftMonth(month, 1))}>
            {t("diary.next")} ›
          </Button>
        ) : null}
        {isH5 && typeof window !== "undefined" && typeof window.print === "function" ? (
          <Button kind="secondary" testId="diary-print" onClick={() => window.print()}>
            {t("diary.print")}
          </Button>
        ) : null}
      </View>
      {gate.status === "offline" && !diary ? <View className="muted">{t("sync.offline")}</View> : null}
      {error ? (
        <View className="field-error" role="alert">
          {t("common.error", { msg: error })}
        </View>
      ) : null}
      {!isH5 ? <View className="p muted no-print">{t("diary.saveHint")}</View> : null}
      {diary && diary.month === month ? (
        <>
          <View className="card">
            <View className="p big strong" data-testid="diary-doses">
              {t("diary.doses", {
                taken: diary.doses.taken,
                due: diary.doses.due,
                pct: diary.doses.adherence == null ? "—" : `${Math.round(diary.doses.adherence * 100)}%`,
              })}
            </View>
            {calendar(diary)}
            <View className="p muted">{t("diary.legend")}</View>
          </View>
          <View className="card">
            <View className="h2">
              {t("diary.bp", { sys: diary.bpTarget.systolic, dia: diary.bpTarget.diastolic })}
            </View>
            {diary.bp.length === 0 ? <View className="muted">{t("diary.none")}</View> : null}
            <View className="diary-readings" data-testid="diary-bp">
              {diary.bp.map((r) => (
                <View key={r.id} className={`diary-reading${r.outOfRange ? " is-out" : ""}`}>
                  <View className="muted">{when(r.measuredAt)}</View>
                  <View className="big strong">
                    {r.systolic}/{r.diastolic}
                    {r.outOfRange ? ` ▲ ${t("diary.high")}` : ""}
                  </View>
                </View>
              ))}
            </View>
          </View>
          <View className="card">
            <View className="h2">{t("diary.glucose", { low: diary.glucoseRange.low })}</View>
            {diary.glucose.length === 0 ? <View className="muted">{t("diary.none")}</View> : null}
            <View className="diary-readings" data-testid="diary-glucose">
              {diary.glucose.map((r) => {
                const low = r.category.startsWith("hypo");
                return (
                  <View key={r.id} className={`diary-reading${r.outOfRange ? " is-out" : ""}`}>
                    <View className="muted">{when(r.measuredAt)}</View>
                    <View className="big strong">
                      {r.value}
                      {r.outOfRange ? (low ? ` ▼ ${t("diary.low")}` : ` ▲ ${t("diary.high")}`) : ""}
                    </View>
                  </View>
                );
              })}
            </View>
          </View>
          <View className="card" data-testid="diary-side-effects">
            <View className="h2">{t("diary.sideEffects")}</View>
            {diary.sideEffects.length === 0 ? (
              <View className="muted">{t("diary.noneSideEffects")}</View>
            ) : null}
            {diary.sideEffects.map((s) => (
              <View key={s.id} className="p big">
                {when(s.awareAt).slice(0, 5)} {[...s.symptoms, s.description].filter(Boolean).join("；")}
              </View>
            ))}
          </View>
          <View className="card" data-testid="diary-self-report">
            <View className="h2">{t("diary.selfReport")}</View>
            <View className="p big">
              {diary.selfReport
                ? diary.selfReport.score == null
                  ? t("diary.selfReportIncomplete")
                  : t("diary.selfReportScore", { score: diary.selfReport.score })
                : t("diary.selfReportNone")}
            </View>
          </View>
        </>
      ) : null}
    </Screen>
  );
}
