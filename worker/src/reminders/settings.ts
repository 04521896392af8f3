// A patient's reminder choices. No row means the defaults: everything on, follow-up after 60 min.
import { DEFAULT_REFILL_LEAD_DAYS } from "@steady/shared";
import { and, eq, sql } from "drizzle-orm";
import { affected } from "../db/affected";
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
  /** Days before the run-out the refill reminder comes. */
  refillLeadDays: number;
  locale: ReminderLocale;
}

export function prefsOf(row: typeof reminderSettings.$inferSelect | undefined | null): ReminderPrefs {
  return {
    enabled: row?.enabled ?? true,
    followUps: row?.followUps ?? true,
    weeklyTips: row?.weeklyTips ?? true,
    followUpDelayMinutes: row?.followUpDelayMin ?? DEFAULT_FOLLOW_UP_DELAY_MIN,
    refillLeadDays: row?.refillLeadDays ?? DEFAULT_REFILL_LEAD_DAYS,
    locale: row?.locale === "en" ? "en" : "zh-CN",
  };
}

export async function getPrefs(db: Db, patientId: string): Promise<ReminderPrefs> {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.patientId, patientId));
  return prefsOf(row);
}

/** The version of a patient's reminder settings (ADR 0011): 0 while they are the untouched defaults. */
export async function prefsVersion(db: Db, patientId: string): Promise<number> {
  const [row] = await db
    .select({ version: reminderSettings.version })
    .from(reminderSettings)
    .where(eq(reminderSettings.patientId, patientId));
  return row?.version ?? 0;
}

/**
 * Applies a patch if the settings are still at `expectedVersion`. Returns false (and writes
 * nothing) when they are not: the first save inserts the row only if none exists (version 0),
 * later ones update only the row at that version, so racing saves cannot both apply.
 */
export async function updatePrefs(
  db: Db,
  patientId: string,
  patch: Partial<ReminderPrefs>,
  now: number,
  expectedVersion: number,
): Promise<boolean> {
  const [current] = await db.select().from(reminderSettings).where(eq(reminderSettings.patientId, patientId));
  if ((current?.version ?? 0) !== expectedVersion) return false;
  const next = { ...prefsOf(current), ...patch };
  const row = {
    enabled: next.enabled,
    followUps: next.followUps,
    weeklyTips: next.weeklyTips,
    followUpDelayMin: next.followUpDelayMinutes,
    refillLeadDays: next.refillLeadDays,
    locale: next.locale,
    updatedAt: now,
  };
  const result =
    expectedVersion === 0
      ? await db
          .insert(reminderSettings)
          .values({ patientId, ...row, version: 1 })
          .onConflictDoNothing()
      : await db
          .update(reminderSettings)
          .set({ ...row, version: sql`${reminderSettings.version} + 1` })
          .where(
            and(eq(reminderSettings.patientId, patientId), eq(reminderSettings.version, expectedVersion)),
          );
  return affected(result) === 1;
}
