// The patient's side of safety reporting (docs/api.md, Safety reporting), through the app's request
// helper with hand-declared types until the worker's safety routes are merged; then these join
// client.ts and contract.ts's compile-time route checks.
import type { SideEffectBody } from "@steady/shared";
import type { ApiClient } from "./client";

/**
 * What the server says to do now. The contract names the field only; these shapes are all
 * accepted and shown (adviceLines below), so the lead can settle on one without an app change.
 */
export type Advice =
  | string
  | string[]
  | { urgent?: boolean; text?: string; lines?: string[]; call120?: boolean; messages?: string[] };

export interface SideEffectReceipt {
  id: string;
  caseNumber: string;
  awareAt: string;
  advice: Advice;
}

export interface SafetyQuestion {
  id: string;
  question: string;
  askedAt: string;
  answer?: string | null;
  answeredAt?: string | null;
}

export interface MySideEffect {
  id: string;
  caseNumber: string;
  awareAt: string;
  description?: string | null;
  symptoms?: string[];
  followUps?: SafetyQuestion[];
  /** Singular spelling, accepted as well. */
  followUp?: SafetyQuestion | null;
}

export function reportSideEffect(api: ApiClient, body: SideEffectBody) {
  return api.call<SideEffectReceipt>("POST", "/me/side-effects", body);
}

export function mySideEffects(api: ApiClient): Promise<MySideEffect[]> {
  return api
    .call<MySideEffect[] | { reports: MySideEffect[] } | { sideEffects: MySideEffect[] }>(
      "GET",
      "/me/side-effects",
    )
    .then((r) => (Array.isArray(r) ? r : "reports" in r ? r.reports : r.sideEffects));
}

/**
 * The patient's answer to a question from the safety team. Still to reconcile: the server's route
 * is POST /me/safety-questions/:id/answer {answer} (docs/api.md, Safety reporting).
 */
export function answerQuestion(
  api: ApiClient,
  reportId: string,
  body: { id: string; followUpId: string; answer: string },
) {
  return api.call<unknown>("POST", `/me/side-effects/${encodeURIComponent(reportId)}/answers`, body);
}

/** The questions of one report, whichever spelling the server uses. */
export const questionsOf = (r: MySideEffect): SafetyQuestion[] =>
  r.followUps ?? (r.followUp ? [r.followUp] : []);

/** The server's advice as lines to show, and whether it says to get help now. */
export function adviceLines(a: Advice | undefined): { urgent: boolean; lines: string[] } {
  if (!a) return { urgent: false, lines: [] };
  if (typeof a === "string") return { urgent: false, lines: [a] };
  if (Array.isArray(a)) return { urgent: false, lines: a };
  const lines = [...(a.text ? [a.text] : []), ...(a.lines ?? []), ...(a.messages ?? [])];
  return { urgent: Boolean(a.urgent || a.call120), lines };
}
