// The patient's own data: profile, plans, today, logging, sync, summary, export, erasure.
import {
  bpBody,
  doseBody,
  type ExportResponse,
  glucoseBody,
  localDateOf,
  type PlanResponse,
  planCreateBody,
  planPatchBody,
  readingsQuery,
  type SummaryResponse,
  sideEffectBody,
  summaryQuery,
  syncBody,
  syncRefillBody,
  todayQuery,
} from "@steady/shared";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import * as z from "zod/mini";
import { clinics, enrolments, patients, users } from "../db/schema";
import type { AppEnv, Db, PatientContext } from "../env";
import { ifMatchOf, setEtag } from "../http/concurrency";
import { requirePatient } from "../http/principal";
import { ProblemError } from "../http/problem";
import { created } from "../http/respond";
import { fieldErrors, validate } from "../http/validate";
import { createPlan, listPlans, stopPlan, updatePlan } from "../plans/plans";
import { addRefill, refreshRunOut } from "../plans/supply";
import { recordBp, recordDose, recordGlucose } from "../records/records";
import { familyExport } from "../reminders/export-data";
import { recordSideEffect } from "../safety/capture";
import { safetyExport } from "../safety/retention";
import * as data from "./data";
import { accessLog, erasePatient, registeredRecords } from "./export";

const SYNC_WRITERS = {
  dose: { schema: doseBody, write: recordDose },
  bp: { schema: bpBody, write: recordBp },
  glucose: { schema: glucoseBody, write: recordGlucose },
  side_effect: { schema: sideEffectBody, write: recordSideEffect },
  // 取了药 tapped offline: the same write as POST /me/plans/:id/refills.
  refill: {
    schema: syncRefillBody,
    write: async (db: Db, me: PatientContext, body: z.infer<typeof syncRefillBody>, now: number) => {
      const { planId, ...rest } = body;
      const { outcome, refill } = await addRefill(db, me.patientId, planId, rest, now);
      return { outcome, record: refill };
    },
  },
} as const;

export const meRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db } = c.var.deps;
    const [patient] = await db.select().from(patients).where(eq(patients.id, me.patientId));
    const [enrolment] = await db
      .select({ e: enrolments, clinicName: clinics.name, doctorName: users.name })
      .from(enrolments)
      .innerJoin(clinics, eq(clinics.id, enrolments.clinicId))
      .innerJoin(users, eq(users.id, enrolments.doctorId))
      .where(eq(enrolments.patientId, me.patientId))
      .limit(1);
    return c.json({
      patientId: me.patientId,
      profile: {
        name: patient?.name ?? null,
        birthYear: patient?.birthYear ?? null,
        sex: patient?.sex ?? null,
        phone: patient?.phone ?? null,
        timezone: me.timezone,
      },
      bpTarget: me.bpTarget,
      enrolment: enrolment
        ? {
            id: enrolment.e.id,
            status: enrolment.e.status,
            clinic: { name: enrolment.clinicName },
            doctor: { name: enrolment.doctorName },
            enrolledAt: new Date(enrolment.e.enrolledAt).toISOString(),
          }
        : null,
      consent: enrolment
        ? { version: enrolment.e.consentVersion, acceptedAt: new Date(enrolment.e.consentedAt).toISOString() }
        : null,
    });
  })
  .get("/plans", async (c) => {
    const me = requirePatient(c.var.principal);
    return c.json({ plans: await listPlans(c.var.deps.db, me.patientId, c.var.deps.clock()) });
  })
  .post("/plans", validate("json", planCreateBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { outcome, plan } = await createPlan(
      c.var.deps.db,
      me.patientId,
      c.req.valid("json"),
      c.var.deps.clock(),
      "patient",
    );
    if (outcome !== "conflict") setEtag(c, plan.version);
    return created(c, outcome, plan satisfies PlanResponse);
  })
  .patch("/plans/:id", validate("json", planPatchBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const expected = ifMatchOf(c);
    const plan = await updatePlan(
      db,
      me.patientId,
      c.req.param("id"),
      c.req.valid("json"),
      clock(),
      "patient",
      expected,
    );
    setEtag(c, plan.version);
    return c.json(plan satisfies PlanResponse);
  })
  .delete("/plans/:id", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const plan = await stopPlan(db, me.patientId, c.req.param("id"), clock(), ifMatchOf(c));
    setEtag(c, plan.version);
    return c.json(plan satisfies PlanResponse);
  })
  .get("/today", validate("query", todayQuery), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const now = clock();
    const date = c.req.valid("query").date ?? localDateOf(now, me.timezone);
    return c.json(await data.today(db, me, date, now));
  })
  .post("/doses", validate("json", doseBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const body = c.req.valid("json");
    const { outcome, record, supplyCached } = await recordDose(c.var.deps.db, me, body, c.var.deps.clock());
    // A taken (or untaken) dose moves the plan's run-out: keep the cached date honest at once
    // (a plan that tracks no supply has no run-out to move).
    if (outcome === "created" && supplyCached)
      await refreshRunOut(c.var.deps.db, me.patientId, c.var.deps.clock(), [body.planId]);
    return created(c, outcome, record);
  })
  .post("/bp", validate("json", bpBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { outcome, record } = await recordBp(c.var.deps.db, me, c.req.valid("json"), c.var.deps.clock());
    return created(c, outcome, record);
  })
  .post("/glucose", validate("json", glucoseBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { outcome, record } = await recordGlucose(
      c.var.deps.db,
      me,
      c.req.valid("json"),
      c.var.deps.clock(),
    );
    return created(c, outcome, record);
  })
  .post("/sync", validate("json", syncBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const results = [];
    /** Plans whose doses were written: their cached run-out is refreshed once, after the batch. */
    const dosed = new Set<string>();
    // In input order, one at a time: the queue's order is the patient's order of events.
    for (const item of c.req.valid("json").items) {
      const id = typeof item.id === "string" ? item.id : null;
      // Own keys only: a kind such as "valueOf" must not reach Object.prototype.
      const writer = Object.hasOwn(SYNC_WRITERS, item.kind)
        ? SYNC_WRITERS[item.kind as keyof typeof SYNC_WRITERS]
        : undefined;
      if (!writer) {
        results.push({
          id,
          status: "rejected" as const,
          errors: [{ path: "kind", message: "expected dose, bp, glucose, side_effect or refill" }],
        });
        continue;
      }
      const { kind: _kind, ...body } = item;
      const parsed = z.safeParse(writer.schema, body);
      if (!parsed.success) {
        results.push({ id, status: "rejected" as const, errors: fieldErrors(parsed.error.issues) });
        continue;
      }
      try {
        // biome-ignore lint/suspicious/noExplicitAny: each writer gets the body its own schema parsed.
        const written = await writer.write(db, me, parsed.data as any, clock());
        const { outcome, record } = written;
        if (outcome === "created" && "supplyCached" in written && written.supplyCached)
          dosed.add((parsed.data as { planId: string }).planId);
        results.push(
          outcome === "created"
            ? { id, status: "created" as const, record }
            : outcome === "duplicate"
              ? { id, status: "duplicate" as const, record }
              : {
                  id,
                  status: "conflict" as const,
                  errors: [{ path: "id", message: "reused with a different body" }],
                },
        );
      } catch (e) {
        if (!(e instanceof ProblemError)) throw e;
        results.push({
          id,
          status: "rejected" as const,
          errors: e.errors ?? [{ path: "(item)", message: e.message }],
        });
      }
    }
    if (dosed.size) await refreshRunOut(db, me.patientId, clock(), [...dosed]);
    return c.json({ results });
  })
  .get("/summary", validate("query", summaryQuery), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const summary = await data.summary(db, me, c.req.valid("query").days ?? 30, clock());
    return c.json(summary satisfies SummaryResponse);
  })
  .get("/readings", validate("query", readingsQuery), async (c) => {
    const me = requirePatient(c.var.principal);
    const { kind, from, to } = c.req.valid("query");
    return c.json({
      readings: await data.readings(c.var.deps.db, me.patientId, kind, c.var.deps.clock(), from, to),
    });
  })
  .get("/export", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const id = me.patientId;
    const [patient] = await db.select().from(patients).where(eq(patients.id, id));
    const profile = patient ? { ...patient, openid: undefined } : null;
    const body = {
      exportedAt: new Date(clock()).toISOString(),
      profile,
      plans: await listPlans(db, id, clock()),
      ...(await registeredRecords(db, id)),
      ...(await familyExport(db, id)),
      ...(await safetyExport(db, id)),
      accessLog: await accessLog(db, id),
    } satisfies ExportResponse;
    c.header(
      "content-disposition",
      `attachment; filename="steady-export-${localDateOf(clock(), me.timezone)}.json"`,
    );
    return c.json(body);
  })
  .get("/access-log", async (c) => {
    const me = requirePatient(c.var.principal);
    return c.json({ entries: await accessLog(c.var.deps.db, me.patientId, 200) });
  })
  .delete("/", async (c) => {
    // PIPL art. 47: erase the patient's personal data (the registry says what and how).
    const me = requirePatient(c.var.principal);
    await erasePatient(c.var.deps.db, me.patientId);
    return c.body(null, 204);
  });
