// The Steady API as one Hono app, built from its dependencies. Node (local) and Cloudflare
// Workers (production) wire different dependencies into the same factory.
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { enforcePolicy } from "./auth/policy";
import { authRoutes } from "./auth/routes";
import { alertRoutes, patientRoutes } from "./care/clinician-routes";
import { careRoutes } from "./care/routes";
import { diaryRoutes } from "./diary/routes";
import { codeRoutes } from "./enrolment/codes-routes";
import { enrolRoutes } from "./enrolment/routes";
import type { AppEnv, Deps } from "./env";
import { familyRoutes } from "./family/routes";
import { healthRoutes } from "./http/health";
import { ProblemError, problem } from "./http/problem";
import { apiHeaders, requireJsonBodies } from "./http/security-headers";
import { devRoutes } from "./mail/dev-routes";
import { meRoutes } from "./patient/routes";
import { programmeRoutes } from "./programme/routes";
import { meSupplyRoutes, patientRevisitRoutes } from "./refills/routes";
import { deadLetterRoutes } from "./reminders/dead-letters-routes";
import { meReminderRoutes } from "./reminders/routes";
import { safetyRoutes } from "./safety/routes";
import { meSmsRoutes } from "./sms/routes";

const MAX_BODY_BYTES = 512 * 1024;

/**
 * Hono's bodyLimit, with the common case answered from the Content-Length header alone: Hono's
 * own middleware reads `c.req.raw.body` first, which on Node builds a full web Request and stream
 * for every request (GETs included) — measurable on the write path (ADR 0009). Same answers:
 * over the limit → 413; chunked or unsized bodies are still counted by Hono's middleware.
 */
function bodyLimitMiddleware(): MiddlewareHandler<AppEnv> {
  const tooLarge = (c: Context<AppEnv>) => problem(c, 413, "request body is too large");
  const counted = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  return (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next(); // no body is read on these
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      return Number.parseInt(length, 10) > MAX_BODY_BYTES ? Promise.resolve(tooLarge(c)) : next();
    }
    return counted(c, next);
  };
}

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use("/api/*", async (c, next) => {
    c.set("deps", deps);
    c.set("principal", null);
    await next();
  });
  if (deps.config.corsOrigins.length) {
    app.use(
      "/api/*",
      cors({
        origin: deps.config.corsOrigins,
        // If-Match and ETag: optimistic concurrency from a cross-origin H5 build (ADR 0011).
        allowHeaders: ["authorization", "content-type", "if-match"],
        exposeHeaders: ["etag"],
      }),
    );
  }
  app.use("/api/*", apiHeaders());
  app.use("/api/*", bodyLimitMiddleware());
  app.use("/api/*", requireJsonBodies());
  app.use("/api/*", enforcePolicy);
  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problem(c, err.status, err.message, err.errors, err.extra);
    if (err instanceof HTTPException) {
      // Hono's own 400s (malformed JSON, wrong content type) keep their status.
      return problem(c, err.status as 400, err.message || "bad request");
    }
    console.error("unhandled error", err);
    const hint = deps.config.mode === "dev" ? ` (${String(err)})` : "";
    return problem(c, 500, `something went wrong on our side; nothing was saved${hint}`);
  });

  // The API reference, rendered from the same document as /api/v1/openapi.json (deps.apiReference:
  // generated from the routes on Node, built into the static assets on Workers, ADR 0019).
  const reference = () => {
    if (!deps.apiReference) throw new ProblemError(404, "this app was started without its API reference");
    return deps.apiReference;
  };
  app.get("/api/docs", async (c) => c.html(await reference().page(app.routes)));

  const api = app
    .basePath("/api/v1")
    .route("/health", healthRoutes)
    .route("/auth", authRoutes)
    .route("/enrol", enrolRoutes)
    .route("/me", meRoutes)
    .route("/me", meReminderRoutes)
    .route("/me", meSmsRoutes)
    .route("/me", meSupplyRoutes)
    .route("/family", familyRoutes)
    .route("/patients", patientRoutes)
    .route("/patients", patientRevisitRoutes)
    .route("/alerts", alertRoutes)
    .route("/codes", codeRoutes)
    .route("/", programmeRoutes)
    .route("/", deadLetterRoutes)
    .route("/", careRoutes)
    .route("/dev", devRoutes)
    .route("/", safetyRoutes)
    .route("/", diaryRoutes)
    .get("/openapi.json", async (c) =>
      c.body(await reference().document(app.routes), 200, { "content-type": "application/json" }),
    );

  return api;
}

/** The API's type, for Hono's typed client in the portal and the mini-program. */
export type AppType = ReturnType<typeof createApp>;
export type { Deps } from "./env";
