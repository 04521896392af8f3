// The mandatory safety question of a follow-up call: the assistant reads the prompt, then records
// "none" or what the patient said. A "yes" opens a case on the server (source follow_up_call).
import {
  type CallSafety,
  callSafety,
  type SeriousnessCriterion,
  type SpecialSituation,
} from "@steady/shared";
import { SeriousnessTicks, SituationTicks } from "./pickers";
import { useSafetyWords } from "./words";

export interface SafetyAnswer {
  anyEvent: boolean | null;
  description: string;
  seriousness: SeriousnessCriterion[];
  specialSituations: SpecialSituation[];
}

/** The body's `safety` once the question was answered; null when it was not asked. */
export function safetyOf(a: SafetyAnswer): { safety: CallSafety } | { error: string } | null {
  if (a.anyEvent === null) return null;
  const body: CallSafety = a.anyEvent
    ? {
        asked: true,
        anyEvent: true,
        description: a.description.trim(),
        ...(a.seriousness.length ? { seriousness: a.seriousness } : {}),
        ...(a.specialSituations.length ? { specialSituations: a.specialSituations } : {}),
      }
    : { asked: true, anyEvent: false };
  const parsed = callSafety.safeParse(body);
  return parsed.success ? { safety: parsed.data } : { error: parsed.error.issues[0]?.message ?? "invalid" };
}

export function SafetyQuestion(props: {
  name: string;
  value: SafetyAnswer;
  onChange: (v: SafetyAnswer) => void;
  error?: string;
  descriptionError?: string;
}) {
  const { w } = useSafetyWords();
  const v = props.value;
  const set = (p: Partial<SafetyAnswer>) => props.onChange({ ...v, ...p });
  return (
    <fieldset className="safety-question" data-testid="safety-question">
      <legend>{w("call.safety")}</legend>
      <p className="small">{w("call.safetyPrompt")}</p>
      <div role="radiogroup" aria-label={w("call.anyEvent")}>
        <label className="radio">
          <input
            type="radio"
            name={props.name}
            checked={v.anyEvent === false}
            onChange={() => set({ anyEvent: false })}
          />
          {w("call.eventNo")}
        </label>
        <label className="radio">
          <input
            type="radio"
            name={props.name}
            checked={v.anyEvent === true}
            onChange={() => set({ anyEvent: true })}
          />
          {w("call.eventYes")}
        </label>
      </div>
      {props.error && <span className="field-error">{props.error}</span>}
      {v.anyEvent && (
        <>
          <label>
            {w("call.eventWhat")}
            <textarea
              rows={2}
              value={v.description}
              onChange={(e) => set({ description: e.target.value })}
              aria-invalid={!!props.descriptionError}
            />
            {props.descriptionError && <span className="field-error">{props.descriptionError}</span>}
          </label>
          <SeriousnessTicks
            legend={w("ae.seriousness")}
            value={v.seriousness}
            onChange={(s) => set({ seriousness: s })}
          />
          <SituationTicks
            legend={w("ae.situations")}
            value={v.specialSituations}
            onChange={(s) => set({ specialSituations: s })}
          />
        </>
      )}
    </fieldset>
  );
}
