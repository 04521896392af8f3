import { localDateOf } from "@steady/shared";
import { Textarea, View } from "@tarojs/components";
import { useCallback, useState } from "react";
import type { MySideEffect, SafetyQuestion } from "../../api/types";
import { Button } from "../../components/Button";
import { Screen } from "../../components/Screen";
import { StatusNote } from "../../components/StatusNote";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

/**
 * 我的不适报告: the patient's reports (those still on the phone first, marked as waiting), each
 * with any question from the safety team and a box to answer it.
 */
export default function MySideEffects() {
  const { state, store, t } = useApp();
  const [reports, setReports] = useState<MySideEffect[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setReports(await store.call((api) => api.sideEffects()));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [store]);
  const gate = useGate(load);

  const queued = state.queue.filter((i) => i.kind === "side_effect");
  const queuedIds = new Set(queued.map((i) => i.id));

  return (
    <Screen testId="page-my-side-effects">
      <View className="h1">{t("safety.mineTitle")}</View>
      {queued.map((q) => (
        <View key={q.id} className="card" data-testid="report-pending">
          <View className="strong">{summary(q.body as Partial<MySideEffect>)}</View>
          <View className="tag">{t("safety.pending")}</View>
        </View>
      ))}
      {gate.status === "offline" && !reports ? <View className="muted">{t("sync.offline")}</View> : null}
      {error ? <View className="notice">{t("common.error", { msg: error })}</View> : null}
      {reports && reports.length === 0 && queued.length === 0 ? (
        <View className="muted">{t("safety.mineNone")}</View>
      ) : null}
      {(reports ?? [])
        .filter((r) => !queuedIds.has(r.id))
        .map((r) => (
          <View key={r.id} className="card" data-testid="report">
            <View className="muted">
              {localDateOf(Date.parse(r.awareAt), state.tz)} · {t("safety.caseNumber", { n: r.caseNumber })}
            </View>
            <View className="strong">{summary(r)}</View>
            {r.questions.map((q) => (
              <Question key={q.id} q={q} onAnswered={load} />
            ))}
          </View>
        ))}
    </Screen>
  );
}

/** The chips, then the patient's words (unless they are only the chips, as sent without text). */
function summary(r: Partial<Pick<MySideEffect, "symptoms" | "description">>) {
  const chips = r.symptoms ?? [];
  const words = r.description && r.description !== chips.join("、") ? [r.description] : [];
  return [...chips, ...words].join("、") || "—";
}

function Question({ q, onAnswered }: { q: SafetyQuestion; onAnswered: () => void }) {
  const { store, t } = useApp();
  const [answer, setAnswer] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!answer.trim()) return setNote(t("safety.answerEmpty"));
    setBusy(true);
    try {
      // A retry of the same answer is a replay on the server (the question is answered once).
      await store.call((api) => api.answerQuestion(q.id, answer.trim()));
      setNote(t("safety.answerSent"));
      onAnswered();
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="question" data-testid="question">
      <View className="field-label">{t("safety.question")}</View>
      <View className="p big">{q.question}</View>
      {q.answer ? (
        <View className="p">{t("safety.answered", { a: q.answer })}</View>
      ) : (
        <>
          <Textarea
            className="field-input textarea"
            name={`answer-${q.id}`}
            value={answer}
            maxlength={2000}
            placeholder={t("safety.answerPlaceholder")}
            onInput={(e) => setAnswer(e.detail.value)}
          />
          <Button block testId="send-answer" disabled={busy} onClick={() => void send()}>
            {t("safety.answerSend")}
          </Button>
        </>
      )}
      <StatusNote text={note} />
    </View>
  );
}
