import {
  DEFAULT_TIMEZONE,
  type PortalLoginResponse,
  portalLoginBody,
  type WechatLoginResponse,
  type WhoAmIResponse,
  wechatLoginBody,
} from "@steady/shared";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { enrolments, patients } from "../db/schema";
import type { AppEnv } from "../env";
import { problem } from "../http/problem";
import { validate } from "../http/validate";
import { WechatError } from "../wechat/client";
import { checkPassword } from "./login-guard";
import { endSession, startPatientSession, startPortalSession } from "./sessions";

export const authRoutes = new Hono<AppEnv>()
  .post("/wechat", validate("json", wechatLoginBody), async (c) => {
    const { db, wechat, config, clock } = c.var.deps;
    const { code } = c.req.valid("json");
    let openid: string;
    if (code.startsWith("dev:")) {
      if (config.mode !== "dev") return problem(c, 401, "dev logins are disabled in production");
      openid = code;
    } else {
      try {
        openid = (await wechat.codeToSession(code)).openid;
      } catch (e) {
        if (e instanceof WechatError) {
          const why = [{ path: "code", message: e.errmsg }];
          // What the mini-program should do differs: give up, wait a minute, try later, or log in again.
          if (e.kind === "user_blocked")
            return problem(c, 403, `WeChat's security check blocked this sign-in (${e.errcode})`, why);
          if (e.kind === "rate_limited") {
            c.header("retry-after", "60");
            return problem(
              c,
              429,
              `too many WeChat sign-ins this minute (${e.errcode}); try again in a minute`,
              why,
            );
          }
          if (e.kind === "busy" || e.kind === "daily_quota" || e.kind === "token") {
            c.header("retry-after", "60");
            return problem(
              c,
              503,
              `WeChat could not sign you in just now (${e.errcode}); try again later`,
              why,
            );
          }
          return problem(c, 401, `WeChat login failed (${e.errcode}); open the mini-program again`, why);
        }
        throw e;
      }
    }
    const now = clock();
    await db
      .insert(patients)
      .values({ id: crypto.randomUUID(), openid, timezone: DEFAULT_TIMEZONE, createdAt: now })
      .onConflictDoNothing();
    const [patient] = await db.select({ id: patients.id }).from(patients).where(eq(patients.openid, openid));
    if (!patient) return problem(c, 409, "patient could not be created");
    const [enrolled] = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(eq(enrolments.patientId, patient.id))
      .limit(1);
    const token = await startPatientSession(c, patient.id);
    return c.json({
      token,
      patientId: patient.id,
      enrolled: Boolean(enrolled),
    } satisfies WechatLoginResponse);
  })
  .post("/login", validate("json", portalLoginBody), async (c) => {
    const { email, password } = c.req.valid("json");
    const check = await checkPassword(c, email, password);
    if (check.outcome === "locked") {
      return problem(
        c,
        423,
        `too many wrong passwords: this account is locked for ${check.minutes} more minutes`,
      );
    }
    if (check.outcome === "limited") {
      c.header("retry-after", String(check.retryAfterS));
      return problem(c, 429, "too many failed sign-ins from this address; try again later");
    }
    if (check.outcome === "wrong") {
      return problem(c, 401, "email or password is incorrect", [{ path: "password", message: "incorrect" }]);
    }
    const { user } = check;
    await startPortalSession(c, user.id);
    return c.json({
      user: { id: user.id, role: user.role, name: user.name, email: user.email },
    } satisfies PortalLoginResponse);
  })
  .post("/logout", async (c) => {
    await endSession(c);
    return c.body(null, 204);
  })
  .get("/me", (c) => {
    const p = c.var.principal;
    if (!p) return problem(c, 401, "sign in first");
    return c.json(
      (p.role === "patient"
        ? { role: p.role, patientId: p.patientId }
        : { role: p.role, id: p.userId, name: p.name }) satisfies WhoAmIResponse,
    );
  });
