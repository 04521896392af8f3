// A patient's reminder data for the export (GET /me/export). Erasure needs nothing: every
// reminder table references the patient ON DELETE CASCADE (see routes.test.ts, "erasure").
import { eq } from "drizzle-orm";
import { reminderSends, reminderSettings, subscriptionGrants, subscriptionQuota } from "../db/schema";
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
  };
}
