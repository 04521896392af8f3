// Enrolment by the doctor's QR code, with separate explicit consent (PIPL art. 29).
import { type EnrolPreviewResponse, type EnrolResponse, enrolBody } from "@steady/shared";
import { and, eq, isNull, sql } from "drizzle-orm";
import { Hono } from "hono";
import { clinics, enrolmentCodes, enrolments, patients, programmes, users } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { requirePatient } from "../http/principal";
import { ProblemError, problem } from "../http/problem";
import { validate } from "../http/validate";

async function lookupCode(db: Db, code: string) {
  const [row] = await db
    .select({
      clinicId: clinics.id,
      clinicName: clinics.name,
      doctorId: users.id,
      doctorName: users.name,
      programmeId: programmes.id,
      programmeName: programmes.name,
      consentVersion: programmes.consentVersion,
    })
    .from(enrolmentCodes)
    .innerJoin(clinics, eq(clinics.id, enrolmentCodes.clinicId))
    .innerJoin(users, eq(users.id, enrolmentCodes.doctorId))
    .innerJoin(programmes, eq(programmes.id, clinics.programmeId))
    .where(and(eq(enrolmentCodes.code, code), isNull(enrolmentCodes.revokedAt)));
  return row;
}

export const enrolRoutes = new Hono<AppEnv>()
  .get("/:code", async (c) => {
    const hit = await lookupCode(c.var.deps.db, c.req.param("code"));
    if (!hit) return problem(c, 404, "this enrolment code is not valid; ask your doctor for a new one");
    return c.json({
      clinic: { name: hit.clinicName },
      doctor: { name: hit.doctorName },
      programme: { name: hit.programmeName, consentVersion: hit.consentVersion },
    } satisfies EnrolPreviewResponse);
  })
  .post("/", validate("json", enrolBody), async (c) => {
    const { db, clock } = c.var.deps;
    const me = requirePatient(c.var.principal);
    const body = c.req.valid("json");
    const hit = await lookupCode(db, body.code);
    if (!hit) {
      throw new ProblemError(422, "unknown enrolment code", [
        { path: "code", message: "not a valid enrolment code; ask your doctor for a new one" },
      ]);
    }
    if (body.consent.version !== hit.consentVersion) {
      throw new ProblemError(422, "consent text has changed", [
        { path: "consent.version", message: `current consent version is ${hit.consentVersion}` },
      ]);
    }
    const [existing] = await db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.patientId, me.patientId), eq(enrolments.programmeId, hit.programmeId)));
    if (existing && existing.clinicId !== hit.clinicId) {
      return problem(c, 409, "already enrolled in this programme with another clinic");
    }
    const now = clock();
    const id = existing?.id ?? crypto.randomUUID();
    const { profile } = body;
    await db.batch([
      db
        .update(patients)
        .set({
          name: profile.name,
          birthYear: profile.birthYear,
          sex: profile.sex,
          phone: profile.phone ?? null,
          ...(profile.timezone ? { timezone: profile.timezone } : {}),
          // Self-reported, so it only fills a gap: re-enrolling never overwrites what the doctor set.
          ...(profile.condition
            ? { condition: sql`coalesce(${patients.condition}, ${profile.condition})` }
            : {}),
        })
        .where(eq(patients.id, me.patientId)),
      db
        .insert(enrolments)
        .values({
          id,
          patientId: me.patientId,
          clinicId: hit.clinicId,
          programmeId: hit.programmeId,
          doctorId: hit.doctorId,
          code: body.code,
          consentVersion: body.consent.version,
          consentedAt: now,
          enrolledAt: now,
          status: "active",
        })
        .onConflictDoNothing(),
    ]);
    return c.json(
      {
        enrolmentId: id,
        clinic: { name: hit.clinicName },
        doctor: { name: hit.doctorName },
      } satisfies EnrolResponse,
      existing ? 200 : 201,
    );
  });
