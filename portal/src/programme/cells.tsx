// How a suppressed count or share looks: "<5" as is, a withheld count as "—" with the reason on
// hover and for screen readers; shares only when both counts are shown.
import type { SuppressedCount } from "@steady/shared";
import { percent } from "../lib/format";
import type { Stage } from "./stage";
import { useWords } from "./words";

export function Count({ value }: { value: SuppressedCount }) {
  const { w } = useWords();
  if (value === "hidden") {
    return (
      <span className="cell-hidden" title={w("cell.hiddenTitle")}>
        <span aria-hidden="true">{w("cell.hidden")}</span>
        <span className="visually-hidden">{w("cell.hiddenTitle")}</span>
      </span>
    );
  }
  if (value === "<5") return <span className="cell-small">&lt;5</span>;
  return <span className="num">{value}</span>;
}

export function Share({ value }: { value: number | null }) {
  return <span className="num">{percent(value)}</span>;
}

export function StageBadge({ stage }: { stage: Stage }) {
  const { w } = useWords();
  return <span className={`stage stage-${stage}`}>{w(`stage.${stage}`)}</span>;
}

export function PrivacyNote() {
  const { w } = useWords();
  return <p className="muted small privacy-note">{w("cell.note")}</p>;
}
