import type { Locale } from "@steady/shared";
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import zhCN from "zod/v4/locales/zh-CN.js";

/** Fallback validation messages follow the app's language. */
export function configureZodLocale(locale: Locale): void {
  z.config(locale === "en" ? en() : zhCN());
}
