import { PATIENT_SITUATIONS } from "@steady/shared";
import { Picker, Textarea, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Choice } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { useApp } from "../../state/store";
import {
  type ReportDraft,
  type Result,
  type Since,
  SYMPTOM_CHIPS,
  toggle,
  useSideEffectReport,
  type YesNo,
} from "./use-report";

type DraftProps = { draft: ReportDraft; set: (patch: Partial<ReportDraft>) => void };

/** The advice once sent (urgent in its own colour and role), and the ways on. */
function ReportResult({ result }: { result: Result }) {
  const { t } = useApp();
  return (
    <>
      <View className="h1">{t("safety.sent")}</View>
      {result.caseNumber ? (
        <View className="p" data-testid="case-number">
          {t("safety.caseNumber", { n: result.caseNumber })}
        </View>
      ) : null}
      {result.offline ? (
        <View className="notice" data-testid="saved-offline">
          {t("safety.savedOffline")}
        </View>
      ) : null}
      <View
        className={`feedback${result.urgent ? " urgent" : ""}`}
        role={result.urgent ? "alert" : "status"}
        data-testid="advice"
        data-urgent={result.urgent}
      >
        <View className="fb-title">{t("safety.adviceTitle")}</View>
        {result.lines.map((l) => (
          <View key={l} className="fb-body p">
            {l}
          </View>
        ))}
      </View>
      <Button block onClick={() => void Taro.redirectTo({ url: "/packages/safety/mine" })}>
        {t("safety.toMine")}
      </Button>
      <Button block kind="secondary" onClick={() => void Taro.redirectTo({ url: "/pages/today/index" })}>
        {t("safety.toToday")}
      </Button>
    </>
  );
}

/** What happened: symptom chips and the patient's own words. */
function WhatField({ draft, set, error }: DraftProps & { error?: string }) {
  const { t } = useApp();
  return (
    <View className={`field${error ? " has-error" : ""}`}>
      <View className="field-label">{t("safety.whatLabel")}</View>
      <View className="choices">
        {SYMPTOM_CHIPS.map((c) => {
          const on = draft.chips.includes(c);
          return (
            <View
              key={c}
              role="checkbox"
              aria-checked={on}
              data-testid={`chip-${c}`}
              className={`choice${on ? " chosen" : ""}`}
              onClick={() => set({ chips: toggle(draft.chips, c) })}
            >
              {on ? "✓ " : ""}
              {t(`safety.sym.${c}`)}
            </View>
          );
        })}
      </View>
      <View className="field-label">{t("safety.moreLabel")}</View>
      <Textarea
        className="field-input textarea"
        name="description"
        value={draft.text}
        maxlength={2000}
        placeholder={t("safety.morePlaceholder")}
        onInput={(e) => set({ text: e.detail.value })}
      />
      {error ? (
        <View className="field-error" role="alert" data-testid="error-what">
          ✗ {error}
        </View>
      ) : null}
    </View>
  );
}

/** Which of the patient's current drugs it may be about. */
function DrugsField({ draft, set }: DraftProps) {
  const { state, t } = useApp();
  const plans = (state.plans ?? []).filter((p) => !p.stoppedAt);
  return (
    <View className="field">
      <View className="field-label">{t("safety.drugsLabel")}</View>
      {plans.length === 0 ? <View className="muted">{t("safety.noPlans")}</View> : null}
      {plans.map((p) => (
        <Checkbox
          key={p.id}
          testId={`plan-${p.id}`}
          checked={draft.planIds.includes(p.id)}
          onChange={() => set({ planIds: toggle(draft.planIds, p.id) })}
          label={`${p.drug} ${p.dose}`}
        />
      ))}
    </View>
  );
}

/** Since when (a few plain choices or a date), whether it goes on, and whether the drug was stopped. */
function WhenFields({ draft, set, today }: DraftProps & { today: string }) {
  const { t } = useApp();
  const { since, pickedDate } = draft;
  const sinceOptions: Array<{ value: Since; label: string }> = [
    { value: "today", label: t("safety.since.today") },
    { value: "yesterday", label: t("safety.since.yesterday") },
    { value: "twoDays", label: t("safety.since.twoDays") },
    { value: "pick", label: pickedDate && since === "pick" ? pickedDate : t("safety.since.pick") },
    { value: "unknown", label: t("safety.since.unknown") },
  ];
  const yesNo = (withUnsure: boolean): Array<{ value: YesNo; label: string }> => [
    { value: "yes", label: t("safety.yes") },
    { value: "no", label: t("safety.no") },
    ...(withUnsure ? [{ value: "unsure" as const, label: t("safety.unsure") }] : []),
  ];
  return (
    <>
      <Choice
        name="since"
        label={t("safety.sinceLabel")}
        value={since}
        options={sinceOptions}
        onChange={(v) => set({ since: v })}
      />
      {since === "pick" ? (
        <Picker
          mode="date"
          value={pickedDate ?? today}
          end={today}
          onChange={(e) => set({ pickedDate: String(e.detail.value) })}
        >
          <View className="picker-value" data-testid="since-date">
            {pickedDate ?? t("safety.since.pick")}
          </View>
        </Picker>
      ) : null}
      <Choice
        name="still"
        label={t("safety.stillLabel")}
        value={draft.still}
        options={yesNo(true)}
        onChange={(still) => set({ still })}
      />
      <Choice
        name="stopped"
        label={t("safety.stoppedLabel")}
        value={draft.stopped}
        options={yesNo(false)}
        onChange={(stopped) => set({ stopped })}
      />
    </>
  );
}

/** How serious (hospital, life-threatening) and the special situations (pregnancy, overdose …). */
function SeriousFields({ draft, set }: DraftProps) {
  const { t } = useApp();
  const { serious, situations } = draft;
  return (
    <>
      <View className="field">
        <View className="field-label">{t("safety.seriousLabel")}</View>
        <Checkbox
          testId="serious-hospital"
          checked={serious.includes("hospitalisation")}
          onChange={() => set({ serious: toggle(serious, "hospitalisation") })}
          label={t("safety.hospital")}
        />
        <Checkbox
          testId="serious-life"
          checked={serious.includes("life_threatening")}
          onChange={() => set({ serious: toggle(serious, "life_threatening") })}
          label={t("safety.lifeThreat")}
        />
      </View>
      <View className="field">
        <View className="field-label">{t("safety.situationsLabel")}</View>
        {PATIENT_SITUATIONS.map((s) => (
          <Checkbox
            key={s}
            testId={`sit-${s}`}
            checked={situations.includes(s)}
            onChange={() => set({ situations: toggle(situations, s) })}
            label={t(`safety.sit.${s}`)}
          />
        ))}
      </View>
    </>
  );
}

/**
 * 身体不适 / 副作用: a side-effect or special-situation report in plain words, large type. Sent at
 * once when online (the server's advice is shown); kept in the same outbox as doses when not
 * (the safe default advice is shown here), so nothing the patient said is lost.
 */
export default function SideEffectReport() {
  const { t } = useApp();
  const params = useRouter().params as { planId?: string; from?: string };
  const { draft, set, today, errors, busy, result, submit } = useSideEffectReport(params.planId);

  if (result) {
    return (
      <Screen testId="page-side-effect">
        <ReportResult result={result} />
      </Screen>
    );
  }

  return (
    <Screen testId="page-side-effect">
      <View className="h1">{t("safety.title")}</View>
      {params.from === "skip" ? <View className="notice">{t("skip.sideEffectNext")}</View> : null}
      <View className="notice urgent-line" role="note">
        {t("safety.emergency")}
      </View>
      <WhatField draft={draft} set={set} error={errors.what} />
      <DrugsField draft={draft} set={set} />
      <WhenFields draft={draft} set={set} today={today} />
      <SeriousFields draft={draft} set={set} />
      <Choice
        name="contact"
        label={t("safety.contactLabel")}
        value={draft.contact}
        options={[
          { value: "yes", label: t("safety.contactYes") },
          { value: "no", label: t("safety.contactNo") },
        ]}
        onChange={(contact) => set({ contact })}
        error={errors.contact}
      />
      <Button block testId="send-report" disabled={busy} onClick={() => void submit()}>
        {busy ? t("safety.sending") : t("safety.send")}
      </Button>
    </Screen>
  );
}
