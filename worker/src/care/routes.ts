// The clinician portal's care work: alert inbox, notes, the follow-up worklist and call outcomes,
// doctor edits of plans, targets and the patient's condition, and exports (triage CSV, FHIR
// Bundle). Mounted at /api/v1; every route has its row in policy.ts, and every read or write of
// one patient goes through the access layer (`clinicianPatient`: clinic scoping + audit).
import {
  alertsQuery,
  type CallResponse,
  type CallsResponse,
  type ConditionResponse,
  conditionBody,
  fhirQuery,
  followUpBody,
  matchesCondition,
  type NoteResponse,
  type NotesResponse,
  noteBody,
  type PlanResponse,
  planCreateBody,
  planPatchBody,
  type ReminderHistoryResponse,
  type TargetsResponse,
  targetsBody,
  triageCsvQuery,
  type WorklistResponse,
} from "@steady/shared";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { Hono } from "hono";
import { auditListRead, callerClinicIds, clinicianPatient } from "../access/patient-access";
import type { PatientRef } from "../access/patient-ref";
import { bpReadings, glucoseReadings, patients } from "../db/schema";
import type { AppEnv } from "../env";
import { ifMatchOf, requireIfMatch, setEtag } from "../http/concurrency";
import { requirePortalUser } from "../http/principal";
import { ProblemError } from "../http/problem";
import { created } from "../http/respond";
import { validate } from "../http/validate";
import { createPlan, stopPlan, updatePlan } from "../plans/plans";
import { recordCallSafety, screenForCase } from "../safety/capture";
import { triageList } from "../triage/list";
import { addNote, alertInbox, clinicStaff, enrolmentOf, listNotes, setBpTarget, setCondition } from "./care";
import { localeOf } from "./clinician-routes";
import { triageCsv } from "./csv";
import { fhirBundle } from "./fhir";
import { findCall, listCalls, recordCall, resolveEscalation, worklist } from "./followups";
import { reminderHistory } from "./reminder-history";

const DAY = 86_400_000;

type Ctx = { var: AppEnv["Variables"] };

async function enrolled(c: Ctx, patientId: PatientRef) {
  const e = await enrolmentOf(c.var.deps.db, patientId);
  if (!e) throw new ProblemError(404, "patient not found");
  return e;
}

export const careRoutes = new Hono<AppEnv>()
  // --- across the clinic -------------------------------------------------------
  .get("/alerts", validate("query", alertsQuery), async (c) => {
    const { db, clock } = c.var.deps;
    const rows = await alertInbox(
      db,
      await callerClinicIds(c),
      c.req.valid("query").status ?? "all",
      clock(),
    );
    await auditListRead(
      c,
      "list_alerts",
      rows.map((r) => r.patient.id),
    );
    return c.json({ alerts: rows });
  })
  .get("/staff", async (c) => {
    return c.json({ staff: await clinicStaff(c.var.deps.db, await callerClinicIds(c)) });
  })
  .get("/follow-ups", async (c) => {
    const { db, clock } = c.var.deps;
    const now = clock();
    const locale = localeOf(c.req.header("accept-language"), c.req.query("lang"));
    const triage = await triageList(db, await callerClinicIds(c), now, locale);
    const rows = await worklist(db, triage, now);
    await auditListRead(
      c,
      "list_follow_ups",
      rows.map((r) => r.patientId),
    );
    return c.json({ rows } satisfies WorklistResponse);
  })
  .post("/follow-ups/:id/resolve", async (c) => {
    const { db, clock } = c.var.deps;
    const call = await findCall(db, c.req.param("id"));
    if (call?.outcome !== "escalated") throw new ProblemError(404, "escalation not found");
    const patient = await clinicianPatient(c, call.patientId, "resolve_escalation", "escalation not found");
    await resolveEscalation(db, call.id, clock());
    const [view] = (await listCalls(db, patient)).filter((x) => x.id === call.id);
    if (!view) throw new ProblemError(404, "escalation not found");
    return c.json(view satisfies CallResponse);
  })
  .get("/patients/export.csv", validate("query", triageCsvQuery), async (c) => {
    const { db, clock } = c.var.deps;
    const q = c.req.valid("query");
    const locale = q.lang ?? localeOf(c.req.header("accept-language"), undefined);
    let rows = await triageList(db, await callerClinicIds(c), clock(), locale);
    if (q.tier) rows = rows.filter((r) => r.tier === q.tier);
    if (q.q) rows = rows.filter((r) => r.name.includes(q.q as string));
    if (q.doctor) rows = rows.filter((r) => r.doctorName === q.doctor);
    const { condition } = q;
    if (condition) rows = rows.filter((r) => matchesCondition(r.condition, condition));
    await auditListRead(
      c,
      "export_triage_csv",
      rows.map((r) => r.patientId),
    );
    const day = new Date(clock()).toISOString().slice(0, 10);
    return c.body(triageCsv(rows, locale), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="steady-triage-${day}.csv"`,
      "cache-control": "no-store",
    });
  })

  // --- one patient ---------------------------------------------------------------
  .get("/patients/:id/notes", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_notes");
    return c.json({ notes: await listNotes(c.var.deps.db, id) } satisfies NotesResponse);
  })
  .post("/patients/:id/notes", validate("json", noteBody), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "write_note");
    const user = requirePortalUser(c.var.principal);
    const { outcome, note } = await addNote(
      c.var.deps.db,
      id,
      user.userId,
      c.req.valid("json"),
      c.var.deps.clock(),
    );
    if (outcome === "created" && note) {
      // Notes are screened for adverse-event words: a hit opens a case for the safety officer.
      await screenForCase(
        c.var.deps.db,
        { id: user.userId, role: user.role },
        id,
        { kind: "note", id: note.id },
        note.body,
        c.var.deps.clock(),
      );
    }
    return created(c, outcome, note satisfies NoteResponse | null);
  })
  .get("/patients/:id/follow-ups", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_calls");
    return c.json({ calls: await listCalls(c.var.deps.db, id) } satisfies CallsResponse);
  })
  .post("/patients/:id/follow-ups", validate("json", followUpBody), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "record_call");
    const user = requirePortalUser(c.var.principal);
    const body = c.req.valid("json");
    const e = await enrolled(c, id);
    const { outcome, call } = await recordCall(
      c.var.deps.db,
      {
        id: body.id,
        patientId: id,
        outcome: body.outcome,
        note: body.note?.trim() || null,
        ...(body.missedDoseReasons ? { missedDoseReasons: body.missedDoseReasons } : {}),
        by: user.userId,
        enrolledAt: e.enrolledAt,
        timezone: e.timezone,
      },
      c.var.deps.clock(),
    );
    if (outcome === "created" && call) {
      const actor = { id: user.userId, role: user.role };
      const at = Date.parse(call.at);
      // The mandatory safety question: a reported event opens a case whose awareness is the call;
      // otherwise the call's note is screened like any note.
      const opened = body.safety
        ? await recordCallSafety(c.var.deps.db, actor, id, call.id, at, body.safety)
        : null;
      if (!opened && call.note) {
        await screenForCase(c.var.deps.db, actor, id, { kind: "call", id: call.id }, call.note, at);
      }
    }
    return created(c, outcome, call satisfies CallResponse | null);
  })
  .post("/patients/:id/plans", validate("json", planCreateBody), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "create_plan");
    const user = requirePortalUser(c.var.principal);
    const { outcome, plan } = await createPlan(
      c.var.deps.db,
      id,
      c.req.valid("json"),
      c.var.deps.clock(),
      user.userId,
    );
    if (outcome !== "conflict") setEtag(c, plan.version);
    return created(c, outcome, plan satisfies PlanResponse);
  })
  .patch("/patients/:id/plans/:planId", validate("json", planPatchBody), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "edit_plan");
    const expected = ifMatchOf(c);
    const user = requirePortalUser(c.var.principal);
    const plan = await updatePlan(
      c.var.deps.db,
      id,
      c.req.param("planId"),
      c.req.valid("json"),
      c.var.deps.clock(),
      user.userId,
      expected,
    );
    setEtag(c, plan.version);
    return c.json(plan satisfies PlanResponse);
  })
  .delete("/patients/:id/plans/:planId", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "stop_plan");
    const expected = ifMatchOf(c);
    const plan = await stopPlan(c.var.deps.db, id, c.req.param("planId"), c.var.deps.clock(), expected);
    setEtag(c, plan.version);
    return c.json(plan satisfies PlanResponse);
  })
  .put("/patients/:id/targets", validate("json", targetsBody), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "edit_targets");
    const expected = requireIfMatch(c);
    const view = await setBpTarget(c.var.deps.db, id, c.req.valid("json").bp, expected);
    setEtag(c, view.version);
    return c.json(view satisfies TargetsResponse);
  })
  .put("/patients/:id/condition", validate("json", conditionBody), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "edit_condition");
    const expected = requireIfMatch(c);
    const view = await setCondition(c.var.deps.db, id, c.req.valid("json").condition, expected);
    setEtag(c, view.version);
    return c.json(view satisfies ConditionResponse);
  })
  .get("/patients/:id/reminders", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_reminders");
    const history = await reminderHistory(c.var.deps.db, id, c.var.deps.clock() - 30 * DAY);
    return c.json(history satisfies ReminderHistoryResponse);
  })
  .get("/patients/:id/fhir", validate("query", fhirQuery), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "export_fhir");
    const { db, clock } = c.var.deps;
    const now = clock();
    const q = c.req.valid("query");
    const from = q.from ?? now - 90 * DAY;
    const to = q.to ?? now;
    const [patient] = await db.select().from(patients).where(eq(patients.id, id));
    if (!patient) throw new ProblemError(404, "patient not found");
    const [bp, glucose] = await Promise.all([
      db
        .select()
        .from(bpReadings)
        .where(
          and(eq(bpReadings.patientId, id), gte(bpReadings.measuredAt, from), lte(bpReadings.measuredAt, to)),
        )
        .orderBy(asc(bpReadings.measuredAt)),
      db
        .select()
        .from(glucoseReadings)
        .where(
          and(
            eq(glucoseReadings.patientId, id),
            gte(glucoseReadings.measuredAt, from),
            lte(glucoseReadings.measuredAt, to),
          ),
        )
        .orderBy(asc(glucoseReadings.measuredAt)),
    ]);
    const bundle = await fhirBundle({
      patient: {
        id,
        name: patient.name,
        sex: patient.sex,
        birthYear: patient.birthYear,
        condition: patient.condition,
      },
      bp,
      glucose,
      generatedAt: now,
    });
    return c.body(JSON.stringify(bundle), 200, {
      "content-type": "application/fhir+json; charset=utf-8",
      "content-disposition": `attachment; filename="steady-${id}-fhir.json"`,
      "cache-control": "no-store",
    });
  });
