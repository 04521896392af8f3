// Form helpers: the shared zod schemas check the portal's forms with the API's own rules.
import type * as z from "zod/mini";

/** "08:00 20:00", "8:00,20:00", "08:00，20:00" → ["08:00", "20:00"] (hours padded to two digits). */
export function parseTimes(input: string): string[] {
  return input
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim().replace("：", ":"))
    .filter(Boolean)
    .map((s) => (/^\d:\d{2}$/.test(s) ? `0${s}` : s));
}

/** The first message per field of a failed parse, keyed by dotted path ("" for the whole form). */
export function fieldMessages(error: z.core.$ZodError | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.map(String).join(".");
    out[key] ??= issue.message;
  }
  return out;
}

/** Field errors from an API 422 answer, keyed the same way. */
export function apiFieldMessages(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path] ??= e.message;
  return out;
}

/** Today in the reader's calendar, YYYY-MM-DD. */
export function todayLocal(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
