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

/** A formatter of instants with these options; a missing instant reads `none`. */
const instantFormat =
  (options: Intl.DateTimeFormatOptions, none = DASH) =>
  (iso: string | null, locale: Locale): string =>
    iso ? new Intl.DateTimeFormat(locale, options).format(new Date(iso)) : none;

const DAY = { year: "numeric", month: "2-digit", day: "2-digit" } as const;
const CLOCK = { hour: "2-digit", minute: "2-digit", hour12: false } as const;

/** "2026/12/07 14:03" in the reader's time zone. */
export const formatDateTime = instantFormat({ ...DAY, ...CLOCK });

/** Month, day and time without the year ("12/07 14:03"): for recent events in narrow columns. */
export const formatShortDateTime = instantFormat({ month: "2-digit", day: "2-digit", ...CLOCK });

export const formatDate = instantFormat(DAY);

/**
 * "2026年12月7日 14:03" in China time whatever the reader's zone: the programme pages show when
 * queue and invite events happened where the programme runs. Nothing when there is no time.
 */
export const formatChinaDateTime = instantFormat(
  { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" },
  "",
);

export function bpText(bp: { systolic: number; diastolic: number } | null | undefined): string {
  return bp ? `${bp.systolic}/${bp.diastolic}` : DASH;
}
