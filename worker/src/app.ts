// The Steady API as one Hono app, built from its dependencies. Node (local) and Cloudflare
// Workers (production) wire different dependencies into the same factory.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Deps } from "./env";
import { ProblemError, problem } from "./http/problem";
import { openApiDocument } from "./openapi";
import { enforcePolicy } from "./policy";
import { authRoutes } from "./routes/auth";
import { careRoutes } from "./routes/care";
import { alertRoutes, patientRoutes } from "./routes/clinician";
import { codeRoutes } from "./routes/codes";
import { enrolRoutes } from "./routes/enrol";
import { familyRoutes } from "./routes/family";
import { healthRoutes } from "./routes/health";
import { meRoutes } from "./routes/me";
import { programmeRoutes } from "./routes/programme";
import { meReminderRoutes } from "./routes/reminders";
import { meSmsRoutes } from "./sms/routes";

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
      cors({ origin: deps.config.corsOrigins, allowHeaders: ["authorization", "content-type"] }),
    );
  }
  app.use(
    "/api/*",
    bodyLimit({ maxSize: 512 * 1024, onError: (c) => problem(c, 413, "request body is too large") }),
  );
  app.use("/api/*", enforcePolicy);
  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problem(c, err.status, err.message, err.errors);
    if (err instanceof HTTPException) {
      // Hono's own 400s (malformed JSON, wrong content type) keep their status.
      return problem(c, err.status as 400, err.message || "bad request");
    }
    console.error("unhandled error", err);
    const hint = deps.config.mode === "dev" ? ` (${String(err)})` : "";
    return problem(c, 500, `something went wrong on our side; nothing was saved${hint}`);
  });

  const api = app
    .basePath("/api/v1")
    .route("/health", healthRoutes)
    .route("/auth", authRoutes)
    .route("/enrol", enrolRoutes)
    .route("/me", meRoutes)
    .route("/me", meReminderRoutes)
    .route("/me", meSmsRoutes)
    .route("/family", familyRoutes)
    .route("/patients", patientRoutes)
    .route("/alerts", alertRoutes)
    .route("/codes", codeRoutes)
    .route("/", programmeRoutes)
    .route("/", careRoutes)
    .get("/openapi.json", (c) => c.json(openApiDocument(deps.config.version, app.routes)));

  return api;
}

/** The API's type, for Hono's typed client in the portal and the mini-program. */
export type AppType = ReturnType<typeof createApp>;
export type { Deps } from "./env";
