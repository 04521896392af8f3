// Request validation with the shared zod schemas; failures answer problem+json naming each field.
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { type FieldError, problem } from "./problem";

// English messages for API consumers; the apps render their own zh-CN text per field. Only the
// English locale is imported: `z.locales` would pull every language into the Worker bundle.
z.config(en());

export function fieldErrors(
  issues: readonly z.core.$ZodIssue[],
  prefix: (string | number)[] = [],
): FieldError[] {
  return issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join(".") || "(body)",
    message: i.message,
  }));
}

/** Marks a validator with what it checks, so the OpenAPI document is generated from the routes. */
export const VALIDATES = Symbol.for("steady.validates");
export interface ValidatesMeta {
  target: keyof ValidationTargets;
  schema: z.ZodMiniType;
}

/** zValidator with problem+json errors: 422 for a JSON body, 400 for query and params. */
export function validate<T extends keyof ValidationTargets, S extends z.ZodMiniType>(target: T, schema: S) {
  const middleware = zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const status = target === "json" ? 422 : 400;
      return problem(
        c,
        status,
        `invalid ${target === "json" ? "request body" : target}`,
        fieldErrors(result.error.issues),
      );
    }
  });
  return Object.assign(middleware, { [VALIDATES]: { target, schema } satisfies ValidatesMeta });
}
