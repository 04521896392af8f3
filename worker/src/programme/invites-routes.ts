// Accepting an invite (public: the invitee has no account yet). The link's token is looked up by
// its hash; it works once and until it expires. A doctor who joins gets an enrolment code, so the
// rep can print their poster straight away.
import { acceptInviteBody, type InviteAcceptedResponse, type InvitePreviewResponse } from "@steady/shared";
import { and, eq, gt, isNull } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { auditInsert } from "../access/audit";
import { hashPassword, sha256 } from "../auth/crypto";
import { checkPassword } from "../auth/login-guard";
import { affected } from "../db/affected";
import { clinicInvites, clinicMembers, clinics, enrolmentCodes, users } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { problem } from "../http/problem";
import { validate } from "../http/validate";
import { newCodeStatement } from "./scope";

type Batch = Parameters<Db["batch"]>[0];

async function findInvite(db: Db, token: string) {
  const [row] = await db
    .select({ invite: clinicInvites, clinicName: clinics.name })
    .from(clinicInvites)
    .innerJoin(clinics, eq(clinics.id, clinicInvites.clinicId))
    .where(eq(clinicInvites.tokenHash, await sha256(token)));
  return row;
}

/** Why an invite cannot be used, in words the invitee can act on; null when it can. */
function unusable(invite: typeof clinicInvites.$inferSelect, now: number): string | null {
  if (invite.acceptedAt) return "this invitation has already been used; sign in with your email and password";
  if (invite.revokedAt) return "a newer invitation was sent to you; use the latest link";
  if (invite.expiresAt <= now) return "this invitation has expired; ask your representative for a new one";
  // Not reachable with a real token (none is sent before approval), kept as a second lock.
  if (invite.approvedAt == null) return "this invitation has not been approved yet";
  return null;
}

type Invite = typeof clinicInvites.$inferSelect;
type User = typeof users.$inferSelect;

/**
 * An email that already has an account joins by logging in as it: the password goes through
 * the same lockout and per-client limit as /auth/login, and an unknown email costs the same.
 * Returns the account (undefined: no account yet) or the refusal to send.
 */
async function signInExisting(
  c: Context<AppEnv>,
  invite: Invite,
  password: string,
): Promise<{ account: User | undefined } | { refusal: ReturnType<typeof problem> }> {
  const { db } = c.var.deps;
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, invite.email));
  if (!existing) return { account: undefined };
  const check = await checkPassword(c, invite.email, password);
  if (check.outcome === "locked") {
    return {
      refusal: problem(
        c,
        423,
        `too many wrong passwords: this account is locked for ${check.minutes} more minutes`,
      ),
    };
  }
  if (check.outcome === "limited") {
    c.header("retry-after", String(check.retryAfterS));
    return { refusal: problem(c, 429, "too many failed sign-ins from this address; try again later") };
  }
  if (check.outcome === "wrong") {
    return {
      refusal: problem(c, 401, "if this email already has a Steady account, enter its password", [
        { path: "password", message: "incorrect" },
      ]),
    };
  }
  // Told only after the password proved the account is the caller's.
  if (check.user.role !== invite.role) {
    return { refusal: problem(c, 409, `this email already has a ${check.user.role} account`) };
  }
  return { account: check.user };
}

/** Marks the invite accepted; of two concurrent accepts only one changes the row (true). */
async function claimInvite(db: Db, inviteId: string, now: number): Promise<boolean> {
  const claim = await db
    .update(clinicInvites)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(clinicInvites.id, inviteId),
        isNull(clinicInvites.acceptedAt),
        isNull(clinicInvites.revokedAt),
        gt(clinicInvites.expiresAt, now),
      ),
    );
  return affected(claim) === 1;
}

/**
 * The writes that make the invitee a member (and a user, if new), in one batch. A doctor also
 * gets an enrolment code (their live one if they have it) so the rep can print the poster.
 */
async function joinClinic(
  db: Db,
  invite: Invite,
  joiner: { userId: string; account: User | undefined; name: string; password: string },
  now: number,
): Promise<{ code: string | null }> {
  const { userId } = joiner;
  const statements: unknown[] = [];
  if (!joiner.account) {
    statements.push(
      db.insert(users).values({
        id: userId,
        email: invite.email,
        name: joiner.name,
        role: invite.role,
        passwordHash: await hashPassword(joiner.password),
        createdAt: now,
      }),
    );
  }
  statements.push(
    db.update(clinicInvites).set({ acceptedUserId: userId }).where(eq(clinicInvites.id, invite.id)),
    db
      .insert(clinicMembers)
      .values({ clinicId: invite.clinicId, userId, role: invite.role })
      .onConflictDoNothing(),
    auditInsert(db, { actorId: userId, role: invite.role, action: "accept_invite", at: now }),
  );
  let code: string | null = null;
  if (invite.role === "doctor") {
    const [existing] = await db
      .select({ code: enrolmentCodes.code })
      .from(enrolmentCodes)
      .where(
        and(
          eq(enrolmentCodes.clinicId, invite.clinicId),
          eq(enrolmentCodes.doctorId, userId),
          isNull(enrolmentCodes.revokedAt),
        ),
      );
    if (existing) code = existing.code;
    else {
      const made = newCodeStatement(db, invite.clinicId, userId, now);
      code = made.code;
      statements.push(made.statement);
    }
  }
  await db.batch(statements as unknown as Batch);
  return { code };
}

export const inviteRoutes = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    const { db, clock } = c.var.deps;
    const hit = await findInvite(db, c.req.param("token"));
    if (!hit) return problem(c, 404, "invitation not found; check the link");
    const why = unusable(hit.invite, clock());
    if (why) return problem(c, 410, why);
    // Whether the email already has an account is not said: the page asks for a password either
    // way, and an existing account's password is checked like a login.
    return c.json({
      clinic: { name: hit.clinicName },
      email: hit.invite.email,
      name: hit.invite.name,
      role: hit.invite.role,
      expiresAt: new Date(hit.invite.expiresAt).toISOString(),
    } satisfies InvitePreviewResponse);
  })
  .post("/:token/accept", validate("json", acceptInviteBody), async (c) => {
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const now = clock();
    const hit = await findInvite(db, c.req.param("token"));
    if (!hit) return problem(c, 404, "invitation not found; check the link");
    const invite = hit.invite;
    const why = unusable(invite, now);
    if (why) return problem(c, 410, why);
    const signedIn = await signInExisting(c, invite, body.password);
    if ("refusal" in signedIn) return signedIn.refusal;
    const { account } = signedIn;
    // Claim the invite first, so the writes below happen once.
    if (!(await claimInvite(db, invite.id, now)))
      return problem(c, 410, "this invitation has already been used");
    const userId = account?.id ?? crypto.randomUUID();
    const { code } = await joinClinic(
      db,
      invite,
      { userId, account, name: body.name, password: body.password },
      now,
    );
    return c.json(
      {
        user: { id: userId, email: invite.email, role: invite.role, name: account?.name ?? body.name },
        clinic: { name: hit.clinicName },
        code,
      } satisfies InviteAcceptedResponse,
      201,
    );
  });
