import {
  addDays,
  localDateOf,
  PATIENT_SITUATIONS,
  type SeriousnessCriterion,
  type SideEffectBody,
  type SpecialSituation,
  sideEffectBody,
} from "@steady/shared";
import { Picker, Textarea, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { uuidv7 } from "uuidv7";
import { ApiError } from "../../api/client";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Choice } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { adviceLines, localAdvice, SYMPTOM_CHIPS, type SymptomChip } from "../../lib/safety-advice";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

type Since = "today" | "yesterday" | "twoDays" | "pick" | "unknown";
type YesNo = "yes" | "no" | "unsure";

/** What the patient sees once the report is sent (or saved offline). */
interface Result {
  caseNumber?: string;
  offline: boolean;
  urgent: boolean;
  lines: string[];
}

const toggle = <T,>(list: readonly T[], v: T): T[] =>
  list.includes(v) ? list.filter((x) => x !== v) : [...list, v];

/**
 * 身体不适 / 副作用: a side-effect or special-situation report in plain words, large type. Sent at
 * once when online (the server's advice is shown); kept in the same outbox as doses when not
 * (the safe default advice is shown here), so nothing the patient said is lost.
 */
export default function SideEffectReport() {
  const { state, store, t } = useApp();
  const params = useRouter().params as { planId?: string; from?: string };
  const [id] = useState(uuidv7);
  const [chips, setChips] = useState<SymptomChip[]>([]);
  const [text, setText] = useState("");
  const [planIds, setPlanIds] = useState<string[]>(() => (params.planId ? [params.planId] : []));
  const [since, setSince] = useState<Since | undefined>();
  const [pickedDate, setPickedDate] = useState<string | undefined>();
  const [still, setStill] = useState<YesNo | undefined>();
  const [stopped, setStopped] = useState<YesNo | undefined>();
  const [serious, setSerious] = useState<SeriousnessCriterion[]>([]);
  const [situations, setSituations] = useState<SpecialSituation[]>([]);
  const [contact, setContact] = useState<"yes" | "no" | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  useGate(
    useCallback(async () => {
      await store.refreshPlans().catch(() => undefined);
    }, [store]),
  );
  const plans = (state.plans ?? []).filter((p) => !p.stoppedAt);
  const today = localDateOf(store.now(), state.tz);

  const startedOn = (): string | undefined => {
    if (since === "today") return today;
    if (since === "yesterday") return addDays(today, -1);
    if (since === "twoDays") return addDays(today, -2);
    if (since === "pick") return pickedDate;
    return undefined;
  };

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!contact) errs.contact = t("safety.contactRequired");
    const body: SideEffectBody = {
      id,
      // The contract requires words: chips alone are sent as the patient's words.
      description: text.trim() || chips.map((c) => t(`safety.sym.${c}`)).join("、"),
      ...(chips.length ? { symptoms: chips.map((c) => t(`safety.sym.${c}`)) } : {}),
      ...(planIds.length ? { planIds } : {}),
      ...(startedOn() ? { startedOn: startedOn() } : {}),
      ...(still && still !== "unsure" ? { stillHappening: still === "yes" } : {}),
      ...(stopped && stopped !== "unsure" ? { stoppedDrug: stopped === "yes" } : {}),
      ...(serious.length ? { seriousness: serious } : {}),
      ...(situations.length ? { specialSituations: situations } : {}),
      contactConsent: contact === "yes",
    };
    const parsed = sideEffectBody.safeParse(body);
    if (!parsed.success) errs.what = t("safety.needWhat");
    setErrors(errs);
    if (Object.keys(errs).length || !parsed.success) return;

    setBusy(true);
    const fallback = localAdvice(parsed.data, chips);
    const local = { urgent: fallback.urgent, lines: fallback.keys.map((k) => t(k)) };
    try {
      const receipt = await store.call((api) => api.reportSideEffect(parsed.data));
      setResult({
        caseNumber: receipt.caseNumber,
        offline: false,
        // A serious report always says "120 now", even if the server's words leave it out.
        urgent: receipt.advice.urgent || local.urgent,
        lines: adviceLines(receipt.advice, state.prefs.locale),
      });
    } catch (e) {
      if (
        e instanceof ApiError &&
        e.status >= 400 &&
        e.status < 500 &&
        e.status !== 401 &&
        e.status !== 429
      ) {
        setErrors({ what: e.message });
      } else {
        // No answer (offline, server trouble, expired login): into the outbox with the same id,
        // sent with the doses; the server keeps one report whichever way it arrives.
        await store.write("side_effect", parsed.data as unknown as Record<string, unknown>);
        setResult({ offline: true, ...local });
      }
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Screen testId="page-side-effect">
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
      </Screen>
    );
  }

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
    <Screen testId="page-side-effect">
      <View className="h1">{t("safety.title")}</View>
      {params.from === "skip" ? <View className="notice">{t("skip.sideEffectNext")}</View> : null}
      <View className="notice urgent-line" role="note">
        {t("safety.emergency")}
      </View>

      <View className={`field${errors.what ? " has-error" : ""}`}>
        <View className="field-label">{t("safety.whatLabel")}</View>
        <View className="choices">
          {SYMPTOM_CHIPS.map((c) => {
            const on = chips.includes(c);
            return (
              <View
                key={c}
                role="checkbox"
                aria-checked={on}
                data-testid={`chip-${c}`}
                className={`choice${on ? " chosen" : ""}`}
                onClick={() => setChips(toggle(chips, c))}
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
          value={text}
          maxlength={2000}
          placeholder={t("safety.morePlaceholder")}
          onInput={(e) => setText(e.detail.value)}
        />
        {errors.what ? (
          <View className="field-error" role="alert" data-testid="error-what">
            ✗ {errors.what}
          </View>
        ) : null}
      </View>

      <View className="field">
        <View className="field-label">{t("safety.drugsLabel")}</View>
        {plans.length === 0 ? <View className="muted">{t("safety.noPlans")}</View> : null}
        {plans.map((p) => (
          <Checkbox
            key={p.id}
            testId={`plan-${p.id}`}
            checked={planIds.includes(p.id)}
            onChange={() => setPlanIds(toggle(planIds, p.id))}
            label={`${p.drug} ${p.dose}`}
          />
        ))}
      </View>

      <Choice
        name="since"
        label={t("safety.sinceLabel")}
        value={since}
        options={sinceOptions}
        onChange={(v) => setSince(v)}
      />
      {since === "pick" ? (
        <Picker
          mode="date"
          value={pickedDate ?? today}
          end={today}
          onChange={(e) => setPickedDate(String(e.detail.value))}
        >
          <View className="picker-value" data-testid="since-date">
            {pickedDate ?? t("safety.since.pick")}
          </View>
        </Picker>
      ) : null}
      <Choice
        name="still"
        label={t("safety.stillLabel")}
        value={still}
        options={yesNo(true)}
        onChange={setStill}
      />
      <Choice
        name="stopped"
        label={t("safety.stoppedLabel")}
        value={stopped}
        options={yesNo(false)}
        onChange={setStopped}
      />

      <View className="field">
        <View className="field-label">{t("safety.seriousLabel")}</View>
        <Checkbox
          testId="serious-hospital"
          checked={serious.includes("hospitalisation")}
          onChange={() => setSerious(toggle(serious, "hospitalisation"))}
          label={t("safety.hospital")}
        />
        <Checkbox
          testId="serious-life"
          checked={serious.includes("life_threatening")}
          onChange={() => setSerious(toggle(serious, "life_threatening"))}
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
            onChange={() => setSituations(toggle(situations, s))}
            label={t(`safety.sit.${s}`)}
          />
        ))}
      </View>

      <Choice
        name="contact"
        label={t("safety.contactLabel")}
        value={contact}
        options={[
          { value: "yes", label: t("safety.contactYes") },
          { value: "no", label: t("safety.contactNo") },
        ]}
        onChange={setContact}
        error={errors.contact}
      />

      <Button block testId="send-report" disabled={busy} onClick={() => void submit()}>
        {busy ? t("safety.sending") : t("safety.send")}
      </Button>
    </Screen>
  );
}
