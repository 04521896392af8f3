// The patient's (or follower's) SMS settings: a phone number for SMS and their consent to get
// reminders and notices by SMS when WeChat cannot carry them. Mounted at /api/v1/me.
import { SMS_CONSENT_VERSION, smsContactBody } from "@steady/shared";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { requirePatient } from "../auth/policy";
import { smsContacts } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { ProblemError } from "../http/problem";
import { validate } from "../http/validate";
import { toE164 } from "./client";

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export async function smsSettings(db: Db, patientId: string) {
  const [row] = await db.select().from(smsContacts).where(eq(smsContacts.patientId, patientId));
  return {
    /** The 11-digit number as the patient typed it (without +86), or null. */
    phone: row ? row.phone.replace(/^\+86/, "") : null,
    consent: row?.consent ?? false,
    consentVersion: row?.consentVersion ?? null,
    consentedAt: iso(row?.consentedAt ?? null),
    withdrawnAt: iso(row?.withdrawnAt ?? null),
    /** The consent text version the app must show and send. */
    currentConsentVersion: SMS_CONSENT_VERSION,
  };
}

export const meSmsRoutes = new Hono<AppEnv>()
  .get("/sms", async (c) => {
    const me = requirePatient(c.var.principal);
    return c.json(await smsSettings(c.var.deps.db, me.patientId));
  })
  .put("/sms", validate("json", smsContactBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const phone = toE164(body.phone);
    if (!phone)
      throw new ProblemError(422, "invalid request body", [
        { path: "phone", message: "not a mainland mobile number" },
      ]);
    if (body.consent.accepted && body.consent.version !== SMS_CONSENT_VERSION) {
      throw new ProblemError(422, "invalid request body", [
        { path: "consent.version", message: `expected the current consent text ${SMS_CONSENT_VERSION}` },
      ]);
    }
    const now = clock();
    const row = body.consent.accepted
      ? {
          phone,
          consent: true,
          consentVersion: body.consent.version,
          consentedAt: now,
          withdrawnAt: null,
          updatedAt: now,
        }
      : { phone, consent: false, withdrawnAt: now, updatedAt: now };
    await db
      .insert(smsContacts)
      .values({ patientId: me.patientId, ...row })
      .onConflictDoUpdate({ target: smsContacts.patientId, set: row });
    return c.json(await smsSettings(db, me.patientId));
  })
  .delete("/sms", async (c) => {
    // Forget the number for SMS altogether (the profile's phone, if any, is not touched).
    const me = requirePatient(c.var.principal);
    const { db } = c.var.deps;
    await db.delete(smsContacts).where(eq(smsContacts.patientId, me.patientId));
    return c.json(await smsSettings(db, me.patientId));
  });
