// The patient's side of safety reporting (docs/api.md, Safety reporting), through the app's request
// helper. The response types are checked against the worker's routes in contract.ts, so a change
// of shape on the server fails `pnpm typecheck` here.
import type { Locale, SideEffectBody } from "@steady/shared";
import type { ApiClient } from "./client";

/** What the server says to do now: `urgent` when 120 / the hospital comes first. */
export interface Advice {
  urgent: boolean;
  items: Array<{ key: string; "zh-CN": string; en: string }>;
}

export interface SideEffectReceipt {
  id: string;
  caseNumber: string;
  awareAt: string;
  advice: Advice;
}

export interface SafetyQuestion {
  id: string;
  question: string;
  askedAt: string | null;
  answer: string | null;
  answeredAt: string | null;
}

export interface MySideEffect {
  id: string;
  caseNumber: string;
  awareAt: string;
  description: string | null;
  symptoms: string[];
  /** The open question, if any (shown first). */
  question: SafetyQuestion | null;
  /** Every question from the safety team, oldest first. */
  questions: SafetyQuestion[];
}

export function reportSideEffect(api: ApiClient, body: SideEffectBody) {
  return api.call<SideEffectReceipt>("POST", "/me/side-effects", body);
}

export function mySideEffects(api: ApiClient): Promise<MySideEffect[]> {
  return api.call<{ reports: MySideEffect[] }>("GET", "/me/side-effects").then((r) => r.reports);
}

/** The patient's answer to a question from the safety team (the same answer again is a replay). */
export function answerQuestion(api: ApiClient, questionId: string, answer: string) {
  return api.call<SafetyQuestion>("POST", `/me/safety-questions/${encodeURIComponent(questionId)}/answer`, {
    answer,
  });
}

/** The server's advice in the patient's language. */
export const adviceLines = (a: Advice, locale: Locale): string[] => a.items.map((i) => i[locale]);
