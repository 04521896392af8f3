// Calendar and time-zone arithmetic. A patient's "day" is a day in their IANA zone;
// zone offsets come from @date-fns/tz (backed by the runtime's Intl data), never from
// tables of our own.
import { TZDate } from "@date-fns/tz";
import type { Instant, LocalDate, TimeOfDay } from "./types";

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;

function parseLocalDate(date: LocalDate): { y: number; m: number; d: number } {
  const match = LOCAL_DATE.exec(date);
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    // Round-trip through UTC to reject 2026-02-30 and the like.
    const utc = new Date(Date.UTC(y, m - 1, d));
    if (utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d)
      return { y, m, d };
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
}

function parseTimeOfDay(time: TimeOfDay): { h: number; min: number } {
  const match = TIME_OF_DAY.exec(time);
  const h = Number(match?.[1]);
  const min = Number(match?.[2]);
  if (!match || h > 23 || min > 59) throw new RangeError(`not a time of day (HH:MM): ${time}`);
  return { h, min };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function formatDate(y: number, m: number, d: number): LocalDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** TZDate yields NaN (it does not throw) for an unknown zone; we would rather fail loudly. */
function zoned(at: Instant, tz: string): TZDate {
  const d = new TZDate(at, tz);
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid instant or time zone: ${at} in ${tz}`);
  return d;
}

// Zone lookups are the hot spot of every dashboard (a TZDate costs ~25 µs), yet a zone's UTC
// offset only changes at transitions, which fall on quarter hours. So the offset is looked up
// once per zone and quarter hour and cached; the wall clock is then plain UTC arithmetic.
const QUARTER_HOUR = 15 * MS_PER_MINUTE;
const CACHE_LIMIT = 100_000;
const offsetCache = new Map<string, number>();

/** Minutes to add to UTC to get wall-clock time in `tz` at `at`. */
function offsetMinutes(at: Instant, tz: string): number {
  const bucket = Math.floor(at / QUARTER_HOUR);
  const key = `${tz}|${bucket}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    off = -zoned(bucket * QUARTER_HOUR, tz).getTimezoneOffset();
    if (offsetCache.size >= CACHE_LIMIT) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

function wallClock(at: Instant, tz: string): Date {
  if (!Number.isFinite(at)) throw new RangeError(`invalid instant: ${at}`);
  return new Date(at + offsetMinutes(at, tz) * MS_PER_MINUTE);
}

/** The calendar day of an instant in a zone. */
export function localDateOf(at: Instant, tz: string): LocalDate {
  const d = wallClock(at, tz);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The wall-clock time (HH:MM, seconds dropped) of an instant in a zone. */
export function localTimeOf(at: Instant, tz: string): TimeOfDay {
  const d = wallClock(at, tz);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * The instant a wall-clock time occurs on a local day.
 *
 * Wall times that do not exist or exist twice are resolved as TZDate resolves them:
 * - in a DST gap (spring forward) the time is pushed forward by the gap's length, so
 *   02:30 on 2026-03-08 in New York is 03:30 EDT (07:30Z) — the dose still happens,
 *   as late as the clocks forced it to be;
 * - in a DST overlap (fall back) the first occurrence is taken, so 01:30 on
 *   2026-11-01 in New York is 01:30 EDT (05:30Z), not 01:30 EST.
 */
export function zonedInstant(date: LocalDate, time: TimeOfDay, tz: string): Instant {
  // Same day, time and zone recur across every patient of a clinic: memoise.
  const key = `${tz}|${date}|${time}`;
  const hit = instantCache.get(key);
  if (hit !== undefined) return hit;
  const at = computeZonedInstant(date, time, tz);
  if (instantCache.size >= CACHE_LIMIT) instantCache.clear();
  instantCache.set(key, at);
  return at;
}

const instantCache = new Map<string, Instant>();

function computeZonedInstant(date: LocalDate, time: TimeOfDay, tz: string): Instant {
  const { y, m, d } = parseLocalDate(date);
  const { h, min } = parseTimeOfDay(time);
  const at = new TZDate(y, m - 1, d, h, min, tz).getTime();
  if (Number.isNaN(at)) throw new RangeError(`invalid time zone: ${tz}`);
  return at;
}

/**
 * The first instant of a local day. Where midnight itself falls in a DST gap
 * (e.g. America/Santiago in September) this is the first wall time that exists.
 */
export function startOfLocalDay(date: LocalDate, tz: string): Instant {
  return zonedInstant(date, "00:00", tz);
}

/** Pure calendar arithmetic: the day `n` days after (or before, when negative) `date`. */
export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays expects a whole number of days, got ${n}`);
  const { y, m, d } = parseLocalDate(date);
  const utc = new Date(Date.UTC(y, m - 1, d + n));
  return formatDate(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from);
  const b = parseLocalDate(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / MS_PER_DAY);
}

/** Every local day from `from` to `to` inclusive (empty when `to` is before `from`). */
export function eachLocalDate(from: LocalDate, to: LocalDate): LocalDate[] {
  const n = daysBetween(from, to);
  const days: LocalDate[] = [];
  for (let i = 0; i <= n; i++) days.push(addDays(from, i));
  return days;
}

/** An instant given either as epoch milliseconds or as an ISO string (the API's form). */
export const toInstant = (v: string | number): Instant => (typeof v === "number" ? v : Date.parse(v));
