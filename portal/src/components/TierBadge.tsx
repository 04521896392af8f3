import { formatTier, type TriageTier } from "@steady/shared";
import { useI18n } from "../i18n/i18n";

/** A symbol for each tier, so the tier reads without colour (and in black-and-white print). */
export const TIER_SYMBOL: Record<TriageTier, string> = {
  urgent: "▲",
  attention: "●",
  silent: "○",
  stable: "✓",
};

export function TierBadge({ tier }: { tier: TriageTier }) {
  const { locale } = useI18n();
  return (
    <span className={`tier tier-${tier}`}>
      <span aria-hidden="true">{TIER_SYMBOL[tier]}</span> {formatTier(tier, locale)}
    </span>
  );
}
