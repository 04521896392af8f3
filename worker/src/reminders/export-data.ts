// A patient's reminder data for the export (GET /me/export). Erasure needs nothing: every
// reminder table references the patient ON DELETE CASCADE (see routes.test.ts, "erasure").
import { eq, or } from "drizzle-orm";
import {
  familyLinks,
  familyNotices,
  reminderChannels,
  reminderReach,
  reminderSends,
  reminderSettings,
  smsContacts,
  subscriptionGrants,
  subscriptionQuota,
} from "../db/schema";
import type { Db } from "../env";

export async function reminderExport(db: Db, patientId: string) {
  const strip = <T extends { patientId?: string; requestJson?: string }>(rows: T[]) =>
    rows.map(({ patientId: _p, requestJson: _r, ...rest }) => rest);
  return {
    reminderSettings: strip(
      await db.select().from(reminderSettings).where(eq(reminderSettings.patientId, patientId)),
    ),
    reminderSubscriptions: strip(
      await db.select().from(subscriptionGrants).where(eq(subscriptionGrants.patientId, patientId)),
    ),
    reminderQuota: strip(
      await db.select().from(subscriptionQuota).where(eq(subscriptionQuota.patientId, patientId)),
    ),
    reminders: strip(await db.select().from(reminderSends).where(eq(reminderSends.patientId, patientId))),
    reminderChannels: strip(
      await db.select().from(reminderChannels).where(eq(reminderChannels.patientId, patientId)),
    ),
    reminderReach: strip(await db.select().from(reminderReach).where(eq(reminderReach.patientId, patientId))),
    sms: strip(await db.select().from(smsContacts).where(eq(smsContacts.patientId, patientId))),
  };
}

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
