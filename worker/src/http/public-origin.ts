// Links people open (invite links, enrolment URLs) are built from the configured public origin
// (`PUBLIC_ORIGIN`), never from the request's Host header, which a client can set to anything.
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ProblemError } from "./problem";

export function publicLink(c: Context<AppEnv>, path: string): string {
  const origin = c.var.deps.config.publicOrigin;
  if (!origin) throw new ProblemError(503, "PUBLIC_ORIGIN is not configured: links cannot be built");
  return `${origin}${path}`;
}
