// Self-reported medication taking, asked once a month (issue 13 item 7), and the rule that flags
// it when it disagrees with the logged doses.
//
// Scale: the medication-taking subscale of the Hill-Bone Compliance to High Blood Pressure Therapy
// Scale — Kim MT, Hill MN, Bone LR, Levine DM. "Development and testing of the Hill-Bone Compliance
// to High Blood Pressure Therapy Scale." Prog Cardiovasc Nurs 2000;15(3):90–96. The scale is free
// to use with citation (unlike MMAS, which is licensed and not used here). The published subscale
// has 9 items, each answered 1 = none of the time … 4 = all of the time; higher = more missed
// taking. The Chinese wording below is ours (not a validated translation), kept plain for older
// patients. "降压药" is the scale's "HBP medicine"; patients on glucose drugs read it as 药.
import * as z from "zod/mini";
import { clientId } from "./schemas";

export interface SelfReportItem {
  id: string;
  zh: string;
  en: string;
}

export const HILL_BONE_ITEMS: readonly SelfReportItem[] = [
  { id: "forget", zh: "您多经常忘记吃药？", en: "How often do you forget to take your medicine?" },
  {
    id: "decide_not",
    zh: "您多经常自己决定不吃药？",
    en: "How often do you decide not to take your medicine?",
  },
  {
    id: "forget_refill",
    zh: "您多经常忘记去开药、取药？",
    en: "How often do you forget to get prescriptions filled?",
  },
  { id: "run_out", zh: "您多经常把药吃完了、断了药？", en: "How often do you run out of pills?" },
  {
    id: "skip_before_visit",
    zh: "去看医生之前，您多经常不吃药？",
    en: "How often do you skip your medicine before you go to the doctor?",
  },
  {
    id: "feel_better",
    zh: "觉得身体好些时，您多经常漏吃药？",
    en: "How often do you miss taking your medicine when you feel better?",
  },
  {
    id: "feel_sick",
    zh: "觉得不舒服时，您多经常漏吃药？",
    en: "How often do you miss taking your medicine when you feel sick?",
  },
  {
    id: "someone_elses",
    zh: "您多经常吃别人的降压药？",
    en: "How often do you take someone else's blood pressure medicine?",
  },
  {
    id: "careless",
    zh: "因为一时疏忽，您多经常漏吃药？",
    en: "How often do you miss taking your medicine when you are careless?",
  },
];

export const HILL_BONE_ITEM_COUNT = HILL_BONE_ITEMS.length;

/** Answer labels, value = index + 1. */
export const HILL_BONE_CHOICES = [
  { value: 1, zh: "从来没有", en: "None of the time" },
  { value: 2, zh: "有时候", en: "Some of the time" },
  { value: 3, zh: "大多数时候", en: "Most of the time" },
  { value: 4, zh: "每次都是", en: "All of the time" },
] as const;

export type SelfReportAnswer = 1 | 2 | 3 | 4 | null;

/** At most this many unanswered items still give a (prorated) score; more → no score. */
export const MAX_MISSING_ANSWERS = 2;

export interface SelfReportScore {
  /** Sum over the 9 items (9 best … 36 worst), prorated for missing items; null when too few answered. */
  score: number | null;
  answered: number;
  /** 0 = no missed taking reported … 1 = every item "all of the time"; null with score. */
  nonAdherence: number | null;
  /** Every answered item is "none of the time" (score at the minimum). */
  perfect: boolean | null;
}

/**
 * Scores one answer set. Missing answers (null) are prorated — the mean of the answered items ×
 * 9, rounded to one decimal — when at most MAX_MISSING_ANSWERS are missing; otherwise no score,
 * because a half-answered form says little.
 */
export function scoreHillBone(answers: readonly SelfReportAnswer[]): SelfReportScore {
  const given = answers.slice(0, HILL_BONE_ITEM_COUNT).filter((a): a is 1 | 2 | 3 | 4 => a != null);
  const missing = HILL_BONE_ITEM_COUNT - given.length;
  if (missing > MAX_MISSING_ANSWERS || given.length === 0) {
    return { score: null, answered: given.length, nonAdherence: null, perfect: null };
  }
  const mean = given.reduce((s, a) => s + a, 0) / given.length;
  const score = Math.round(mean * HILL_BONE_ITEM_COUNT * 10) / 10;
  const min = HILL_BONE_ITEM_COUNT;
  const max = 4 * HILL_BONE_ITEM_COUNT;
  return {
    score,
    answered: given.length,
    nonAdherence: Math.round(((score - min) / (max - min)) * 1000) / 1000,
    perfect: given.every((a) => a === 1),
  };
}

export type AdherenceDisagreement = "reports_better" | "reports_worse";

/** The thresholds of the disagreement rule (programme rule, not part of the published scale). */
export const DISAGREEMENT = {
  /** Self-report counts as near-perfect at or below this score: at most one item "some of the time". */
  nearPerfectMaxScore: HILL_BONE_ITEM_COUNT + 1,
  /** …while the logged 30-day dose adherence is below this. */
  loggedLowBelow: 0.6,
  /** Self-report counts as poor at or above this score: on average "some of the time" or worse. */
  poorMinScore: 2 * HILL_BONE_ITEM_COUNT,
  /** …while the logged 30-day dose adherence is at or above this. */
  loggedHighAtLeast: 0.9,
} as const;

/**
 * Flags a self-report that disagrees with the logged doses, for the doctor to ask about:
 * "reports_better" — near-perfect taking reported while < 60 % of due doses were logged as taken
 * (forgetting to log, or over-reporting); "reports_worse" — poor taking reported while ≥ 90 % were
 * logged (logging without taking, or a very self-critical patient). No flag without both numbers.
 */
export function adherenceDisagreement(
  score: number | null,
  logged30d: number | null,
): AdherenceDisagreement | null {
  if (score == null || logged30d == null) return null;
  if (score <= DISAGREEMENT.nearPerfectMaxScore && logged30d < DISAGREEMENT.loggedLowBelow) {
    return "reports_better";
  }
  if (score >= DISAGREEMENT.poorMinScore && logged30d >= DISAGREEMENT.loggedHighAtLeast) {
    return "reports_worse";
  }
  return null;
}

export const DISAGREEMENT_LABELS: Record<AdherenceDisagreement, { zh: string; en: string }> = {
  reports_better: {
    zh: "自评几乎从不漏药，但记录的服药率低于 60%",
    en: "Reports almost never missing, but under 60 % of doses were logged",
  },
  reports_worse: {
    zh: "自评经常漏药，但记录的服药率不低于 90%",
    en: "Reports missing often, but at least 90 % of doses were logged",
  },
};

/** A month as YYYY-MM; years 2000–2099, so no date arithmetic meets year 0 or 5 digits. */
export const monthParam = z
  .string()
  .check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, "expected a month as YYYY-MM (2000–2099)"));

export const monthQuery = z.object({ month: z.optional(monthParam) });

const answer = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.null()]);

export const selfReportBody = z.object({
  id: clientId,
  month: monthParam,
  answers: z.array(answer).check(z.length(HILL_BONE_ITEM_COUNT, `expected ${HILL_BONE_ITEM_COUNT} answers`)),
});
export type SelfReportBody = z.infer<typeof selfReportBody>;
