// Refill and revisit reminders (issue 13). They ride the dose reminders' path — claimed by the
// unique (patient, kind, slot key) insert before sending, then quota, channel, record — so an
// overlapping or retried run never sends one twice. Keys:
//   refill   `<planId>@<last supply event>`: one per supply period (a refill or a new count
//            starts the next), N days (the patient's setting, default 7) before the run-out;
//   revisit  `<date>@eve` the day before the visit, `<date>@morning` that morning.
import { addDays, DEFAULT_REFILL_LEAD_DAYS, localDateOf, MS_PER_MINUTE, zonedInstant } from "@steady/shared";
import { eq, sql } from "drizzle-orm";
import { medicationPlans } from "../db/schema";
import type { Db } from "../env";
import { planForecast } from "../plans/supply";
import type { DueReminder } from "./due";

/** Local hours in which each message may go out (a run after the window sends it next day, or never for a visit). */
export const REFILL_WINDOW = { from: "09:00", until: "20:00" } as const;
export const REVISIT_EVE_WINDOW = { from: "18:00", until: "21:00" } as const;
export const REVISIT_MORNING_WINDOW = { from: "07:00", until: "10:00" } as const;

const localeOf = (v: string | null) => (v === "en" ? "en" : "zh-CN") as DueReminder["locale"];
const inWindow = (now: number, day: string, w: { from: string; until: string }, tz: string) =>
  now >= zonedInstant(day, w.from, tz) && now < zonedInstant(day, w.until, tz);
const minuteOf = (now: number) => Math.floor(now / MS_PER_MINUTE) * MS_PER_MINUTE;

/**
 * One kind's reminders due over the zones, at most `limit`, from `inZone`, which finds up to
 * `room` of them in one zone.
 */
function perZone(inZone: (db: Db, tz: string, now: number, room: number) => Promise<DueReminder[]>) {
  return async (db: Db, zones: string[], now: number, limit: number): Promise<DueReminder[]> => {
    const due: DueReminder[] = [];
    for (const tz of zones) {
      if (due.length >= limit) break;
      due.push(...(await inZone(db, tz, now, limit - due.length)));
    }
    return due;
  };
}

export const dueRefills = perZone(async (db, tz, now, room) => {
  const due: DueReminder[] = [];
  const today = localDateOf(now, tz);
  if (!inWindow(now, today, REFILL_WINDOW, tz)) return due;
  // The cached run-out narrows the plans; the forecast is recomputed below before sending.
  const rows = await db.all<{
    planId: string;
    patientId: string;
    openid: string | null;
    locale: string | null;
    lead: number;
  }>(sql`
    SELECT mp.id AS planId, p.id AS patientId, p.openid AS openid, s.locale AS locale,
           coalesce(s.refill_lead_days, ${DEFAULT_REFILL_LEAD_DAYS}) AS lead
    FROM medication_plans mp
    JOIN patients p ON p.id = mp.patient_id
    LEFT JOIN reminder_settings s ON s.patient_id = p.id
    WHERE p.timezone = ${tz} AND mp.stopped_at IS NULL AND mp.run_out_date IS NOT NULL
      AND mp.run_out_date <= date(${today}, '+' || coalesce(s.refill_lead_days, ${DEFAULT_REFILL_LEAD_DAYS}) || ' days')
      AND coalesce(s.enabled, 1) = 1
      AND EXISTS (SELECT 1 FROM enrolments e WHERE e.patient_id = p.id AND e.status = 'active')
      AND NOT EXISTS (SELECT 1 FROM reminder_sends rs WHERE rs.patient_id = p.id AND rs.kind = 'refill'
                      AND rs.slot_key = mp.id || '@' || mp.supply_event_at)
    LIMIT ${room}`);
  for (const r of rows) {
    const [plan] = await db.select().from(medicationPlans).where(eq(medicationPlans.id, r.planId));
    if (!plan) continue;
    const f = await planForecast(db, plan, tz, now);
    const runOut = f?.forecast.runOutDate ?? null;
    if (runOut !== plan.runOutDate) {
      // Doses missed since the cache was written moved the run-out: keep the cache honest.
      await db.update(medicationPlans).set({ runOutDate: runOut }).where(eq(medicationPlans.id, plan.id));
    }
    if (!runOut || runOut > addDays(today, r.lead)) continue;
    due.push({
      kind: "refill",
      patientId: r.patientId,
      openid: r.openid,
      timezone: tz,
      locale: localeOf(r.locale),
      slotKey: `${plan.id}@${plan.supplyEventAt}`,
      planId: plan.id,
      scheduledAt: zonedInstant(runOut, "08:00", tz),
      dueAt: minuteOf(now),
      refill: { drug: plan.drug, dose: plan.dose, runOutDate: runOut, daysLeft: f?.forecast.daysLeft ?? 0 },
    });
  }
  return due;
});

export const dueRevisits = perZone(async (db, tz, now, room) => {
  const due: DueReminder[] = [];
  const today = localDateOf(now, tz);
  const tomorrow = addDays(today, 1);
  for (const [when, date, window] of [
    ["eve", tomorrow, REVISIT_EVE_WINDOW],
    ["morning", today, REVISIT_MORNING_WINDOW],
  ] as const) {
    if (due.length >= room || !inWindow(now, today, window, tz)) continue;
    const key = `${date}@${when}`;
    const rows = await db.all<{
      patientId: string;
      openid: string | null;
      locale: string | null;
      hospital: string | null;
      department: string | null;
    }>(sql`
      SELECT p.id AS patientId, p.openid AS openid, s.locale AS locale, v.hospital AS hospital,
             v.department AS department
      FROM revisits v
      JOIN patients p ON p.id = v.patient_id
      LEFT JOIN reminder_settings s ON s.patient_id = p.id
      WHERE p.timezone = ${tz} AND v.date = ${date} AND coalesce(s.enabled, 1) = 1
        AND EXISTS (SELECT 1 FROM enrolments e WHERE e.patient_id = p.id AND e.status = 'active')
        AND NOT EXISTS (SELECT 1 FROM reminder_sends rs WHERE rs.patient_id = p.id AND rs.kind = 'revisit'
                        AND rs.slot_key = ${key})
      LIMIT ${room - due.length}`);
    for (const r of rows) {
      due.push({
        kind: "revisit",
        patientId: r.patientId,
        openid: r.openid,
        timezone: tz,
        locale: localeOf(r.locale),
        slotKey: key,
        planId: null,
        scheduledAt: zonedInstant(date, "08:00", tz),
        dueAt: minuteOf(now),
        revisit: { date, when, hospital: r.hospital, department: r.department },
      });
    }
  }
  return due;
});
