// The family-follow part of the export (GET /me/export), shaped for the patient to read. Which
// tables are exported and erased is decided in access/patient-data-registry.ts.
import { eq, or } from "drizzle-orm";
import { familyLinks, familyNotices } from "../db/schema";
import type { Db } from "../env";

/**
 * Family follow in the export: the links the patient granted (with who accepted and when, never
 * the invite code) and the ones they accepted as a follower, and the notices about or to them.
 */
export async function familyExport(db: Db, patientId: string) {
  const links = await db
    .select()
    .from(familyLinks)
    .where(or(eq(familyLinks.patientId, patientId), eq(familyLinks.followerId, patientId)));
  const view = ({
    inviteCode: _c,
    requestJson: _r,
    patientId: p,
    followerId: f,
    ...rest
  }: (typeof links)[number]) => ({
    ...rest,
    role: p === patientId ? ("shared_by_me" as const) : ("followed_by_me" as const),
    ...(p === patientId ? { followerAccepted: Boolean(f) } : {}),
  });
  const notices = await db
    .select()
    .from(familyNotices)
    .where(or(eq(familyNotices.patientId, patientId), eq(familyNotices.followerId, patientId)));
  return {
    familyLinks: links.map(view),
    familyNotices: notices.map(({ followerId: _f, patientId: p, ...rest }) => ({
      ...rest,
      about: p === patientId ? ("me" as const) : ("someone_i_follow" as const),
    })),
  };
}
