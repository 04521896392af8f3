// Tick-box groups and choices for the safety vocabularies (seriousness criteria, special situations,
// missed dose reasons, causality, event outcome), shared by every safety form so the words and
// values stay the same everywhere.
import {
  CAUSALITY,
  EVENT_OUTCOMES,
  type EventOutcome,
  MISSED_DOSE_REASONS,
  type MissedDoseReason,
  SERIOUSNESS_CRITERIA,
  type SeriousnessCriterion,
  SPECIAL_SITUATIONS,
  type SpecialSituation,
} from "@steady/shared";
import type { SafetyWord } from "./words";
import { useSafetyWords } from "./words";

export type Causality = (typeof CAUSALITY)[number];

export function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

function Ticks<T extends string>(props: {
  legend: string;
  options: readonly T[];
  value: readonly T[];
  onChange: (v: T[]) => void;
  word: (v: T) => SafetyWord;
  locked?: readonly T[];
  testId?: string;
}) {
  const { w } = useSafetyWords();
  return (
    <fieldset className="ticks" data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => {
        const locked = props.locked?.includes(o) ?? false;
        return (
          <label key={o} className="check">
            <input
              type="checkbox"
              value={o}
              checked={props.value.includes(o)}
              disabled={locked}
              onChange={() => props.onChange(toggle(props.value, o))}
            />
            {w(props.word(o))}
          </label>
        );
      })}
    </fieldset>
  );
}

export function SeriousnessTicks(props: {
  legend: string;
  value: readonly SeriousnessCriterion[];
  onChange: (v: SeriousnessCriterion[]) => void;
  /** Criteria a reporter gave: shown ticked and cannot be removed. */
  locked?: readonly SeriousnessCriterion[];
  testId?: string;
}) {
  return <Ticks {...props} options={SERIOUSNESS_CRITERIA} word={(v) => `seriousness.${v}` as SafetyWord} />;
}

export function SituationTicks(props: {
  legend: string;
  value: readonly SpecialSituation[];
  onChange: (v: SpecialSituation[]) => void;
  testId?: string;
}) {
  return <Ticks {...props} options={SPECIAL_SITUATIONS} word={(v) => `situation.${v}` as SafetyWord} />;
}

export function MissedReasonTicks(props: {
  legend: string;
  value: readonly MissedDoseReason[];
  onChange: (v: MissedDoseReason[]) => void;
}) {
  return <Ticks {...props} options={MISSED_DOSE_REASONS} word={(v) => `reason.${v}` as SafetyWord} />;
}

/** A labelled drop-down of one vocabulary; the first option ("" = not given) reads `none`. */
function Choice<T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T | "";
  onChange: (v: T | "") => void;
  word: (v: T) => SafetyWord;
  none: string;
}) {
  const { w } = useSafetyWords();
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as T | "")}>
        <option value="">{props.none}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {w(props.word(o))}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CausalityChoice(props: {
  label: string;
  value: Causality | "";
  onChange: (v: Causality | "") => void;
  /** What "not given" reads; a dash unless the form says more. */
  none?: string;
}) {
  return (
    <Choice
      {...props}
      none={props.none ?? "—"}
      options={CAUSALITY}
      word={(k) => `ae.causality.${k}` as SafetyWord}
    />
  );
}

export function OutcomeChoice(props: {
  label: string;
  value: EventOutcome | "";
  onChange: (v: EventOutcome | "") => void;
}) {
  return <Choice {...props} none="—" options={EVENT_OUTCOMES} word={(o) => `outcome.${o}` as SafetyWord} />;
}
