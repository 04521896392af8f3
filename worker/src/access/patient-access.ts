// The access layer: every read or write of patient data by a portal user starts here. Obtaining a
// PatientRef checks that the patient is in the caller's scope and writes the audit row in the
// same step, so neither can be forgotten; list and CSV reads record which patients they showed.
// Patients reach their own data through their session (auth/sessions.ts mints their PatientRef).
import { and, eq, inArray, isNull } from "drizzle-orm";
import { requirePortalUser } from "../auth/policy";
import { clinicMembers, enrolments, familyLinks } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { ProblemError } from "../http/problem";
import { audit } from "./audit";
import { mintPatientRef, type PatientRef } from "./patient-ref";

type Ctx = { var: AppEnv["Variables"] };

/** The clinic ids a doctor or assistant works in. */
export async function callerClinicIds(c: Ctx): Promise<string[]> {
  const user = requirePortalUser(c.var.principal);
  const rows = await c.var.deps.db
    .select({ clinicId: clinicMembers.clinicId })
    .from(clinicMembers)
    .where(eq(clinicMembers.userId, user.userId));
  return rows.map((r) => r.clinicId);
}

/**
 * A clinician's access to one patient enrolled in one of their clinics. Anyone else gets 404
 * (never revealing that the id exists). The granted access is audited before it is returned.
 */
export async function clinicianPatient(
  c: Ctx,
  patientId: string,
  action: string,
  /** What to call the thing asked for when out of scope (an alert, a call), so the 404 reads alike. */
  notFound = "patient not found",
): Promise<PatientRef> {
  const user = requirePortalUser(c.var.principal);
  const { db, clock } = c.var.deps;
  const clinicIds = await callerClinicIds(c);
  const hit = clinicIds.length
    ? await db
        .select({ id: enrolments.id })
        .from(enrolments)
        .where(and(eq(enrolments.patientId, patientId), inArray(enrolments.clinicId, clinicIds)))
        .limit(1)
    : [];
  if (!hit.length) throw new ProblemError(404, notFound);
  await audit(db, { actorId: user.userId, role: user.role, action, patientId, at: clock() });
  return mintPatientRef(patientId);
}

/** Records a read across the caller's clinics (triage list, inbox, worklist, CSV) with the ids it showed. */
export async function auditListRead(c: Ctx, action: string, patientIds: readonly string[]): Promise<void> {
  const user = requirePortalUser(c.var.principal);
  await audit(c.var.deps.db, {
    actorId: user.userId,
    role: user.role,
    action,
    patientIds: [...new Set(patientIds)],
    at: c.var.deps.clock(),
  });
}

/**
 * A family member's view of the patient who invited them: the link must be theirs and not revoked
 * (what it shares is the family feature's business). Audited as a read of the patient's data.
 */
export async function followerPatient(db: Db, followerId: string, linkId: string, now: number) {
  const [link] = await db
    .select()
    .from(familyLinks)
    .where(
      and(eq(familyLinks.id, linkId), eq(familyLinks.followerId, followerId), isNull(familyLinks.revokedAt)),
    );
  if (!link) throw new ProblemError(404, "not found");
  await audit(db, {
    actorId: followerId,
    role: "family",
    action: "family_read",
    patientId: link.patientId,
    at: now,
  });
  return { link, patient: mintPatientRef(link.patientId) };
}
