import { DEFAULT_TIMEZONE } from "@steady/shared";

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const timeFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(cache: Map<string, Intl.DateTimeFormat>, tz: string, opts: Intl.DateTimeFormatOptions) {
  let f = cache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, hourCycle: "h23", ...opts });
    cache.set(tz, f);
  }
  return f;
}

function parts(f: Intl.DateTimeFormat, at: number) {
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(at))) out[p.type] = p.value;
  return out;
}

/** `YYYY-MM-DD` of an instant in a patient's zone. */
export function localDate(at: number, tz: string = DEFAULT_TIMEZONE): string {
  const p = parts(formatter(dateFormatters, tz, { year: "numeric", month: "2-digit", day: "2-digit" }), at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `HH:MM` of an instant in a patient's zone. */
export function localTime(at: number, tz: string = DEFAULT_TIMEZONE): string {
  const p = parts(formatter(timeFormatters, tz, { hour: "2-digit", minute: "2-digit" }), at);
  return `${p.hour === "24" ? "00" : p.hour}:${p.minute}`;
}

/** Calendar arithmetic on `YYYY-MM-DD` (zone-free: a local date plus n days). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const toInstant = (v: string | number): number => (typeof v === "number" ? v : Date.parse(v));

/** Offset of a zone from UTC at an instant, in ms. */
function zoneOffsetMs(at: number, tz: string): number {
  const p = parts(
    formatter(offsetFormatters, tz, {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }),
    at,
  );
  const n = (k: string) => Number(p[k] ?? 0);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour") % 24, n("minute"), n("second"));
  return asUtc - Math.floor(at / 1000) * 1000;
}
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The instant of a wall-clock time on a local date in a zone (e.g. 08:00 in Asia/Shanghai). */
export function zonedInstant(date: string, time: string, tz: string = DEFAULT_TIMEZONE): number {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  const first = guess - zoneOffsetMs(guess, tz);
  return guess - zoneOffsetMs(first, tz);
}
