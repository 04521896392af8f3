// RFC 9457 problem details: the only error shape the API answers with.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Invalid input",
  423: "Locked",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal error",
};

export function problemBody(status: number, detail?: string, errors?: FieldError[]): Problem {
  const title = TITLES[status] ?? "Error";
  return {
    type: `https://steady.example/problems/${title.toLowerCase().replace(/\s+/g, "-")}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

export function problem(c: Context, status: ContentfulStatusCode, detail?: string, errors?: FieldError[]) {
  return c.body(JSON.stringify(problemBody(status, detail, errors)), status, {
    "content-type": "application/problem+json",
  });
}

/** Thrown anywhere in a handler; turned into problem+json by the app's error handler. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

export const notFound = (what = "resource") => new ProblemError(404, `${what} not found`);
