// A patient's reminder data, for the erasure (DELETE /me) and the export (GET /me/export).
import { eq } from "drizzle-orm";
import { reminderSends, reminderSettings, subscriptionGrants, subscriptionQuota } from "../db/schema";
import type { Db } from "../env";

/** Delete statements to add to the erasure batch (before the patient row). */
export function reminderErasure(db: Db, patientId: string) {
  return [
    db.delete(reminderSends).where(eq(reminderSends.patientId, patientId)),
    db.delete(subscriptionQuota).where(eq(subscriptionQuota.patientId, patientId)),
    db.delete(subscriptionGrants).where(eq(subscriptionGrants.patientId, patientId)),
    db.delete(reminderSettings).where(eq(reminderSettings.patientId, patientId)),
  ] as const;
}

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
  };
}
