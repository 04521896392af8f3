// Screening free text (clinician notes, call notes, patient text) for words that suggest an
// adverse event or special situation, in zh-CN and English. A hit only opens a case for the
// safety officer to confirm or close; so the lexicon leans to recall, and negation handling keeps
// the commonest false hits ("无头晕", "no rash", "过敏史：无") out. Readings are never screened:
// a high BP value is not an event. Pure.
import type { SeriousnessCriterion, SpecialSituation } from "./safety-dates";

interface Concept {
  /** Stable key: also used to link possible duplicates across capture routes. */
  key: string;
  zh: string[];
  /** English word stems, matched at a word start. */
  en: string[];
  seriousness?: SeriousnessCriterion;
  situation?: SpecialSituation;
}

const LEXICON: Concept[] = [
  {
    key: "dizziness",
    zh: ["头晕", "头昏", "眩晕", "晕倒", "昏倒"],
    en: ["dizz", "vertigo", "lightheaded", "light-headed", "faint"],
  },
  {
    key: "rash",
    zh: ["皮疹", "起疹", "红疹", "疹子", "瘙痒", "皮肤痒"],
    en: ["rash", "hives", "itch", "urticaria"],
  },
  { key: "allergy", zh: ["过敏"], en: ["allerg", "anaphyla"] },
  { key: "cough", zh: ["咳嗽", "干咳"], en: ["cough"] },
  {
    key: "oedema",
    zh: ["脚踝肿", "脚肿", "水肿", "浮肿", "腿肿"],
    en: ["swollen ankle", "ankle swelling", "oedema", "edema", "swelling"],
  },
  { key: "palpitations", zh: ["心慌", "心悸", "心跳快"], en: ["palpitation", "racing heart"] },
  { key: "hypoglycaemia", zh: ["低血糖"], en: ["hypoglyc", "hypo episode"] },
  { key: "headache", zh: ["头痛", "头疼"], en: ["headache"] },
  { key: "nausea", zh: ["恶心", "呕吐", "想吐"], en: ["nausea", "nauseous", "vomit"] },
  { key: "diarrhoea", zh: ["腹泻", "拉肚子"], en: ["diarrh"] },
  { key: "fatigue", zh: ["乏力", "没力气"], en: ["fatigue", "weakness"] },
  {
    key: "side_effect",
    zh: ["副作用", "不良反应", "身体不适"],
    en: ["side effect", "side-effect", "adverse"],
  },
  {
    key: "hospitalisation",
    zh: ["住院", "急诊", "送医"],
    en: ["hospitalised", "hospitalized", "admitted to hospital", "emergency room", "a&e"],
    seriousness: "hospitalisation",
  },
  {
    key: "death",
    zh: ["死亡", "去世", "过世", "病故"],
    en: ["died", "death", "passed away"],
    seriousness: "death",
  },
  {
    key: "life_threatening",
    zh: ["危及生命", "抢救", "休克"],
    en: ["life-threatening", "life threatening", "resuscitat", "shock"],
    seriousness: "life_threatening",
  },
  { key: "pregnancy", zh: ["怀孕", "妊娠", "孕期"], en: ["pregnan"], situation: "pregnancy" },
  {
    key: "breastfeeding",
    zh: ["哺乳", "喂奶"],
    en: ["breastfeed", "breast-feed"],
    situation: "breastfeeding",
  },
  {
    key: "overdose",
    zh: ["吃多了", "过量", "多吃了"],
    en: ["overdose", "too many tablets", "double dose"],
    situation: "overdose",
  },
  {
    key: "medication_error",
    zh: ["吃错", "用错药", "拿错药"],
    en: ["wrong medicine", "wrong drug", "wrong dose", "medication error"],
    situation: "medication_error",
  },
  {
    key: "lack_of_efficacy",
    zh: ["没效果", "不管用", "无效", "降不下来"],
    en: ["not working", "doesn't work", "does not work", "no effect", "ineffective"],
    situation: "lack_of_efficacy",
  },
  {
    key: "product_quality_complaint",
    zh: ["药有问题", "药片碎", "变色", "包装破损", "假药"],
    en: ["broken tablet", "discolo", "damaged pack", "counterfeit", "fake medicine"],
    situation: "product_quality_complaint",
  },
];

const ZH_NEGATORS = ["没有", "没", "无", "未见", "未", "否认", "不"];
// Words that may sit between a negator and the term without breaking the negation.
const ZH_FILLERS = /^(明显|任何|出现|发生|感到|觉得|再|有|其他|、|和|及|或|与|\s)*$/u;
const ZH_POST_NEGATION = /^(史)?\s*[:：]?\s*(无|否|没有|阴性)/u;
const EN_NEGATORS = /\b(no|not|denies|denied|denying|without|never|negative for|free of|nor)\b/gi;
const EN_FILLERS =
  /^(\s|,|or|and|any|signs? of|further|more|new|feel|feeling|felt|further|history of|been|is|was|are|were)*$/i;
const EN_POST_NEGATION = /^\s*(history)?\s*[:-]\s*(none|no|nil|negative)\b/i;
// "no" in "no longer" does not negate what follows ("no longer dizzy" = was dizzy).
const EN_NOT_NEGATION = /^\s*longer\b/i;

/** Clauses: negation never reaches across sentence punctuation or a "but". */
const splitClauses = (text: string) => text.split(/[。！？!?；;\n]|，但|,\s*but\b|但是|\bbut\b/u);

export interface ScreeningHit {
  concept: string;
  /** The words as written. */
  term: string;
  seriousness?: SeriousnessCriterion;
  situation?: SpecialSituation;
}

function zhNegated(clause: string, at: number, term: string): boolean {
  const after = clause.slice(at + term.length);
  if (ZH_POST_NEGATION.test(after)) return true;
  const before = clause.slice(0, at);
  for (const neg of ZH_NEGATORS) {
    const i = before.lastIndexOf(neg);
    if (i < 0) continue;
    const between = before.slice(i + neg.length);
    // Other terms of a list ("无头晕、皮疹") are fillers too.
    const stripped = ZH_TERMS.reduce((s, t) => (s.includes(t) ? s.split(t).join("") : s), between);
    if (ZH_FILLERS.test(stripped)) return true;
  }
  return false;
}

function enNegated(clause: string, at: number, term: string): boolean {
  const after = clause.slice(at + term.length).replace(/^[a-z-]*/i, "");
  if (EN_POST_NEGATION.test(after)) return true;
  const before = clause.slice(0, at);
  for (const m of before.matchAll(EN_NEGATORS)) {
    const rest = before.slice((m.index ?? 0) + m[0].length);
    if (m[0].toLowerCase() === "no" && EN_NOT_NEGATION.test(rest)) continue;
    const stripped = rest.replace(EN_TERMS_RE, "");
    if (EN_FILLERS.test(stripped)) return true;
  }
  return false;
}

const ZH_TERMS = LEXICON.flatMap((c) => c.zh);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Every English term (with its word ending), to strip list neighbours between a negator and a term. */
const EN_TERMS_RE = new RegExp(
  `\\b(?:${LEXICON.flatMap((c) => c.en)
    .map(escapeRe)
    .join("|")})[a-z-]*`,
  "gi",
);
const EN_PATTERNS = LEXICON.map((c) => ({
  c,
  re: c.en.map((t) => new RegExp(`(?<![a-z])${escapeRe(t)}`, "gi")),
}));

/** The concepts a text mentions and does not negate, once each, in lexicon order. */
export function screenText(text: string): ScreeningHit[] {
  const hits = new Map<string, ScreeningHit>();
  for (const clause of splitClauses(text)) {
    for (const { c, re } of EN_PATTERNS) {
      if (hits.has(c.key)) continue;
      for (const term of c.zh) {
        let i = clause.indexOf(term);
        while (i >= 0 && !hits.has(c.key)) {
          if (!zhNegated(clause, i, term)) hits.set(c.key, hitOf(c, term));
          i = clause.indexOf(term, i + term.length);
        }
      }
      for (const r of re) {
        for (const m of clause.matchAll(r)) {
          if (hits.has(c.key)) break;
          if (!enNegated(clause, m.index ?? 0, m[0])) hits.set(c.key, hitOf(c, m[0]));
        }
      }
    }
  }
  return LEXICON.filter((c) => hits.has(c.key)).map((c) => hits.get(c.key) as ScreeningHit);
}

function hitOf(c: Concept, term: string): ScreeningHit {
  return {
    concept: c.key,
    term,
    ...(c.seriousness ? { seriousness: c.seriousness } : {}),
    ...(c.situation ? { situation: c.situation } : {}),
  };
}

/** Concept keys of a text, negations included or not — used to match possible duplicates. */
export function conceptsOf(text: string): Set<string> {
  return new Set(screenText(text).map((h) => h.concept));
}

/**
 * Two reports describe the same event when they share a concept (other than the generic
 * "side effect"), or, without any known concept, when one's text contains the other's.
 */
export function overlappingVerbatim(a: string, b: string): boolean {
  const ca = conceptsOf(a);
  const cb = conceptsOf(b);
  ca.delete("side_effect");
  cb.delete("side_effect");
  for (const k of ca) if (cb.has(k)) return true;
  if (ca.size || cb.size) return false;
  const na = a.replace(/\s+/g, "").toLowerCase();
  const nb = b.replace(/\s+/g, "").toLowerCase();
  return na.length >= 2 && nb.length >= 2 && (na.includes(nb) || nb.includes(na));
}
