// Building blocks of the response schemas (response-schemas.ts and the *-responses.ts files):
// instants, dates, counts under disclosure control. Not exported from the package index: each
// response file imports what it needs from here.
import * as z from "zod/mini";

/** An ISO 8601 instant as the API writes it (`new Date(ms).toISOString()`). */
export const iso = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T/, "an ISO 8601 instant"));
/** A calendar date as YYYY-MM-DD. */
export const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"));
export const isoOrNull = z.nullable(iso);
export const bpPair = z.looseObject({ systolic: z.number(), diastolic: z.number() });
export const ROLES = ["patient", "doctor", "assistant", "rep", "manager", "admin", "safety"] as const;
/** A count under disclosure control (ADR 0013): a number rounded to 5, or "<5". */
export const disclosed = z.union([z.number(), z.string()]);
/** A ratio 0–1, or null when there is nothing to divide by. */
export const ratio = z.nullable(z.number());
/** Someone named by id and name (author of a note, caller of a follow-up). */
export const person = z.looseObject({ id: z.string(), name: z.nullable(z.string()) });
