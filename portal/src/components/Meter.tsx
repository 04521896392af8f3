import { percent } from "../lib/format";

/**
 * A share as a number and a bar with a tick at the goal (80 % adherent): the number carries the
 * meaning, the bar and the "below goal" mark help the eye.
 */
export function Meter({ value, goal, label }: { value: number | null; goal?: number; label: string }) {
  const below = value != null && goal != null && value < goal;
  return (
    <span className={`meter${below ? " below" : ""}`} title={label}>
      <span className="meter-value">
        {percent(value)}
        {below && <span aria-hidden="true"> ↓</span>}
      </span>
      <span className="meter-bar" aria-hidden="true">
        <span className="meter-fill" style={{ width: `${Math.round((value ?? 0) * 100)}%` }} />
        {goal != null && <span className="meter-goal" style={{ left: `${goal * 100}%` }} />}
      </span>
    </span>
  );
}
