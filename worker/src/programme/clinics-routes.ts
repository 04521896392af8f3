// Onboarding a clinic (rep): create it, record its signed agreement, invite its doctors and
// assistants, hand out enrolment codes, and follow its stage. Managers and admins may read.
// Nothing here counts patients beyond the stage (none / 1–4 / 5+), which the release accounts for.
import {
  type AgreementResponse,
  agreementBody,
  type ClinicDetailResponse,
  type ClinicListResponse,
  type ClinicSummaryResponse,
  clinicCreateBody,
  type NewCodeResponse,
  newCodeBody,
} from "@steady/shared";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import {
  clinicAgreements,
  clinicInvites,
  clinicMembers,
  clinicProfiles,
  clinics,
  codeChanges,
  enrolmentCodes,
  programmeCounts,
  users,
} from "../db/schema";
import type { AppEnv, Db } from "../env";
import { requirePortalUser } from "../http/principal";
import { problem } from "../http/problem";
import { validate } from "../http/validate";
import { inviteStatus } from "./clinic-invites-routes";
import { regionOfCity } from "./regions";
import { stageOf } from "./release";
import { auditStatement, currentProgramme, newCodeStatement, scopedClinic } from "./scope";

type Batch = Parameters<Db["batch"]>[0];

async function enrolledByClinic(db: Db, clinicIds: string[]): Promise<Map<string, number>> {
  if (!clinicIds.length) return new Map();
  const rows = await db
    .select({ clinicId: programmeCounts.clinicId, n: sql<number>`sum(${programmeCounts.n})` })
    .from(programmeCounts)
    .where(and(eq(programmeCounts.measure, "n"), inArray(programmeCounts.clinicId, clinicIds)))
    .groupBy(programmeCounts.clinicId);
  return new Map(rows.map((r) => [r.clinicId, Number(r.n)]));
}

async function clinicSummaries(db: Db, rows: (typeof clinics.$inferSelect)[], now: number) {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const [profiles, members, invites, agreements, enrolled] = await Promise.all([
    db.select().from(clinicProfiles).where(inArray(clinicProfiles.clinicId, ids)),
    db
      .select({ clinicId: clinicMembers.clinicId, role: clinicMembers.role })
      .from(clinicMembers)
      .where(inArray(clinicMembers.clinicId, ids)),
    db.select().from(clinicInvites).where(inArray(clinicInvites.clinicId, ids)),
    db.select().from(clinicAgreements).where(inArray(clinicAgreements.clinicId, ids)),
    enrolledByClinic(db, ids),
  ]);
  return rows.map((c) => {
    const profile = profiles.find((p) => p.clinicId === c.id);
    const doctors = members.filter((m) => m.clinicId === c.id && m.role === "doctor").length;
    const mine = invites.filter((i) => i.clinicId === c.id);
    const pendingInvites = mine.filter((i) => {
      const status = inviteStatus(i, now);
      return status === "pending" || status === "pending_approval";
    }).length;
    const signed = agreements
      .filter((a) => a.clinicId === c.id)
      .sort((a, b) => b.signedOn.localeCompare(a.signedOn))[0];
    return {
      id: c.id,
      name: c.name,
      hospital: profile?.hospital ?? null,
      department: profile?.department ?? null,
      city: c.city,
      level: c.level,
      region: profile?.region ?? regionOfCity(c.city),
      createdAt: new Date(c.createdAt).toISOString(),
      stage: stageOf({ doctors, pendingInvites }, enrolled.get(c.id) ?? 0),
      doctors,
      assistants: members.filter((m) => m.clinicId === c.id && m.role === "assistant").length,
      pendingInvites,
      agreement: signed ? { signedOn: signed.signedOn, documentRef: signed.documentRef } : null,
    };
  });
}

export const clinicRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const user = requirePortalUser(c.var.principal);
    const { db, clock } = c.var.deps;
    const rows = await db
      .select()
      .from(clinics)
      .where(user.role === "rep" ? eq(clinics.onboardedBy, user.userId) : undefined)
      .orderBy(desc(clinics.createdAt));
    return c.json((await clinicSummaries(db, rows, clock())) satisfies ClinicListResponse);
  })
  .post("/", validate("json", clinicCreateBody), async (c) => {
    const user = requirePortalUser(c.var.principal);
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const programme = await currentProgramme(db);
    const now = clock();
    const id = crypto.randomUUID();
    const name = body.name ?? `${body.hospital} ${body.department}`;
    await db.batch([
      db.insert(clinics).values({
        id,
        programmeId: programme.id,
        name,
        city: body.city,
        level: body.level,
        onboardedBy: user.userId,
        createdAt: now,
      }),
      db.insert(clinicProfiles).values({
        clinicId: id,
        hospital: body.hospital ?? null,
        department: body.department ?? null,
        region: body.region ?? regionOfCity(body.city),
      }),
      auditStatement(c, "create_clinic"),
    ] as unknown as Batch);
    const [created] = await clinicSummaries(
      db,
      await db.select().from(clinics).where(eq(clinics.id, id)),
      now,
    );
    if (!created) throw new Error(`clinic ${id} was not stored`);
    return c.json(created satisfies ClinicSummaryResponse, 201);
  })
  .get("/:id", async (c) => {
    const clinic = await scopedClinic(c, c.req.param("id"), "read");
    // A rep sees the team as counts (`doctors`, `assistants`), not who they are: no names or
    // emails of doctors, members or invitees (issue #15; the page says no individual is shown).
    const isRep = requirePortalUser(c.var.principal).role === "rep";
    const { db, clock } = c.var.deps;
    const now = clock();
    const [summary] = await clinicSummaries(db, [clinic], now);
    const [members, invites, agreements, codes] = await Promise.all([
      db
        .select({ id: users.id, name: users.name, email: users.email, role: clinicMembers.role })
        .from(clinicMembers)
        .innerJoin(users, eq(users.id, clinicMembers.userId))
        .where(eq(clinicMembers.clinicId, clinic.id)),
      db
        .select()
        .from(clinicInvites)
        .where(eq(clinicInvites.clinicId, clinic.id))
        .orderBy(desc(clinicInvites.createdAt)),
      db
        .select()
        .from(clinicAgreements)
        .where(eq(clinicAgreements.clinicId, clinic.id))
        .orderBy(desc(clinicAgreements.recordedAt)),
      db
        .select({
          code: enrolmentCodes.code,
          doctorId: enrolmentCodes.doctorId,
          doctorName: users.name,
          createdAt: enrolmentCodes.createdAt,
          revokedAt: enrolmentCodes.revokedAt,
          reason: codeChanges.reason,
          replacedBy: codeChanges.replacedBy,
        })
        .from(enrolmentCodes)
        .innerJoin(users, eq(users.id, enrolmentCodes.doctorId))
        .leftJoin(codeChanges, eq(codeChanges.code, enrolmentCodes.code))
        .where(eq(enrolmentCodes.clinicId, clinic.id))
        .orderBy(desc(enrolmentCodes.createdAt)),
    ]);
    const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString());
    return c.json({
      ...(summary as NonNullable<typeof summary>),
      members: isRep ? [] : members,
      invites: invites.map((i) => ({
        id: i.id,
        email: isRep ? null : i.email,
        name: isRep ? null : i.name,
        role: i.role,
        status: inviteStatus(i, now),
        createdAt: new Date(i.createdAt).toISOString(),
        expiresAt: new Date(i.expiresAt).toISOString(),
      })),
      agreements: agreements.map((a) => ({
        id: a.id,
        signedOn: a.signedOn,
        documentRef: a.documentRef,
        recordedAt: new Date(a.recordedAt).toISOString(),
      })),
      codes: codes.map((k) => ({
        ...k,
        createdAt: new Date(k.createdAt).toISOString(),
        revokedAt: iso(k.revokedAt),
      })),
    } satisfies ClinicDetailResponse);
  })
  .post("/:id/agreement", validate("json", agreementBody), async (c) => {
    const clinic = await scopedClinic(c, c.req.param("id"), "write");
    const user = requirePortalUser(c.var.principal);
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const row = {
      id: crypto.randomUUID(),
      clinicId: clinic.id,
      signedOn: body.signedOn,
      documentRef: body.documentRef,
      recordedBy: user.userId,
      recordedAt: clock(),
    };
    await db.batch([db.insert(clinicAgreements).values(row), auditStatement(c, "record_agreement")]);
    return c.json(
      {
        id: row.id,
        signedOn: row.signedOn,
        documentRef: row.documentRef,
        recordedAt: new Date(row.recordedAt).toISOString(),
      } satisfies AgreementResponse,
      201,
    );
  })
  .post("/:id/codes", validate("json", newCodeBody), async (c) => {
    const clinic = await scopedClinic(c, c.req.param("id"), "write");
    const { db, clock } = c.var.deps;
    const { doctorId } = c.req.valid("json");
    const [member] = await db
      .select({ name: users.name })
      .from(clinicMembers)
      .innerJoin(users, eq(users.id, clinicMembers.userId))
      .where(
        and(
          eq(clinicMembers.clinicId, clinic.id),
          eq(clinicMembers.userId, doctorId),
          eq(clinicMembers.role, "doctor"),
        ),
      );
    if (!member) {
      return problem(c, 422, "not a doctor of this clinic", [
        { path: "doctorId", message: "choose a doctor who has joined this clinic" },
      ]);
    }
    const { code, statement } = newCodeStatement(db, clinic.id, doctorId, clock());
    await db.batch([statement, auditStatement(c, "new_code")]);
    return c.json({ code, clinicId: clinic.id, doctorName: member.name } satisfies NewCodeResponse, 201);
  });
