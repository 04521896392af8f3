// How a protected figure looks (ADR 0013): counts rounded to 5, "<5" for 1–4, "—" for a count
// withheld; every one of them says on hover why, and what the true value can be. Shares are of
// the rounded counts (with the true range on hover), or "≤ x%" where the part is "<5".
import { roundedRange, type SuppressedCount, shareRange, smallShareCeiling } from "@steady/shared";
import { percent } from "../lib/format";
import type { Stage } from "./stage";
import { useWords } from "./words";

/** The figure as text, its reason on hover (title, which screen readers also announce). */
function Titled({ className, title, text }: { className: string; title: string; text: string }) {
  return (
    <span className={className} title={title}>
      {text}
    </span>
  );
}

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
  if (value === "<5") return <Titled className="cell-small" title={w("cell.smallTitle")} text="<5" />;
  if (value === 0) return <span className="num">0</span>;
  const [lo, hi] = roundedRange(value);
  return (
    <Titled className="num cell-rounded" title={w("cell.roundedTitle", { lo, hi })} text={String(value)} />
  );
}

/**
 * A share; with its counts (`num` of `den`) the hover gives the true range, and a "<5" part
 * shows as the most the share can be.
 */
export function Share({
  value,
  num,
  den,
}: {
  value: number | null;
  num?: SuppressedCount;
  den?: SuppressedCount;
}) {
  const { w } = useWords();
  if (value == null) {
    const ceiling = num === undefined || den === undefined ? null : smallShareCeiling(num, den);
    if (ceiling != null)
      return (
        <Titled
          className="num cell-small"
          title={w("cell.shareCeilingTitle", {
            max: percent(ceiling),
            den: typeof den === "number" ? roundedRange(den)[0] : "",
          })}
          text={`≤${percent(ceiling)}`}
        />
      );
    if (num === undefined) return <span className="num">{percent(value)}</span>;
    const why = num === "hidden" || den === "hidden" ? w("cell.hiddenTitle") : w("cell.shareNoneTitle");
    return <Titled className="cell-hidden" title={why} text={percent(value)} />;
  }
  if (typeof num === "number" && typeof den === "number" && den > 0) {
    const [lo, hi] = shareRange(num, den);
    return (
      <Titled
        className="num cell-rounded"
        title={w("cell.shareTitle", { num, den, lo: percent(lo), hi: percent(hi) })}
        text={percent(value)}
      />
    );
  }
  return <Titled className="num cell-rounded" title={w("cell.shareRoundedTitle")} text={percent(value)} />;
}

export function StageBadge({ stage }: { stage: Stage }) {
  const { w } = useWords();
  return <span className={`stage stage-${stage}`}>{w(`stage.${stage}`)}</span>;
}

export function PrivacyNote() {
  const { w } = useWords();
  return <p className="muted small privacy-note">{w("cell.note")}</p>;
}
