// A patient's reminder choices. No row means the defaults: everything on, follow-up after 60 min.
import { eq } from "drizzle-orm";
import { reminderSettings } from "../db/schema";
import type { Db } from "../env";

export const DEFAULT_FOLLOW_UP_DELAY_MIN = 60;
/** Follow-up delays a patient may choose: long enough to log the dose, short enough to still help. */
export const FOLLOW_UP_DELAY_RANGE = { min: 15, max: 180 } as const;

export type ReminderLocale = "zh-CN" | "en";

export interface ReminderPrefs {
  enabled: boolean;
  followUps: boolean;
  weeklyTips: boolean;
  followUpDelayMinutes: number;
  locale: ReminderLocale;
}

export function prefsOf(row: typeof reminderSettings.$inferSelect | undefined | null): ReminderPrefs {
  return {
    enabled: row?.enabled ?? true,
    followUps: row?.followUps ?? true,
    weeklyTips: row?.weeklyTips ?? true,
    followUpDelayMinutes: row?.followUpDelayMin ?? DEFAULT_FOLLOW_UP_DELAY_MIN,
    locale: row?.locale === "en" ? "en" : "zh-CN",
  };
}

export async function getPrefs(db: Db, patientId: string): Promise<ReminderPrefs> {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.patientId, patientId));
  return prefsOf(row);
}

export async function updatePrefs(
  db: Db,
  patientId: string,
  patch: Partial<ReminderPrefs>,
  now: number,
): Promise<ReminderPrefs> {
  const next = { ...(await getPrefs(db, patientId)), ...patch };
  const row = {
    enabled: next.enabled,
    followUps: next.followUps,
    weeklyTips: next.weeklyTips,
    followUpDelayMin: next.followUpDelayMinutes,
    locale: next.locale,
    updatedAt: now,
  };
  await db
    .insert(reminderSettings)
    .values({ patientId, ...row })
    .onConflictDoUpdate({ target: reminderSettings.patientId, set: row });
  return next;
}
