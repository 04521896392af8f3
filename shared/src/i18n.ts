// Imported as "@steady/shared/i18n" (not from the index, so the worker never bundles i18next).
// The one translation function of both apps (and their feature word lists): i18next over flat
// dictionaries, zh-CN first and the fallback, English second. Texts use {name} placeholders.
// A count is passed as `n` (or `count`); English then picks `key_one` / `key_other` by the
// language's plural rules ("1 dose" / "2 doses"), Chinese has one form and keeps the plain key.
import { createInstance } from "i18next";
import type { Locale } from "./types";

export type Vars = Record<string, string | number>;
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

/** A dictionary per language: Chinese complete; English may add plural forms (`key_one`, `key_other`). */
export type Dictionaries<K extends string> = {
  "zh-CN": Record<K, string>;
  en: Record<K, string> & Partial<Record<`${K}_${PluralForm}`, string>>;
};
type PluralForm = "zero" | "one" | "two" | "few" | "many" | "other";

/** Translators of one set of dictionaries, one per language, built once. */
export function translators<K extends string>(dicts: Dictionaries<K>): Record<Locale, Translate<K>> {
  const i18n = createInstance();
  i18n.init({
    // Resources are given here: no back end, so the instance is ready when init returns.
    initAsync: false,
    resources: { "zh-CN": { translation: dicts["zh-CN"] }, en: { translation: dicts.en } },
    lng: "zh-CN",
    fallbackLng: "zh-CN",
    supportedLngs: ["zh-CN", "en"],
    // Keys are flat ("today.title"): dots are part of the key, not a path.
    keySeparator: false,
    nsSeparator: false,
    // React escapes on render; the texts are plain strings.
    interpolation: { escapeValue: false, prefix: "{", suffix: "}" },
    returnNull: false,
  });
  const make =
    (lng: Locale): Translate<K> =>
    (key, vars) => {
      const count = vars?.count ?? vars?.n;
      const text = i18n.t(key, {
        lng,
        ...vars,
        ...(typeof count === "number" ? { count } : {}),
      } as never) as unknown as string;
      return text;
    };
  return { "zh-CN": make("zh-CN"), en: make("en") };
}
