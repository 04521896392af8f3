// What a follower sees of the patient who invited them: only the data types the patient shares
// now — each type is absent, not empty, when it is not shared — and every read is audited before
// any data leaves. A revoked link is a 404 on the very next read (activeLinkFor).
import { DEFAULT_THRESHOLDS, localDateOf, type Thresholds } from "@steady/shared";
import { and, eq } from "drizzle-orm";
import { followerPatient } from "../access/patient-access";
import type { PatientRef } from "../access/patient-ref";
import { enrolments, patients, programmes } from "../db/schema";
import type { Db } from "../env";
import * as data from "../patient/data";
import { sharesOf } from "./links";

const DAY = 24 * 3600_000;

// data.readings answers either shape; which one follows from the kind asked for.
type Readings = Awaited<ReturnType<typeof data.readings>>;
type BpRows = Extract<Readings, { systolic: number }[]>;
type GlucoseRows = Extract<Readings, { value: number }[]>;
/** The follower sees readings and dose days of the last 30 days (a trend, not the full record). */
export const FAMILY_WINDOW_DAYS = 30;

async function scopeOf(db: Db, patientId: PatientRef): Promise<data.PatientScope & { name: string | null }> {
  const [row] = await db
    .select({
      name: patients.name,
      timezone: patients.timezone,
      bpSys: patients.bpTargetSystolic,
      bpDia: patients.bpTargetDiastolic,
      thresholds: programmes.thresholds,
    })
    .from(patients)
    .leftJoin(enrolments, and(eq(enrolments.patientId, patients.id), eq(enrolments.status, "active")))
    .leftJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .where(eq(patients.id, patientId))
    .limit(1);
  const thresholds = (row?.thresholds as Thresholds | null) ?? DEFAULT_THRESHOLDS;
  return {
    patientId,
    name: row?.name ?? null,
    timezone: row?.timezone ?? "Asia/Shanghai",
    thresholds,
    bpTarget: {
      systolic: row?.bpSys ?? thresholds.bp.homeTargetSystolic,
      diastolic: row?.bpDia ?? thresholds.bp.homeTargetDiastolic,
    },
  };
}

export async function familyView(db: Db, followerId: string, linkId: string, now: number) {
  const { link, patient } = await followerPatient(db, followerId, linkId, now);
  const share = sharesOf(link);
  const p = await scopeOf(db, patient);
  const date = localDateOf(now, p.timezone);
  const since = now - FAMILY_WINDOW_DAYS * DAY;

  const doses = share.doses
    ? await (async () => {
        const [today, week] = await Promise.all([data.today(db, p, date, now), data.summary(db, p, 7, now)]);
        return {
          today: today.slots,
          // Dose figures only: the summary also holds BP and glucose, which may not be shared.
          week: {
            doseAdherence: week.doseAdherence,
            dosesTaken: week.dosesTaken,
            dosesDue: week.dosesDue,
            calendar: week.calendar,
          },
        };
      })()
    : undefined;
  const bp = share.bp
    ? { readings: (await data.readings(db, p.patientId, "bp", now, since)) as BpRows, target: p.bpTarget }
    : undefined;
  const glucose = share.glucose
    ? { readings: (await data.readings(db, p.patientId, "glucose", now, since)) as GlucoseRows }
    : undefined;
  return {
    id: link.id,
    patient: { name: p.name ?? "" },
    share,
    notices: link.notices,
    date,
    timezone: p.timezone,
    ...(doses ? { doses } : {}),
    ...(bp ? { bp } : {}),
    ...(glucose ? { glucose } : {}),
  };
}
