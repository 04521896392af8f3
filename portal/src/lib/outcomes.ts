import type { FollowUpOutcome } from "@steady/shared";
import type { MessageKey } from "../i18n/i18n";

export const OUTCOME_KEY: Record<FollowUpOutcome, MessageKey> = {
  reached: "calls.reached",
  not_reached: "calls.notReached",
  escalated: "calls.escalated",
};
