import type { Locale } from "@steady/shared";
import { translators } from "@steady/shared/i18n";
import { en } from "./en";
import { type MessageKey, zhCN } from "./zh-CN";

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

// The same translator as the portal's (@steady/shared/i18n: i18next, English plural forms).
const byLocale = translators<MessageKey>({ "zh-CN": zhCN, en });

export function translator(locale: Locale): Translate {
  return byLocale[locale] ?? byLocale["zh-CN"];
}
