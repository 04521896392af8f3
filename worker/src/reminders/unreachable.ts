// Patients no reminder channel reaches (docs/product.md): their doctor's triage list shows them as
// "unreachable", with the reason. A patient is unreachable when the last dose reminder found no
// channel (or its channel failed) and nothing has changed since that would reach them: reminders
// still on, no WeChat acceptance added for the dose template, no SMS consent given after it.
// One statement for any number of patients (the ids travel as one JSON parameter, so D1's limit
// of 100 bound parameters does not apply).
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../env";
import type { SmsState, WechatState } from "../family/schema";

export interface Unreachable {
  /** Since when the reminders have not reached the patient (ISO). */
  since: string;
  /** Why WeChat could not carry it: no_quota (used up), no_openid, refused (43101), failed. */
  wechat: WechatState;
  /** Why SMS could not: no_phone, no_consent, unavailable (not set up), failed (Tencent refused). */
  sms: SmsState;
}

/**
 * The condition and reason as SQL for a patient id expression, for a query that lists many
 * patients (e.g. the triage roster): a JSON text `{"since":…,"wechat":…,"sms":…}` or NULL.
 */
export function unreachableJsonSql(patientId: SQL): SQL {
  return sql`(SELECT json_object('since', r.since, 'wechat', r.wechat, 'sms', r.sms)
    FROM reminder_reach r
    WHERE r.patient_id = ${patientId} AND r.reachable = 0
      AND NOT EXISTS (SELECT 1 FROM reminder_settings s WHERE s.patient_id = r.patient_id AND s.enabled = 0)
      AND NOT EXISTS (SELECT 1 FROM subscription_quota q
                      JOIN reminder_templates t ON t.template_id = q.template_id AND t.purpose = 'dose'
                      WHERE q.patient_id = r.patient_id AND (q.long_term = 1 OR q.remaining > 0))
      AND NOT EXISTS (SELECT 1 FROM sms_contacts c
                      WHERE c.patient_id = r.patient_id AND c.consent = 1 AND c.consented_at > r.at))`;
}

/** The unreachable ones among `patientIds`, with the reason. */
export async function unreachablePatients(db: Db, patientIds: string[]): Promise<Map<string, Unreachable>> {
  const out = new Map<string, Unreachable>();
  if (!patientIds.length) return out;
  const rows = await db.all<{ id: string; j: string | null }>(sql`
    SELECT p.value AS id, ${unreachableJsonSql(sql`p.value`)} AS j
    FROM json_each(${JSON.stringify(patientIds)}) p`);
  for (const r of rows) {
    if (!r.j) continue;
    const v = JSON.parse(r.j) as { since: number; wechat: WechatState; sms: SmsState };
    out.set(r.id, { since: new Date(v.since).toISOString(), wechat: v.wechat, sms: v.sms });
  }
  return out;
}
