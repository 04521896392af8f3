import * as z from "zod/mini";
import type { MessageKey } from "../i18n";

export type FieldErrors = Record<string, MessageKey | string>;
export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Validate a form value with a shared request schema and turn the issues into one plain
 * message per field: the form's own wording when it has one for the field (the schemas'
 * messages are written for developers), else zod's message in the configured locale.
 */
export function validate<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  wording: Record<string, MessageKey | ((issue: z.core.$ZodIssue) => MessageKey)>,
): Validated<z.infer<S>> {
  const res = z.safeParse(schema, value);
  if (res.success) return { ok: true, data: res.data };
  const errors: FieldErrors = {};
  for (const issue of res.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    const nested = issue.path.length > 1 ? `${field}.${String(issue.path[1])}` : field;
    const key = nested in wording ? nested : field;
    if (errors[key]) continue;
    const w = wording[key];
    errors[key] = typeof w === "function" ? w(issue) : (w ?? issue.message);
  }
  return { ok: false, errors };
}

/** A number typed into a field: "" → undefined, "12.5" → 12.5, "12a" → NaN (invalid). */
export function numberField(text: string): number | undefined {
  const s = text.trim().replace(",", ".");
  if (s === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}
