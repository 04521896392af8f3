// A patient's reminder history for their doctor: what the scheduler sent (or could not send) and
// how many one-time WeChat acceptances are left, so "took 6 of 14 doses" can be read against
// "reminders stopped reaching her on the 3rd".
import { and, desc, eq, gte } from "drizzle-orm";
import type { PatientRef } from "../access/patient-ref";
import { reminderSends, subscriptionQuota } from "../db/schema";
import type { Db } from "../env";

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export async function reminderHistory(db: Db, patientId: PatientRef, since: number) {
  const [sends, quota] = await Promise.all([
    db
      .select()
      .from(reminderSends)
      .where(and(eq(reminderSends.patientId, patientId), gte(reminderSends.dueAt, since)))
      .orderBy(desc(reminderSends.dueAt))
      .limit(300),
    db.select().from(subscriptionQuota).where(eq(subscriptionQuota.patientId, patientId)),
  ]);
  return {
    sends: sends.map((s) => ({
      id: s.id,
      kind: s.kind,
      dueAt: iso(s.dueAt) as string,
      channel: s.channel,
      status: s.status,
      attempts: s.attempts,
      sentAt: iso(s.sentAt),
      errcode: s.errcode,
    })),
    quota: quota.map((q) => ({
      templateId: q.templateId,
      remaining: q.remaining,
      longTerm: q.longTerm,
      refused: q.refusedAt != null,
    })),
  };
}
