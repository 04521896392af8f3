// Family follow (亲情关注, docs/product.md): the patient invites a family member with a code (a share
// card in WeChat), chooses what they may see and whether they get notices, with a consent of its
// own; the family member opens the mini-program with their own WeChat (their own patients row)
// and accepts; the patient sees who follows and revokes at once. Every step the patient or the
// follower takes is audited; so is every read of the patient's data by a follower (view.ts).
import { FAMILY_CONSENT_VERSION, inviteCode } from "@steady/shared";
import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { audit } from "../access/audit";
import { familyLinks, patients } from "../db/schema";
import type { Db } from "../env";
import { type CreateOutcome, canonicalJson, replayOutcome } from "../http/idempotency";
import { ProblemError } from "../http/problem";

/** An invite can be accepted for a week, once. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000;

export type LinkRow = typeof familyLinks.$inferSelect;
export type LinkStatus = "pending" | "active" | "expired" | "revoked";

export interface Shares {
  doses: boolean;
  bp: boolean;
  glucose: boolean;
}

export const sharesOf = (l: LinkRow): Shares => ({
  doses: l.shareDoses,
  bp: l.shareBp,
  glucose: l.shareGlucose,
});

export function statusOf(l: LinkRow, now: number): LinkStatus {
  if (l.revokedAt != null) return "revoked";
  if (l.followerId) return "active";
  return l.inviteExpiresAt > now ? "pending" : "expired";
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export interface InviteRequest {
  id: string;
  share: Shares;
  notices: boolean;
  consent: { version: string; accepted: true };
}

/** The patient's view of one link (for the list of who follows them). */
export function followerView(l: LinkRow, now: number) {
  const status = statusOf(l, now);
  return {
    id: l.id,
    status,
    label: l.label,
    share: sharesOf(l),
    notices: l.notices,
    createdAt: iso(l.createdAt) as string,
    acceptedAt: iso(l.acceptedAt),
    revokedAt: iso(l.revokedAt),
    /** Only while it can still be accepted: the code is a key to the patient's data. */
    ...(status === "pending" ? { code: l.inviteCode, expiresAt: iso(l.inviteExpiresAt) as string } : {}),
  };
}

/**
 * Creates an invite (idempotent on the client's id). The consent must be to the text version the
 * mini-program shows; an older or unknown version is refused rather than silently accepted.
 */
export async function createInvite(
  db: Db,
  patientId: string,
  req: InviteRequest,
  now: number,
): Promise<{ outcome: CreateOutcome; link: LinkRow }> {
  if (req.consent.version !== FAMILY_CONSENT_VERSION) {
    throw new ProblemError(422, "invalid request body", [
      { path: "consent.version", message: `expected the current consent text ${FAMILY_CONSENT_VERSION}` },
    ]);
  }
  const requestJson = canonicalJson(req);
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insert(familyLinks)
      .values({
        id: req.id,
        patientId,
        inviteCode: inviteCode(),
        inviteExpiresAt: now + INVITE_TTL_MS,
        shareDoses: req.share.doses,
        shareBp: req.share.bp,
        shareGlucose: req.share.glucose,
        notices: req.notices,
        consentVersion: req.consent.version,
        consentedAt: now,
        createdAt: now,
        updatedAt: now,
        requestJson,
      })
      .onConflictDoNothing({ target: familyLinks.id })
      .returning()
      .catch((e: unknown) => {
        // The one other unique key is the code: a clash (≈ never) draws a new one.
        if (String((e as Error)?.message ?? e).includes("invite_code")) return null;
        throw e;
      });
    if (inserted === null) continue;
    const [link] = inserted;
    if (link) {
      await audit(db, { actorId: patientId, role: "patient", action: "family_invite", patientId, at: now });
      return { outcome: "created", link };
    }
    const [stored] = await db.select().from(familyLinks).where(eq(familyLinks.id, req.id));
    const outcome = replayOutcome(stored, patientId, requestJson);
    if (outcome === "conflict" || !stored)
      throw new ProblemError(409, "this id was already used", [
        { path: "id", message: "reused with a different body" },
      ]);
    return { outcome, link: stored };
  }
  throw new ProblemError(409, "could not draw a free invite code; try again");
}

export async function listFollowers(db: Db, patientId: string, now: number) {
  const rows = await db
    .select()
    .from(familyLinks)
    .where(eq(familyLinks.patientId, patientId))
    .orderBy(desc(familyLinks.createdAt));
  // Revoked and expired links stay in the table (the audit trail) but not in the list.
  return rows
    .filter((l) => ["pending", "active"].includes(statusOf(l, now)))
    .map((l) => followerView(l, now));
}

async function ownLink(db: Db, patientId: string, id: string): Promise<LinkRow> {
  const [l] = await db
    .select()
    .from(familyLinks)
    .where(and(eq(familyLinks.id, id), eq(familyLinks.patientId, patientId), isNull(familyLinks.revokedAt)));
  if (!l) throw new ProblemError(404, "no such family member");
  return l;
}

export async function updateShares(
  db: Db,
  patientId: string,
  id: string,
  patch: { share?: Partial<Shares>; notices?: boolean },
  now: number,
) {
  const l = await ownLink(db, patientId, id);
  const share: Shares = {
    doses: patch.share?.doses ?? l.shareDoses,
    bp: patch.share?.bp ?? l.shareBp,
    glucose: patch.share?.glucose ?? l.shareGlucose,
  };
  if (!share.doses && !share.bp && !share.glucose) {
    throw new ProblemError(422, "invalid request body", [
      { path: "share", message: "share at least one kind of data, or remove the family member" },
    ]);
  }
  const [updated] = await db
    .update(familyLinks)
    .set({
      shareDoses: share.doses,
      shareBp: share.bp,
      shareGlucose: share.glucose,
      notices: patch.notices ?? l.notices,
      updatedAt: now,
    })
    .where(and(eq(familyLinks.id, id), isNull(familyLinks.revokedAt)))
    .returning();
  if (!updated) throw new ProblemError(404, "no such family member");
  await audit(db, { actorId: patientId, role: "patient", action: "family_share_change", patientId, at: now });
  return followerView(updated, now);
}

/** Ends a link at once (a pending invite too): the follower's next read answers 404. */
export async function revoke(
  db: Db,
  by: { patientId: string } | { followerId: string },
  id: string,
  now: number,
) {
  const mine =
    "patientId" in by ? eq(familyLinks.patientId, by.patientId) : eq(familyLinks.followerId, by.followerId);
  const [l] = await db
    .update(familyLinks)
    .set({ revokedAt: now, revokedBy: "patientId" in by ? "patient" : "follower", updatedAt: now })
    .where(and(eq(familyLinks.id, id), mine, isNull(familyLinks.revokedAt)))
    .returning();
  if (!l) throw new ProblemError(404, "no such family member");
  const actorId = "patientId" in by ? by.patientId : by.followerId;
  await audit(db, {
    actorId,
    role: "patientId" in by ? "patient" : "family",
    action: "family_revoke",
    patientId: l.patientId,
    at: now,
  });
  return { id: l.id, revokedAt: iso(now) as string };
}

/** "王秀英" → "王**": enough for the follower to know whose invite it is, little for anyone else. */
export function maskName(name: string | null): string {
  if (!name) return "**";
  const chars = Array.from(name.trim());
  return `${chars[0] ?? ""}${"*".repeat(Math.max(1, chars.length - 1))}`;
}

async function openInvite(db: Db, code: string, now: number) {
  const [row] = await db
    .select({ link: familyLinks, name: patients.name })
    .from(familyLinks)
    .innerJoin(patients, eq(patients.id, familyLinks.patientId))
    .where(
      and(
        eq(familyLinks.inviteCode, code),
        isNull(familyLinks.followerId),
        isNull(familyLinks.revokedAt),
        gt(familyLinks.inviteExpiresAt, now),
      ),
    );
  return row ?? null;
}

/** What the person holding the code is about to accept. */
export async function previewInvite(db: Db, code: string, callerId: string, now: number) {
  const row = await openInvite(db, code, now);
  if (!row) throw new ProblemError(404, "this invite is unknown, used, withdrawn or expired");
  return {
    patient: { name: maskName(row.name) },
    share: sharesOf(row.link),
    notices: row.link.notices,
    expiresAt: iso(row.link.inviteExpiresAt) as string,
    own: row.link.patientId === callerId,
  };
}

/** Accepts an invite once, atomically: two people racing for one code cannot both get it. */
export async function acceptInvite(
  db: Db,
  code: string,
  followerId: string,
  label: string | undefined,
  now: number,
) {
  const row = await openInvite(db, code, now);
  if (!row) throw new ProblemError(404, "this invite is unknown, used, withdrawn or expired");
  if (row.link.patientId === followerId) throw new ProblemError(409, "you cannot follow yourself");
  const [already] = await db
    .select({ id: familyLinks.id })
    .from(familyLinks)
    .where(
      and(
        eq(familyLinks.patientId, row.link.patientId),
        eq(familyLinks.followerId, followerId),
        isNull(familyLinks.revokedAt),
      ),
    );
  if (already) throw new ProblemError(409, "you already follow this person");
  const [link] = await db
    .update(familyLinks)
    .set({ followerId, acceptedAt: now, label: label ?? null, updatedAt: now })
    .where(
      and(
        eq(familyLinks.id, row.link.id),
        isNull(familyLinks.followerId),
        isNull(familyLinks.revokedAt),
        gt(familyLinks.inviteExpiresAt, now),
        ne(familyLinks.patientId, followerId),
      ),
    )
    .returning();
  if (!link) throw new ProblemError(404, "this invite is unknown, used, withdrawn or expired");
  await audit(db, {
    actorId: followerId,
    role: "family",
    action: "family_accept",
    patientId: link.patientId,
    at: now,
  });
  return { id: link.id };
}

/** The follower's active link to a patient, or 404 — revoked, not theirs, or never existed. */
export async function activeLinkFor(db: Db, followerId: string, id: string): Promise<LinkRow> {
  const [l] = await db
    .select()
    .from(familyLinks)
    .where(
      and(eq(familyLinks.id, id), eq(familyLinks.followerId, followerId), isNull(familyLinks.revokedAt)),
    );
  if (!l) throw new ProblemError(404, "not found");
  return l;
}

export async function listFollowing(db: Db, followerId: string, now: number) {
  const rows = await db
    .select({ link: familyLinks, name: patients.name })
    .from(familyLinks)
    .innerJoin(patients, eq(patients.id, familyLinks.patientId))
    .where(and(eq(familyLinks.followerId, followerId), isNull(familyLinks.revokedAt)))
    .orderBy(desc(familyLinks.acceptedAt));
  // The list names whom the caller follows: a read of each patient's data, audited as such.
  for (const r of rows)
    await audit(db, {
      actorId: followerId,
      role: "family",
      action: "family_list",
      patientId: r.link.patientId,
      at: now,
    });
  return rows.map((r) => ({
    id: r.link.id,
    patient: { name: r.name ?? "" },
    share: sharesOf(r.link),
    notices: r.link.notices,
    acceptedAt: iso(r.link.acceptedAt),
  }));
}
