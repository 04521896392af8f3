// Inviting doctors and assistants to a clinic (issue 11). A rep's invite waits for a platform
// admin or a doctor of that clinic to approve it; only then is a token made and the link sent —
// to the invitee alone, through the mail adapter. No response carries a token or link, so a rep
// can never accept an invite in someone else's name and reach that clinic's patients.
import {
  type ClinicInvitesResponse,
  type InviteApprovalsResponse,
  type InviteCreatedResponse,
  type InviteResponse,
  inviteBody,
} from "@steady/shared";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { newToken, sha256 } from "../auth/crypto";
import { clinicInvites, clinicMembers, clinics, users } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { requirePortalUser } from "../http/principal";
import { ProblemError } from "../http/problem";
import { publicLink } from "../http/public-origin";
import { validate } from "../http/validate";
import { inviteMessage, outboxMailer } from "../mail/mailer";
import { auditStatement } from "./scope";

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

type Batch = Parameters<Db["batch"]>[0];
type Invite = typeof clinicInvites.$inferSelect;

export type InviteStatus = "pending_approval" | "pending" | "accepted" | "replaced" | "expired";

/** `pending`: sent, waiting for the invitee; `pending_approval`: a rep's invite not yet approved. */
export function inviteStatus(i: Invite, now: number): InviteStatus {
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "replaced";
  if (i.expiresAt <= now) return "expired";
  if (i.approvedAt == null) return "pending_approval";
  return "pending";
}

const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString());

/** What anyone may see of an invite: never its token or link. */
export function inviteView(i: Invite, now: number) {
  return {
    id: i.id,
    clinicId: i.clinicId,
    email: i.email,
    name: i.name,
    role: i.role,
    status: inviteStatus(i, now),
    createdAt: new Date(i.createdAt).toISOString(),
    expiresAt: new Date(i.expiresAt).toISOString(),
    approvedAt: iso(i.approvedAt),
  };
}

type Ctx = Context<AppEnv>;

/**
 * The clinic, if the caller may work on its invites: the rep who onboarded it (create, list),
 * a doctor of the clinic or a platform admin (create, list, approve). Others: 404.
 */
async function inviteScope(c: Ctx, clinicId: string, action: "create" | "list" | "approve") {
  const user = requirePortalUser(c.var.principal);
  const { db } = c.var.deps;
  const [clinic] = await db.select().from(clinics).where(eq(clinics.id, clinicId));
  let allowed = false;
  if (clinic && user.role === "admin") allowed = true;
  else if (clinic && user.role === "rep")
    allowed = action !== "approve" && clinic.onboardedBy === user.userId;
  else if (clinic && user.role === "doctor") {
    const [member] = await db
      .select({ role: clinicMembers.role })
      .from(clinicMembers)
      .where(
        and(
          eq(clinicMembers.clinicId, clinicId),
          eq(clinicMembers.userId, user.userId),
          eq(clinicMembers.role, "doctor"),
        ),
      );
    allowed = Boolean(member);
  }
  if (!clinic || !allowed) throw new ProblemError(404, "clinic not found");
  return { clinic, user, approver: user.role === "admin" || user.role === "doctor" };
}

/** Sends the link to the invitee (the only place a token leaves the server). */
async function deliver(c: Ctx, to: string, clinicName: string, role: Invite["role"], token: string) {
  const { deps } = c.var;
  const mailer = deps.mailer ?? outboxMailer(deps.db, deps.clock);
  await mailer.send(inviteMessage(to, clinicName, role, publicLink(c, `/invite/${token}`)));
}

export const clinicInviteRoutes = new Hono<AppEnv>()
  .post("/:id/invites", validate("json", inviteBody), async (c) => {
    const { clinic, user, approver } = await inviteScope(c, c.req.param("id"), "create");
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const now = clock();
    publicLink(c, "/"); // refuse before writing when links cannot be built
    // Whether the email already has an account is not said here (it would tell a rep which
    // emails are registered); a role mismatch is told to the invitee when they accept.
    const token = newToken();
    const invite: Invite = {
      id: crypto.randomUUID(),
      clinicId: clinic.id,
      email: body.email,
      name: body.name ?? null,
      role: body.role,
      // A rep's invite stores the hash of a token nobody holds: it cannot be used until approved.
      tokenHash: await sha256(approver ? token : newToken()),
      invitedBy: user.userId,
      createdAt: now,
      expiresAt: now + INVITE_TTL_MS,
      acceptedAt: null,
      acceptedUserId: null,
      revokedAt: null,
      approvedAt: approver ? now : null,
      approvedBy: approver ? user.userId : null,
      sentAt: approver ? now : null,
    };
    await db.batch([
      // A new invite replaces any open one for the same person: only the latest link works.
      db
        .update(clinicInvites)
        .set({ revokedAt: now })
        .where(
          and(
            eq(clinicInvites.clinicId, clinic.id),
            eq(clinicInvites.email, body.email),
            isNull(clinicInvites.acceptedAt),
            isNull(clinicInvites.revokedAt),
          ),
        ),
      db.insert(clinicInvites).values(invite),
      auditStatement(c, approver ? "invite" : "invite_requested"),
    ] as unknown as Batch);
    if (approver) await deliver(c, invite.email, clinic.name, invite.role, token);
    const view = inviteView(invite, now);
    // Exactly the contract's shape (docs/api.md): never a token or link.
    return c.json(
      {
        id: view.id,
        email: view.email,
        role: view.role,
        status: view.status,
        expiresAt: view.expiresAt,
      } satisfies InviteCreatedResponse,
      201,
    );
  })
  .get("/:id/invites", async (c) => {
    const { clinic } = await inviteScope(c, c.req.param("id"), "list");
    const { db, clock } = c.var.deps;
    const now = clock();
    const rows = await db
      .select({ invite: clinicInvites, invitedBy: users.name, invitedByRole: users.role })
      .from(clinicInvites)
      .innerJoin(users, eq(users.id, clinicInvites.invitedBy))
      .where(eq(clinicInvites.clinicId, clinic.id))
      .orderBy(desc(clinicInvites.createdAt));
    return c.json({
      invites: rows.map((r) => ({
        ...inviteView(r.invite, now),
        invitedBy: { name: r.invitedBy, role: r.invitedByRole },
      })),
    } satisfies ClinicInvitesResponse);
  })
  .post("/:id/invites/:inviteId/approve", async (c) => {
    const { clinic, user } = await inviteScope(c, c.req.param("id"), "approve");
    const { db, clock } = c.var.deps;
    const now = clock();
    const inviteId = c.req.param("inviteId");
    const [invite] = await db
      .select()
      .from(clinicInvites)
      .where(and(eq(clinicInvites.id, inviteId), eq(clinicInvites.clinicId, clinic.id)));
    if (!invite) throw new ProblemError(404, "invite not found");
    const status = inviteStatus(invite, now);
    if (status !== "pending_approval") {
      throw new ProblemError(409, `this invite cannot be approved: it is ${status.replace("_", " ")}`);
    }
    publicLink(c, "/");
    const token = newToken();
    // One UPDATE decides: of two approvers racing, only one sends the link.
    const [approved] = await db
      .update(clinicInvites)
      .set({
        tokenHash: await sha256(token),
        approvedAt: now,
        approvedBy: user.userId,
        sentAt: now,
        // The invitee gets the full week from the moment the link is sent.
        expiresAt: now + INVITE_TTL_MS,
      })
      .where(
        and(
          eq(clinicInvites.id, invite.id),
          isNull(clinicInvites.approvedAt),
          isNull(clinicInvites.acceptedAt),
          isNull(clinicInvites.revokedAt),
        ),
      )
      .returning();
    if (!approved) throw new ProblemError(409, "this invite was just approved by someone else");
    await db.batch([auditStatement(c, "approve_invite")] as unknown as Batch);
    await deliver(c, approved.email, clinic.name, approved.role, token);
    return c.json(inviteView(approved, now) satisfies InviteResponse);
  });

/** Invites waiting for the caller's approval: a doctor's clinics, or every clinic for an admin. */
export const inviteApprovalRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const user = requirePortalUser(c.var.principal);
  const { db, clock } = c.var.deps;
  const now = clock();
  let clinicIds: string[] | null = null;
  if (user.role !== "admin") {
    const rows = await db
      .select({ clinicId: clinicMembers.clinicId })
      .from(clinicMembers)
      .where(and(eq(clinicMembers.userId, user.userId), eq(clinicMembers.role, "doctor")));
    clinicIds = rows.map((r) => r.clinicId);
    if (!clinicIds.length) return c.json({ invites: [] });
  }
  const rows = await db
    .select({
      invite: clinicInvites,
      clinicName: clinics.name,
      invitedBy: users.name,
      invitedByRole: users.role,
    })
    .from(clinicInvites)
    .innerJoin(clinics, eq(clinics.id, clinicInvites.clinicId))
    .innerJoin(users, eq(users.id, clinicInvites.invitedBy))
    .where(
      and(
        isNull(clinicInvites.approvedAt),
        isNull(clinicInvites.acceptedAt),
        isNull(clinicInvites.revokedAt),
        clinicIds ? inArray(clinicInvites.clinicId, clinicIds) : undefined,
      ),
    )
    .orderBy(desc(clinicInvites.createdAt));
  return c.json({
    invites: rows
      .filter((r) => inviteStatus(r.invite, now) === "pending_approval")
      .map((r) => ({
        ...inviteView(r.invite, now),
        clinicName: r.clinicName,
        invitedBy: { name: r.invitedBy, role: r.invitedByRole },
      })),
  } satisfies InviteApprovalsResponse);
});
