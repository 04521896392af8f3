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
