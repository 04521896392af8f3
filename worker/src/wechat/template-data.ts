// Values for subscribe-message templates, made to fit WeChat's rule for each keyword type
// ("订阅消息参数值内容限制说明"): the keyword's prefix (thing1 → thing) names the rule. A value
// WeChat would refuse with 47003 is shortened where that keeps its meaning (a drug name) and
// refused here otherwise (a phrase that is not Chinese), so a bad message never leaves.
import { localDateOf, localTimeOf } from "@steady/shared";

export class TemplateValueError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`template value ${key}: ${message}`);
  }
}

/** `thing3` → `thing`; `character_string12` → `character_string`. */
export function keywordType(key: string): string {
  return key.replace(/\d+$/, "");
}

const LIMIT = { thing: 20, character_string: 32, letter: 32, name_han: 10, name_latin: 20, phrase: 5 };
const HAN_ONLY = /^\p{Script=Han}+$/u;
const DATE = String.raw`(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2})`;
const TIME = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`;
const TIME_VALUE = new RegExp(`^(${DATE} )?${TIME}(~(${DATE} )?${TIME})?$`);
const DATE_VALUE = new RegExp(`^${DATE}( ${TIME})?$`);

/** Control characters and line breaks become spaces; runs of spaces collapse. */
function clean(v: string): string {
  return v
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** At most `n` characters (code points, as WeChat counts them), marking a cut with "…". */
export function truncate(v: string, n: number): string {
  const cps = Array.from(v);
  return cps.length <= n ? v : `${cps.slice(0, n - 1).join("")}…`;
}

/** The value to send for keyword `key`, or a TemplateValueError when it cannot be made to fit. */
export function fitValue(key: string, raw: string | number): string {
  const v = clean(String(raw));
  if (!v) throw new TemplateValueError(key, "must not be empty");
  const type = keywordType(key);
  const fail = (why: string): never => {
    throw new TemplateValueError(key, `${why}: ${JSON.stringify(v)}`);
  };
  switch (type) {
    case "phrase":
      // Five Chinese characters at most, nothing else: cutting would change the meaning.
      return HAN_ONLY.test(v) && Array.from(v).length <= LIMIT.phrase
        ? v
        : fail("needs 1–5 Chinese characters");
    case "time":
      return TIME_VALUE.test(v) ? v : fail("needs a 24-hour time, optionally after a date");
    case "date":
      return DATE_VALUE.test(v) ? v : fail("needs a date");
    case "number":
      return /^[+-]?\d{1,32}(\.\d+)?$/.test(v) && v.replace(/\D/g, "").length <= 32
        ? v
        : fail("needs a number");
    case "letter":
      return /^[A-Za-z]+$/.test(v) ? v.slice(0, LIMIT.letter) : fail("needs letters only");
    case "character_string": {
      const ascii = v.replace(/[^\x21-\x7e]/g, "");
      return ascii ? ascii.slice(0, LIMIT.character_string) : fail("needs digits, letters or symbols");
    }
    case "name":
      if (HAN_ONLY.test(v)) return Array.from(v).slice(0, LIMIT.name_han).join("");
      return /^[A-Za-z .·'-]+$/.test(v)
        ? v.slice(0, LIMIT.name_latin)
        : fail("needs a Chinese or Latin name");
    default:
      // thing, and any keyword type we do not know: WeChat's most lenient rule.
      return truncate(v, LIMIT.thing);
  }
}

/**
 * The template's `data` from what we want to say: `fields` maps our names (drug, time, note…)
 * to the template's keywords; every mapped name needs a value.
 */
export function templateData(
  fields: Record<string, string>,
  values: Record<string, string | number | undefined>,
): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [name, key] of Object.entries(fields)) {
    const value = values[name];
    if (value === undefined) throw new TemplateValueError(key, `no value for "${name}"`);
    data[key] = fitValue(key, value);
  }
  return data;
}

/** A `time` value for an instant in the patient's zone: "2026年11月20日 08:00". */
export function wechatTime(at: number, tz: string): string {
  const [y, m, d] = localDateOf(at, tz).split("-").map(Number);
  return `${y}年${m}月${d}日 ${localTimeOf(at, tz)}`;
}
