// What the patient reads after reporting when the server's answer cannot come (offline): the same
// safe defaults the server gives — 120 now for serious symptoms, never stop a medicine without
// the doctor, the programme may call. Pure, so it is tested without a page.
import type { Locale, SideEffectBody } from "@steady/shared";
import type { SideEffectReceipt } from "../api/types";
import type { MessageKey } from "../i18n";

/** The complaint chips, in the order shown; the words sent are the patient's own (their locale). */
export const SYMPTOM_CHIPS = [
  "dizzy",
  "cough",
  "ankle",
  "rash",
  "palpitations",
  "hypo",
  "fatigue",
  "nausea",
] as const;
export type SymptomChip = (typeof SYMPTOM_CHIPS)[number];

export function localAdvice(
  body: Pick<SideEffectBody, "seriousness" | "stoppedDrug" | "contactConsent">,
  chips: readonly SymptomChip[] = [],
): { urgent: boolean; keys: MessageKey[] } {
  const urgent = (body.seriousness ?? []).some((c) => c === "life_threatening" || c === "hospitalisation");
  const keys: MessageKey[] = [urgent ? "safety.advice.urgent" : "safety.advice.worse"];
  if (chips.includes("hypo")) keys.push("safety.advice.hypo");
  keys.push(body.stoppedDrug ? "safety.advice.stopped" : "safety.advice.dontStop");
  keys.push(body.contactConsent ? "safety.advice.call" : "safety.advice.noCall");
  return { urgent, keys };
}

/** The server's advice (POST /me/side-effects) in the patient's language. */
export const adviceLines = (a: SideEffectReceipt["advice"], locale: Locale): string[] =>
  a.items.map((i) => i[locale]);
