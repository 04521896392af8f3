// Calendar weeks of a local day (ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday).
import { type LocalDate, MS_PER_DAY } from "@steady/shared";

function utcOf(date: LocalDate): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return ((new Date(utcOf(date)).getUTCDay() + 6) % 7) + 1;
}

/** `2026-W47`: the ISO week a local day belongs to (its year is the year of that week's Thursday). */
export function isoWeekKey(date: LocalDate): string {
  const t = utcOf(date);
  const thursday = t + (4 - isoWeekday(date)) * MS_PER_DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / MS_PER_DAY / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
