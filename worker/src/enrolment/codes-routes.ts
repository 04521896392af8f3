// Enrolment codes a caller may hand out: a doctor their own, a rep those of clinics they onboarded.
import { and, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { requirePortalUser } from "../auth/policy";
import { clinics, enrolmentCodes, users } from "../db/schema";
import type { AppEnv } from "../env";

export const codeRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const user = requirePortalUser(c.var.principal);
  const scope =
    user.role === "doctor" ? eq(enrolmentCodes.doctorId, user.userId) : eq(clinics.onboardedBy, user.userId);
  const rows = await c.var.deps.db
    .select({
      code: enrolmentCodes.code,
      clinicId: clinics.id,
      clinicName: clinics.name,
      doctorName: users.name,
    })
    .from(enrolmentCodes)
    .innerJoin(clinics, eq(clinics.id, enrolmentCodes.clinicId))
    .innerJoin(users, eq(users.id, enrolmentCodes.doctorId))
    .where(and(scope, isNull(enrolmentCodes.revokedAt)));
  return c.json(rows);
});
