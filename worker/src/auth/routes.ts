import { DEFAULT_TIMEZONE, portalLoginBody, wechatLoginBody } from "@steady/shared";
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
          return problem(c, 401, `WeChat login failed (${e.errcode}); open the mini-program again`, [
            { path: "code", message: e.errmsg },
          ]);
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
    return c.json({ token, patientId: patient.id, enrolled: Boolean(enrolled) });
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
    return c.json({ user: { id: user.id, role: user.role, name: user.name, email: user.email } });
  })
  .post("/logout", async (c) => {
    await endSession(c);
    return c.body(null, 204);
  })
  .get("/me", (c) => {
    const p = c.var.principal;
    if (!p) return problem(c, 401, "sign in first");
    return c.json(
      p.role === "patient"
        ? { role: p.role, patientId: p.patientId }
        : { role: p.role, id: p.userId, name: p.name },
    );
  });
