// Seeds patients who all have a dose due at one minute: enrolled in the demo programme, one plan
// with that single time, started yesterday, and WeChat quota for the dev dose template. Writes
// straight into a SQLite file (a libSQL file, or the file behind a local D1 database that
// `wrangler d1 migrations apply --local` created), in batches.
import { addDays, localDateOf, localTimeOf } from "@steady/shared";
import {
  type Db,
  enrolments,
  medicationPlans,
  openDb,
  patients,
  planRevisions,
  subscriptionQuota,
} from "@steady/worker/db";
import { DEMO_PROGRAMME_ID, DEV_TEMPLATES, ensureReminderTemplates, seedDemo } from "@steady/worker/seed";

export const SEED_TZ = "Asia/Shanghai";

/** Opens a SQLite file; `close` puts the journal back as it was (workerd owns a D1 file's settings). */
export async function openSqliteFile(path: string): Promise<{ db: Db; close(): Promise<void> }> {
  const { db, client, close } = await openDb(`file:${path}`, undefined, { migrate: false });
  return {
    db,
    async close() {
      await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      await client.execute("PRAGMA journal_mode=DELETE");
      close();
    },
  };
}

/**
 * `count` patients, ids `due-p-<i>`, openids `due:<i>`, each with one dose at the Shanghai wall
 * time of `dueAt` (a whole minute). Returns their openids.
 */
export async function seedDuePatients(
  db: Db,
  opts: { count: number; dueAt: number; onProgress?: (n: number) => void },
): Promise<string[]> {
  const { count, dueAt } = opts;
  const enrolledAt = dueAt - 2 * 24 * 3600_000;
  await seedDemo(db, { patients: 0, days: 0, now: enrolledAt });
  await ensureReminderTemplates(db, DEV_TEMPLATES, enrolledAt);
  const time = localTimeOf(dueAt, SEED_TZ);
  const startDate = addDays(localDateOf(dueAt, SEED_TZ), -1);
  const openids: string[] = [];
  const CHUNK = 1000;
  for (let start = 0; start < count; start += CHUNK) {
    const ps = [];
    const es = [];
    const plans = [];
    const revs = [];
    const quota = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const id = `due-p-${String(i).padStart(7, "0")}`;
      const planId = `due-plan-${i}`;
      openids.push(`due:${i}`);
      ps.push({ id, openid: `due:${i}`, name: `患者${i}`, timezone: SEED_TZ, createdAt: enrolledAt });
      es.push({
        id: `due-e-${i}`,
        patientId: id,
        clinicId: "clinic-a",
        programmeId: DEMO_PROGRAMME_ID,
        doctorId: "user-doctorA",
        code: "A-DEMO-CHEN",
        consentVersion: "2026-01",
        consentedAt: enrolledAt,
        enrolledAt,
        status: "active" as const,
      });
      const plan = { id: planId, drug: "氨氯地平", dose: "5 mg", times: [time], startDate };
      plans.push({
        ...plan,
        patientId: id,
        endDate: null,
        requestJson: "{}",
        createdAt: enrolledAt,
        updatedAt: enrolledAt,
      });
      revs.push({ planId, validFrom: enrolledAt, ...plan, endDate: null, changedBy: "patient" as const });
      quota.push({
        patientId: id,
        templateId: "dev-dose-reminder",
        remaining: 5,
        acceptedTotal: 5,
        updatedAt: enrolledAt,
      });
    }
    const stmts = [];
    // SQLite's default limit is 32,766 parameters per statement: rows of ≤ 12 columns, 250 a statement.
    for (let i = 0; i < ps.length; i += 250) {
      stmts.push(db.insert(patients).values(ps.slice(i, i + 250)));
      stmts.push(db.insert(enrolments).values(es.slice(i, i + 250)));
      stmts.push(db.insert(medicationPlans).values(plans.slice(i, i + 250)));
      stmts.push(db.insert(planRevisions).values(revs.slice(i, i + 250)));
      stmts.push(db.insert(subscriptionQuota).values(quota.slice(i, i + 250)));
    }
    await db.batch(stmts as unknown as Parameters<typeof db.batch>[0]);
    opts.onProgress?.(Math.min(count, start + CHUNK));
  }
  return openids;
}
