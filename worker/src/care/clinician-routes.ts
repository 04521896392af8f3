// Doctors and assistants: their clinics' patients only; every read of patient data is audited.
import {
  type AlertAckResponse,
  DEFAULT_THRESHOLDS,
  type Locale,
  matchesCondition,
  patientListQuery,
  rangeQuery,
  readingsQuery,
  summaryQuery,
  type Thresholds,
} from "@steady/shared";
import { and, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { auditListRead, callerClinicIds, clinicianPatient } from "../access/patient-access";
import type { PatientRef } from "../access/patient-ref";
import { alerts, enrolments, patients, programmes } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { requirePortalUser } from "../http/principal";
import { ProblemError } from "../http/problem";
import { validate } from "../http/validate";
import * as data from "../patient/data";
import { listPlans } from "../plans/plans";
import { getRevisit } from "../refills/revisits";
import { triageList } from "../triage/list";

export function localeOf(acceptLanguage: string | undefined, lang: string | undefined): Locale {
  const pick = (lang ?? acceptLanguage ?? "").toLowerCase();
  return pick.startsWith("en") ? "en" : "zh-CN";
}

export async function patientScope(db: Db, patientId: PatientRef) {
  const [row] = await db
    .select({ p: patients, thresholds: programmes.thresholds, enrolledAt: enrolments.enrolledAt })
    .from(patients)
    .leftJoin(enrolments, eq(enrolments.patientId, patients.id))
    .leftJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .where(eq(patients.id, patientId))
    .limit(1);
  if (!row) throw new ProblemError(404, "patient not found");
  const thresholds = (row.thresholds as Thresholds | null) ?? DEFAULT_THRESHOLDS;
  return {
    patient: row.p,
    enrolledAt: row.enrolledAt,
    scope: {
      patientId,
      timezone: row.p.timezone,
      thresholds,
      bpTarget: {
        systolic: row.p.bpTargetSystolic ?? thresholds.bp.homeTargetSystolic,
        diastolic: row.p.bpTargetDiastolic ?? thresholds.bp.homeTargetDiastolic,
      },
    },
  };
}

export const patientRoutes = new Hono<AppEnv>()
  .get("/", validate("query", patientListQuery), async (c) => {
    const { db, clock } = c.var.deps;
    const q = c.req.valid("query");
    const clinicIds = await callerClinicIds(c);
    let rows = await triageList(
      db,
      clinicIds,
      clock(),
      localeOf(c.req.header("accept-language"), c.req.query("lang")),
    );
    if (q.tier) rows = rows.filter((r) => r.tier === q.tier);
    if (q.q) rows = rows.filter((r) => r.name.includes(q.q as string));
    const { condition } = q;
    if (condition) rows = rows.filter((r) => matchesCondition(r.condition, condition));
    if (q.sort === "name") rows.sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    if (q.sort === "adherence") rows.sort((a, b) => (a.doseAdherence14d ?? 2) - (b.doseAdherence14d ?? 2));
    if (q.sort === "activity")
      rows.sort((a, b) => (a.lastActivityAt ?? "").localeCompare(b.lastActivityAt ?? ""));
    await auditListRead(
      c,
      "list_patients",
      rows.map((r) => r.patientId),
    );
    return c.json(rows);
  })
  .get("/:id/summary", validate("query", summaryQuery), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_summary");
    const { db, clock } = c.var.deps;
    const { patient, scope, enrolledAt } = await patientScope(db, id);
    const [summary, plans, open] = await Promise.all([
      data.summary(db, scope, c.req.valid("query").days ?? 90, clock()),
      listPlans(db, id, clock()),
      db
        .select()
        .from(alerts)
        .where(and(eq(alerts.patientId, id), isNull(alerts.acknowledgedAt))),
    ]);
    return c.json({
      patient: {
        id,
        name: patient.name,
        birthYear: patient.birthYear,
        sex: patient.sex,
        condition: patient.condition ?? null,
        // Optimistic concurrency (ADR 0011): If-Match for PUT …/condition and PUT …/targets.
        conditionVersion: patient.conditionVersion,
        targetsVersion: patient.bpTargetVersion,
        timezone: patient.timezone,
        enrolledAt: enrolledAt == null ? null : new Date(enrolledAt).toISOString(),
        lastActivityAt:
          patient.lastActivityAt == null ? null : new Date(patient.lastActivityAt).toISOString(),
      },
      ...summary,
      // The programme's thresholds, so charts draw the bands this patient is judged by.
      thresholds: scope.thresholds,
      plans,
      revisit: await getRevisit(db, id, clock()),
      openAlerts: open.map((a) => ({ id: a.id, kind: a.kind, raisedAt: new Date(a.raisedAt).toISOString() })),
    });
  })
  .get("/:id/readings", validate("query", readingsQuery), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_readings");
    const { kind, from, to } = c.req.valid("query");
    return c.json({ readings: await data.readings(c.var.deps.db, id, kind, c.var.deps.clock(), from, to) });
  })
  .get("/:id/doses", validate("query", rangeQuery), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_doses");
    const { from, to } = c.req.valid("query");
    return c.json({ doses: await data.doses(c.var.deps.db, id, c.var.deps.clock(), from, to) });
  });

export const alertRoutes = new Hono<AppEnv>().post("/:id/ack", async (c) => {
  const user = requirePortalUser(c.var.principal);
  const { db, clock } = c.var.deps;
  const [alert] = await db
    .select()
    .from(alerts)
    .where(eq(alerts.id, c.req.param("id")))
    .limit(1);
  if (!alert) throw new ProblemError(404, "alert not found");
  await clinicianPatient(c, alert.patientId, "ack_alert", "alert not found");
  if (alert.acknowledgedAt == null) {
    await db
      .update(alerts)
      .set({ acknowledgedBy: user.userId, acknowledgedAt: clock() })
      .where(and(eq(alerts.id, alert.id), isNull(alerts.acknowledgedAt)));
  }
  const [after] = await db.select().from(alerts).where(eq(alerts.id, alert.id));
  if (!after) throw new ProblemError(404, "alert not found");
  return c.json({
    id: after.id,
    kind: after.kind,
    acknowledgedBy: after.acknowledgedBy,
    acknowledgedAt: after.acknowledgedAt == null ? null : new Date(after.acknowledgedAt).toISOString(),
  } satisfies AlertAckResponse);
});
