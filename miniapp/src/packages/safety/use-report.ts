import {
  addDays,
  localDateOf,
  type SeriousnessCriterion,
  type SideEffectBody,
  type SpecialSituation,
  sideEffectBody,
} from "@steady/shared";
import { useCallback, useState } from "react";
import { uuidv7 } from "uuidv7";
import { ApiError } from "../../api/client";
import { adviceLines, localAdvice, type SymptomChip } from "../../lib/safety-advice";

// The page reads the chips through this module, so the advice rules load with the report page
// alone (a module imported from two places goes to the main package's common chunk).
export { SYMPTOM_CHIPS } from "../../lib/safety-advice";

import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

export type Since = "today" | "yesterday" | "twoDays" | "pick" | "unknown";
export type YesNo = "yes" | "no" | "unsure";

/** What the patient has said so far. */
export interface ReportDraft {
  chips: SymptomChip[];
  text: string;
  planIds: string[];
  since?: Since;
  pickedDate?: string;
  still?: YesNo;
  stopped?: YesNo;
  serious: SeriousnessCriterion[];
  situations: SpecialSituation[];
  contact?: "yes" | "no";
}

/** What the patient sees once the report is sent (or saved offline). */
export interface Result {
  caseNumber?: string;
  offline: boolean;
  urgent: boolean;
  lines: string[];
}

export const toggle = <T>(list: readonly T[], v: T): T[] =>
  list.includes(v) ? list.filter((x) => x !== v) : [...list, v];

/** The day it started, from the patient's choice (none for "not sure"). */
function startedOn(d: ReportDraft, today: string): string | undefined {
  if (d.since === "today") return today;
  if (d.since === "yesterday") return addDays(today, -1);
  if (d.since === "twoDays") return addDays(today, -2);
  if (d.since === "pick") return d.pickedDate;
  return undefined;
}

/** The request body in the contract's words; the chips' names stand in for words when none are typed. */
function reportBody(
  id: string,
  d: ReportDraft,
  today: string,
  sym: (c: SymptomChip) => string,
): SideEffectBody {
  const started = startedOn(d, today);
  return {
    id,
    // The contract requires words: chips alone are sent as the patient's words.
    description: d.text.trim() || d.chips.map(sym).join("、"),
    ...(d.chips.length ? { symptoms: d.chips.map(sym) } : {}),
    ...(d.planIds.length ? { planIds: d.planIds } : {}),
    ...(started ? { startedOn: started } : {}),
    ...(d.still && d.still !== "unsure" ? { stillHappening: d.still === "yes" } : {}),
    ...(d.stopped && d.stopped !== "unsure" ? { stoppedDrug: d.stopped === "yes" } : {}),
    ...(d.serious.length ? { seriousness: d.serious } : {}),
    ...(d.situations.length ? { specialSituations: d.situations } : {}),
    contactConsent: d.contact === "yes",
  };
}

/** A refusal the patient can act on (a 4xx other than an expired login or a rate limit). */
const refusedForGood = (e: unknown) =>
  e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429;

/**
 * The report's draft and its sending: at once when online (the server's advice is shown); into the
 * same outbox as doses when not (the safe default advice is shown here), so nothing is lost.
 */
export function useSideEffectReport(planId: string | undefined) {
  const { state, store, t } = useApp();
  const [id] = useState(uuidv7);
  const [draft, setDraft] = useState<ReportDraft>(() => ({
    chips: [],
    text: "",
    planIds: planId ? [planId] : [],
    serious: [],
    situations: [],
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  useGate(
    useCallback(async () => {
      await store.refreshPlans().catch(() => undefined);
    }, [store]),
  );
  const today = localDateOf(store.now(), state.tz);
  const set = (patch: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!draft.contact) errs.contact = t("safety.contactRequired");
    const parsed = sideEffectBody.safeParse(reportBody(id, draft, today, (c) => t(`safety.sym.${c}`)));
    if (!parsed.success) errs.what = t("safety.needWhat");
    setErrors(errs);
    if (Object.keys(errs).length || !parsed.success) return;

    setBusy(true);
    const fallback = localAdvice(parsed.data, draft.chips);
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
      if (refusedForGood(e)) {
        setErrors({ what: (e as Error).message });
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

  return { draft, set, today, errors, busy, result, submit };
}
