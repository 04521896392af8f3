// Numbers and times as a busy reader wants them: whole percentages, short local dates, "3 天前".
import { daysBetween, type Locale, localDateOf } from "@steady/shared";

export const DASH = "—";

export function percent(x: number | null | undefined): string {
  return x == null || Number.isNaN(x) ? DASH : `${Math.round(x * 100)}%`;
}

/** The reader's own time zone (the browser's). */
const readerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Whole days between two instants on the reader's calendar (not 24-hour blocks). */
export function calendarDaysAgo(iso: string, now: number, tz: string = readerZone()): number {
  return daysBetween(localDateOf(Date.parse(iso), tz), localDateOf(now, tz));
}

export function relativeDay(iso: string | null, now: number, locale: Locale): string {
  if (!iso) return locale === "zh-CN" ? "从未记录" : "never";
  const d = calendarDaysAgo(iso, now);
  if (locale === "zh-CN") return d <= 0 ? "今天" : d === 1 ? "昨天" : `${d} 天前`;
  return d <= 0 ? "today" : d === 1 ? "yesterday" : `${d} days ago`;
}

export function formatDateTime(iso: string | null, locale: Locale): string {
  if (!iso) return DASH;
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** Month, day and time without the year ("12/07 14:03"): for recent events in narrow columns. */
export function formatShortDateTime(iso: string | null, locale: Locale): string {
  if (!iso) return DASH;
  return new Intl.DateTimeFormat(locale, {
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return DASH;
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(iso),
  );
}

export function bpText(bp: { systolic: number; diastolic: number } | null | undefined): string {
  return bp ? `${bp.systolic}/${bp.diastolic}` : DASH;
}
