// zh-CN first, English on request. A small dictionary (dict.ts) with {placeholders}, translated by
// the apps' one translator (@steady/shared/i18n, i18next with English plurals); the
// reasons and labels that the API and the mini-program share come from @steady/shared.
import type { Locale } from "@steady/shared";
import { translators } from "@steady/shared/i18n";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { DICT, type MessageKey } from "./dict";

export type { Locale, MessageKey };

const STORAGE_KEY = "steady.portal.locale";

const T = translators(DICT);

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  return (T[locale] ?? T["zh-CN"])(key, vars);
}

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

const Ctx = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, "app.title");
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
