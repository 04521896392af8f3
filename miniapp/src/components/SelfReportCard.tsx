// The monthly self-report (issue 13 item 7): nine short questions (Hill-Bone medication-taking
// subscale, shared/self-report.ts), asked on the me page once a month until answered or put off
// with "这个月不填了" (remembered for the month on this device).
import { HILL_BONE_CHOICES, HILL_BONE_ITEMS, localDateOf, type SelfReportAnswer } from "@steady/shared";
import { View } from "@tarojs/components";
import { useCallback, useEffect, useState } from "react";
import { uuidv7 } from "uuidv7";
import { taroStorage } from "../platform";
import { useApp } from "../state/store";
import { Button } from "./Button";

const DISMISSED_KEY = "steady.selfReport.dismissed";

export function SelfReportCard() {
  const { state, store, t } = useApp();
  const month = localDateOf(store.now(), state.tz).slice(0, 7);
  const [show, setShow] = useState(false);
  const [open, setOpen] = useState(false);
  const [answers, setAnswers] = useState<SelfReportAnswer[]>(HILL_BONE_ITEMS.map(() => null));
  // One id per month's answer set, kept across retries: the server stores it once.
  const [id] = useState(uuidv7);
  const [note, setNote] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const en = state.prefs.locale === "en";

  const check = useCallback(async () => {
    if ((await taroStorage.get<string>(DISMISSED_KEY)) === month) return;
    const reports = await store.call((api) => api.selfReports()).catch(() => null);
    // Offline or failing: ask another time rather than risk asking twice.
    if (reports && !reports.some((r) => r.month === month)) setShow(true);
  }, [store, month]);
  useEffect(() => {
    void check();
  }, [check]);

  if (done) {
    return (
      <View className="card" role="status" data-testid="self-report-done">
        {t("selfReport.thanks")}
      </View>
    );
  }
  if (!show) return null;

  const dismiss = async () => {
    await taroStorage.set(DISMISSED_KEY, month);
    setShow(false);
  };
  const send = async () => {
    const missing = answers.filter((a) => a == null).length;
    if (missing > 2) return setNote(t("selfReport.answerMore", { n: missing }));
    try {
      await store.call((api) => api.submitSelfReport({ id, month, answers }));
      setDone(true);
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  return (
    <View className="card self-report" data-testid="self-report-card">
      <View className="h2">{t("selfReport.title")}</View>
      <View className="p">{t("selfReport.intro")}</View>
      {!open ? (
        <View className="row-buttons">
          <Button testId="self-report-start" onClick={() => setOpen(true)}>
            {t("selfReport.start")}
          </Button>
          <Button kind="plain" testId="self-report-dismiss" onClick={() => void dismiss()}>
            {t("selfReport.later")}
          </Button>
        </View>
      ) : (
        <>
          {HILL_BONE_ITEMS.map((item, i) => (
            <View className="self-report-item" key={item.id} data-testid={`sr-item-${item.id}`}>
              <View className="p big strong">
                {i + 1}. {en ? item.en : item.zh}
              </View>
              <View className="choices" role="radiogroup">
                {HILL_BONE_CHOICES.map((c) => (
                  <View
                    key={c.value}
                    role="radio"
                    aria-checked={answers[i] === c.value}
                    data-testid={`sr-${item.id}-${c.value}`}
                    className={`choice${answers[i] === c.value ? " chosen" : ""}`}
                    onClick={() => setAnswers((a) => a.map((x, j) => (j === i ? c.value : x)))}
                  >
                    {en ? c.en : c.zh}
                  </View>
                ))}
              </View>
            </View>
          ))}
          {note ? (
            <View className="field-error" role="alert" data-testid="self-report-error">
              {note}
            </View>
          ) : null}
          <Button block testId="self-report-send" onClick={() => void send()}>
            {t("selfReport.send")}
          </Button>
          <View className="p muted small">{t("selfReport.source")}</View>
        </>
      )}
    </View>
  );
}
