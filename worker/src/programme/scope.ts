// What the rep and programme routes share: which programme, which clinics a caller may touch,
// new enrolment codes, and the audit trail of onboarding changes.
import { asc, eq } from "drizzle-orm";
import { auditInsert } from "../access/audit";
import { requirePortalUser } from "../auth/policy";
import { clinics, enrolmentCodes, programmes } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { ProblemError } from "../http/problem";

type Ctx = { var: AppEnv["Variables"] };

/** The programme asked for, or the first one (a deployment usually runs one programme). */
export async function currentProgramme(db: Db, programmeId?: string) {
  const rows = await db
    .select()
    .from(programmes)
    .where(programmeId ? eq(programmes.id, programmeId) : undefined)
    .orderBy(asc(programmes.createdAt))
    .limit(1);
  const p = rows[0];
  if (!p) throw new ProblemError(404, "programme not found");
  return p;
}

/**
 * A clinic the caller may see: a rep only the clinics they onboarded (others are 404, never
 * revealing they exist); managers and admins any, but only reps change onboarding.
 */
export async function scopedClinic(c: Ctx, clinicId: string, mode: "read" | "write") {
  const user = requirePortalUser(c.var.principal);
  const [clinic] = await c.var.deps.db.select().from(clinics).where(eq(clinics.id, clinicId));
  const mine = clinic && user.role === "rep" && clinic.onboardedBy === user.userId;
  const reader = clinic && mode === "read" && (user.role === "manager" || user.role === "admin");
  if (!clinic || !(mine || reader)) throw new ProblemError(404, "clinic not found");
  return clinic;
}

// Crockford-style alphabet without 0/O, 1/I/L: read aloud or typed from a poster without mistakes.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** `XXXX-XXXX`: 40 bits of randomness, a valid WeChat scene (≤ 32 characters). */
export function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function newCodeStatement(db: Db, clinicId: string, doctorId: string, now: number) {
  const code = randomCode();
  return { code, statement: db.insert(enrolmentCodes).values({ code, clinicId, doctorId, createdAt: now }) };
}

/** Onboarding changes are audited like patient reads (who, role, what, when). */
export function auditStatement(c: Ctx, action: string) {
  const user = requirePortalUser(c.var.principal);
  return auditInsert(c.var.deps.db, {
    actorId: user.userId,
    role: user.role,
    action,
    at: c.var.deps.clock(),
  });
}
