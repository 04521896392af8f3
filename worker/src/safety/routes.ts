// Safety reporting routes (docs/api.md, Safety reporting; ADR 0010), mounted at /api/v1. Capture
// routes for patients, clinicians and reps; case handling for the `safety` role; the manager's
// counts. Every route has its row in policy.ts: a rep reaches no `/safety/cases*` route.
import {
  acknowledgementBody,
  adverseEventBody,
  type CaseAuditResponse,
  type CaseListResponse,
  type ClinicianSafetyQuestionsResponse,
  caseListQuery,
  casePatchBody,
  caseQuestionBody,
  droppedCriteria,
  forwardBody,
  IMMUTABLE_CASE_FIELDS,
  type MySideEffectsResponse,
  mergeSeriousness,
  questionAnswerBody,
  type RepReportsResponse,
  reminderQuery,
  repReportBody,
  type SafetyReportResponse,
  type SeriousnessCriterion,
  safetySettingsBody,
  shanghaiDate,
  sideEffectBody,
} from "@steady/shared";
import { and, asc, eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { clinicianPatient } from "../access/patient-access";
import { enrolments, programmes } from "../db/schema";
import type { AppEnv } from "../env";
import { canonicalJson } from "../http/idempotency";
import { requirePatient, requirePortalUser } from "../http/principal";
import { type FieldError, ProblemError } from "../http/problem";
import { created } from "../http/respond";
import { validate } from "../http/validate";
import { currentProgramme } from "../programme/scope";
import { recordClinicianReport, recordRepReport, recordSideEffect } from "./capture";
import {
  type Actor,
  audit,
  auditTrail,
  type CaseRow,
  caseDetail,
  caseView,
  checkIfMatch,
  DUE_SOON_HOURS,
  etagOf,
  forwardReminders,
  getCase,
  listCases,
  payloadHash,
  questionView,
  settingsOf,
  updateCase,
  withValidity,
} from "./cases";
import { e2bXml, fhirAdverseEvent, toCsv } from "./exports";
import { casesWithPatientQuestions } from "./retention";
import { safetyCases, safetyForwards, safetyQuestions, safetySettings } from "./schema";
import { safetyReport } from "./stats";

type Ctx = Context<AppEnv>;

const actorOf = (c: Ctx): Actor => {
  const u = requirePortalUser(c.var.principal);
  return { id: u.userId, role: u.role };
};
const NO_STORE = { "cache-control": "no-store" };
const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

async function programmeNameOf(c: Ctx, r: CaseRow) {
  if (!r.programmeId) return "Steady patient support programme";
  const [p] = await c.var.deps.db
    .select({ name: programmes.name })
    .from(programmes)
    .where(eq(programmes.id, r.programmeId));
  return p?.name ?? "Steady patient support programme";
}

async function e2bFor(c: Ctx, r: CaseRow, now: number) {
  return e2bXml(r, {
    senderId: "STEADY",
    receiverId: "MAH",
    programmeName: await programmeNameOf(c, r),
    now,
  });
}

/** The officer's answer for one case, with its ETag. */
async function caseResponse(c: Ctx, row: CaseRow, status: 200 | 201 = 200) {
  const body = await caseDetail(c.var.deps.db, row, c.var.deps.clock());
  return c.json(body, status, { etag: etagOf(row), ...NO_STORE });
}

export const safetyRoutes = new Hono<AppEnv>()
  // --- patient (mini-program) ---------------------------------------------------------
  .post("/me/side-effects", validate("json", sideEffectBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { outcome, record } = await recordSideEffect(
      c.var.deps.db,
      me,
      c.req.valid("json"),
      c.var.deps.clock(),
    );
    return created(c, outcome, record);
  })
  .get("/me/side-effects", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db } = c.var.deps;
    const { rows, questions } = await casesWithPatientQuestions(db, me.patientId, "patient_app");
    const reports = rows.reverse().map((r) => {
      const qs = questions.filter((q) => q.caseId === r.id).map(questionView);
      return {
        id: r.id,
        caseNumber: r.caseNumber,
        awareAt: new Date(r.awareAt).toISOString(),
        description: r.description,
        symptoms: (r.details?.symptoms as string[] | undefined) ?? [],
        seriousness: r.seriousnessReported,
        specialSituations: r.specialSituations,
        contactConsent: r.contactConsent,
        // The open question, if any, for the mini-program to show first.
        question: qs.find((q) => q.answer == null) ?? null,
        questions: qs,
      };
    });
    return c.json({ reports } satisfies MySideEffectsResponse, 200, NO_STORE);
  })
  .post("/me/safety-questions/:id/answer", validate("json", questionAnswerBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const [q] = await db
      .select({ q: safetyQuestions, patientId: safetyCases.patientId })
      .from(safetyQuestions)
      .innerJoin(safetyCases, eq(safetyCases.id, safetyQuestions.caseId))
      .where(eq(safetyQuestions.id, c.req.param("id")));
    if (!q || q.patientId !== me.patientId || q.q.to !== "patient")
      throw new ProblemError(404, "question not found");
    return c.json(
      await answerQuestion(c, q.q, { id: "patient", role: "patient" }, c.req.valid("json").answer, clock()),
    );
  })

  // --- clinician (portal) -------------------------------------------------------------
  .post("/patients/:id/adverse-events", validate("json", adverseEventBody), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "report_adverse_event");
    const { outcome, record } = await recordClinicianReport(
      c.var.deps.db,
      actorOf(c),
      id,
      c.req.valid("json"),
      c.var.deps.clock(),
    );
    return created(c, outcome, record);
  })
  .get("/patients/:id/safety-questions", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_safety_questions");
    const rows = await c.var.deps.db
      .select({ q: safetyQuestions, caseNumber: safetyCases.caseNumber })
      .from(safetyQuestions)
      .innerJoin(safetyCases, eq(safetyCases.id, safetyQuestions.caseId))
      .where(and(eq(safetyCases.patientId, id), eq(safetyQuestions.to, "clinician")))
      .orderBy(asc(safetyQuestions.askedAt));
    return c.json(
      {
        questions: rows.map((r) => ({ ...questionView(r.q), caseNumber: r.caseNumber })),
      } satisfies ClinicianSafetyQuestionsResponse,
      200,
      NO_STORE,
    );
  })
  .post(
    "/patients/:id/safety-questions/:questionId/answer",
    validate("json", questionAnswerBody),
    async (c) => {
      const id = await clinicianPatient(c, c.req.param("id"), "answer_safety_question");
      const { db, clock } = c.var.deps;
      const [q] = await db
        .select({ q: safetyQuestions, patientId: safetyCases.patientId })
        .from(safetyQuestions)
        .innerJoin(safetyCases, eq(safetyCases.id, safetyQuestions.caseId))
        .where(eq(safetyQuestions.id, c.req.param("questionId")));
      if (!q || q.patientId !== id || q.q.to !== "clinician")
        throw new ProblemError(404, "question not found");
      return c.json(await answerQuestion(c, q.q, actorOf(c), c.req.valid("json").answer, clock()));
    },
  )

  // --- rep: write-only ----------------------------------------------------------------
  .post("/safety/reports", validate("json", repReportBody), async (c) => {
    const { outcome, record } = await recordRepReport(
      c.var.deps.db,
      actorOf(c),
      c.req.valid("json"),
      c.var.deps.clock(),
    );
    return created(c, outcome, record);
  })
  .get("/safety/reports", async (c) => {
    const rows = await c.var.deps.db
      .select({ caseNumber: safetyCases.caseNumber, awareAt: safetyCases.awareAt })
      .from(safetyCases)
      .where(and(eq(safetyCases.createdBy, actorOf(c).id), eq(safetyCases.source, "rep")))
      .orderBy(asc(safetyCases.seq));
    return c.json(
      rows.map((r) => ({
        caseNumber: r.caseNumber,
        awareAt: new Date(r.awareAt).toISOString(),
      })) satisfies RepReportsResponse,
      200,
      NO_STORE,
    );
  })

  // --- safety officer -------------------------------------------------------------------
  .get("/safety/cases", validate("query", caseListQuery), async (c) => {
    const now = c.var.deps.clock();
    const rows = await listCases(c.var.deps.db, c.req.valid("query"), now);
    return c.json(rows.map((r) => caseView(r, now)) satisfies CaseListResponse, 200, NO_STORE);
  })
  .get("/safety/settings", async (c) => {
    const { db } = c.var.deps;
    const p = await currentProgramme(db);
    return c.json({ programmeId: p.id, ...(await settingsOf(db, p.id)) }, 200, NO_STORE);
  })
  .put("/safety/settings", validate("json", safetySettingsBody), async (c) => {
    const { db, clock } = c.var.deps;
    const p = await currentProgramme(db);
    const { forwardRule, calendar } = c.req.valid("json");
    // New settings apply to cases opened from now on: a stored deadline never moves.
    await db
      .insert(safetySettings)
      .values({ programmeId: p.id, forwardRule, calendar, updatedAt: clock() })
      .onConflictDoUpdate({
        target: safetySettings.programmeId,
        set: { forwardRule, calendar, updatedAt: clock() },
      });
    return c.json({ programmeId: p.id, ...(await settingsOf(db, p.id)) }, 200, NO_STORE);
  })
  .get("/safety/reminders", validate("query", reminderQuery), async (c) => {
    const { db, clock } = c.var.deps;
    return c.json(
      await forwardReminders(db, clock(), c.req.valid("query").hours ?? DUE_SOON_HOURS),
      200,
      NO_STORE,
    );
  })
  .get("/safety/cases.csv", async (c) => {
    const { db, clock } = c.var.deps;
    const rows = await db.select().from(safetyCases).orderBy(asc(safetyCases.seq));
    const questions = await db
      .select({ caseId: safetyQuestions.caseId, answeredAt: safetyQuestions.answeredAt })
      .from(safetyQuestions);
    const forwards = await db
      .select({ caseId: safetyForwards.caseId, kind: safetyForwards.kind })
      .from(safetyForwards);
    const header = [
      "case_number",
      "mah_case_id",
      "source",
      "status",
      "serious",
      "aware_at",
      "day0",
      "received_at",
      "forward_due_at",
      "forwarded_at",
      "acknowledged_at",
      "regulatory_due_at",
      "latest_info_at",
      "forwarded_on_time",
      "follow_up_questions",
      "follow_up_answers",
      "follow_up_forwards",
      "not_forwarded_reason",
      "possible_duplicate_of",
    ];
    const byNumber = new Map(rows.map((r) => [r.id, r.caseNumber]));
    const body = toCsv(
      header,
      rows.map((r) => {
        const qs = questions.filter((q) => q.caseId === r.id);
        return [
          r.caseNumber,
          r.mahCaseId,
          r.source,
          r.status,
          r.seriousness.length ? "yes" : "no",
          iso(r.awareAt),
          iso(r.day0),
          iso(r.receivedAt),
          iso(r.forwardDueAt),
          iso(r.forwardedAt),
          iso(r.acknowledgedAt),
          iso(r.regulatoryDueAt),
          iso(r.latestInfoAt),
          r.forwardedAt == null ? "" : r.forwardedAt <= r.forwardDueAt ? "yes" : "no",
          qs.length,
          qs.filter((q) => q.answeredAt != null).length,
          forwards.filter((f) => f.caseId === r.id && f.kind === "follow_up").length,
          r.notForwardedReason,
          r.possibleDuplicateOf ? byNumber.get(r.possibleDuplicateOf) : null,
        ];
      }),
    );
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="steady-safety-cases-${shanghaiDate(clock())}.csv"`,
      ...NO_STORE,
    });
  })
  .get("/safety/cases/:id", async (c) => {
    const row = await getCase(c.var.deps.db, c.req.param("id"));
    return caseResponse(c, row);
  })
  .get("/safety/cases/:id/audit", async (c) => {
    const row = await getCase(c.var.deps.db, c.req.param("id"));
    return c.json(
      {
        caseNumber: row.caseNumber,
        entries: await auditTrail(c.var.deps.db, row.id),
      } satisfies CaseAuditResponse,
      200,
      NO_STORE,
    );
  })
  .patch("/safety/cases/:id", validate("json", casePatchBody), async (c) => {
    const { db, clock } = c.var.deps;
    const now = clock();
    const row = await getCase(db, c.req.param("id"));
    const body = c.req.valid("json");
    const errors: FieldError[] = IMMUTABLE_CASE_FIELDS.filter((f) => f in body).map((f) => ({
      path: f,
      message: "dates and identity of a case are set once and never changed",
    }));
    if (body.seriousness) {
      const dropped = droppedCriteria(row.seriousnessReported as SeriousnessCriterion[], body.seriousness);
      if (dropped.length) {
        errors.push({
          path: "seriousness",
          message: `the reporter's criteria cannot be removed: ${dropped.join(", ")}`,
        });
      }
    }
    if (body.status === "not_forwarded" && !body.notForwardedReason) {
      errors.push({ path: "notForwardedReason", message: "say why the case is not forwarded" });
    }
    if (errors.length) throw new ProblemError(422, "invalid triage", errors);
    checkIfMatch(row, c.req.header("if-match"), true);
    if (body.status && (row.status === "forwarded" || row.status === "acknowledged")) {
      throw new ProblemError(409, `the case is ${row.status}; its status follows the forwarding`);
    }
    const changes: Partial<CaseRow> = {};
    if (body.seriousness) {
      changes.seriousness = mergeSeriousness(
        row.seriousnessReported as SeriousnessCriterion[],
        body.seriousness,
      );
    }
    if (body.causalityAssessed !== undefined) changes.causalityAssessed = body.causalityAssessed;
    if (body.outcome !== undefined) changes.outcome = body.outcome;
    if (body.narrative !== undefined) changes.narrative = body.narrative;
    if (body.status) changes.status = body.status;
    if (body.status === "not_forwarded") changes.notForwardedReason = body.notForwardedReason ?? null;
    let newInfo = false;
    if (body.suspectDrugs) {
      changes.suspectDrugs = body.suspectDrugs.map((d) => ({
        name: d.name,
        dose: d.dose ?? null,
        startedOn: d.startedOn ?? null,
      }));
      newInfo = true;
    }
    if (body.events) {
      changes.events = body.events;
      newInfo = true;
    }
    if (body.patient) {
      if (body.patient.initials !== undefined) changes.patientInitials = body.patient.initials;
      if (body.patient.sex !== undefined) changes.patientSex = body.patient.sex;
      if (body.patient.ageYears !== undefined) changes.patientAgeYears = body.patient.ageYears;
      if (body.patient.ageGroup !== undefined) changes.patientAgeGroup = body.patient.ageGroup;
      newInfo = true;
    }
    if (newInfo) changes.latestInfoAt = now;
    const actor = actorOf(c);
    const full = withValidity(row, changes, now);
    const next = await updateCase(db, row, full);
    for (const [field, value] of Object.entries(full)) {
      const old = row[field as keyof CaseRow];
      if (canonicalJson(old) === canonicalJson(value)) continue;
      await audit(
        db,
        row.id,
        actor,
        now,
        "triage",
        field,
        old,
        value,
        body.reason ?? body.notForwardedReason ?? null,
      );
    }
    return caseResponse(c, next);
  })
  .post("/safety/cases/:id/forward", validate("json", forwardBody), async (c) => {
    const { db, clock } = c.var.deps;
    const now = clock();
    const row = await getCase(db, c.req.param("id"));
    checkIfMatch(row, c.req.header("if-match"), false);
    const body = c.req.valid("json");
    const kind = row.forwardedAt == null ? "initial" : "follow_up";
    const xml = await e2bFor(c, row, now);
    const hash = await payloadHash(xml);
    const actor = actorOf(c);
    const next = await updateCase(db, row, {
      status: row.status === "acknowledged" ? "acknowledged" : "forwarded",
      forwardedAt: row.forwardedAt ?? now,
      notForwardedReason: null,
    });
    await db.insert(safetyForwards).values({
      caseId: row.id,
      at: now,
      by: actor.id,
      kind,
      channel: body.channel ?? "email",
      payloadSha256: hash,
      note: body.note ?? null,
    });
    await audit(
      db,
      row.id,
      actor,
      now,
      kind === "initial" ? "forwarded" : "follow_up_forwarded",
      "status",
      row.status,
      next.status,
      body.note ?? null,
    );
    return caseResponse(c, next);
  })
  .put("/safety/cases/:id/acknowledgement", validate("json", acknowledgementBody), async (c) => {
    const { db, clock } = c.var.deps;
    const now = clock();
    const row = await getCase(db, c.req.param("id"));
    checkIfMatch(row, c.req.header("if-match"), false);
    if (row.forwardedAt == null)
      throw new ProblemError(409, "forward the case before recording the MAH's acknowledgement");
    const { mahCaseId } = c.req.valid("json");
    if (row.status === "acknowledged" && row.mahCaseId === mahCaseId) return caseResponse(c, row);
    const next = await updateCase(db, row, {
      status: "acknowledged",
      mahCaseId,
      acknowledgedAt: row.acknowledgedAt ?? now,
    });
    await audit(db, row.id, actorOf(c), now, "acknowledged", "mahCaseId", row.mahCaseId, mahCaseId, null);
    return caseResponse(c, next);
  })
  .post("/safety/cases/:id/follow-ups", validate("json", caseQuestionBody), async (c) => {
    const { db, clock } = c.var.deps;
    const now = clock();
    const row = await getCase(db, c.req.param("id"));
    const body = c.req.valid("json");
    const requestJson = canonicalJson({ ...body, caseId: row.id });
    const [existing] = await db.select().from(safetyQuestions).where(eq(safetyQuestions.id, body.id));
    if (existing) {
      if (existing.requestJson !== requestJson) return created(c, "conflict", null);
      return created(c, "duplicate", questionView(existing));
    }
    if (body.to === "patient" && (!row.patientId || !row.contactConsent || row.restricted)) {
      throw new ProblemError(422, "the patient cannot be asked", [
        {
          path: "to",
          message: row.restricted
            ? "the patient's data was erased; the case is restricted to storage and forwarding"
            : "the patient did not consent to be contacted (or the report has no programme patient)",
        },
      ]);
    }
    if (body.to === "clinician") {
      const [e] = row.patientId
        ? await db
            .select({ id: enrolments.id })
            .from(enrolments)
            .where(eq(enrolments.patientId, row.patientId))
            .limit(1)
        : [];
      if (!e) {
        throw new ProblemError(422, "no clinician to ask", [
          { path: "to", message: "the case has no enrolled patient whose clinic could answer" },
        ]);
      }
    }
    const actor = actorOf(c);
    await db.insert(safetyQuestions).values({
      id: body.id,
      caseId: row.id,
      to: body.to,
      question: body.question,
      askedBy: actor.id,
      askedAt: now,
      requestJson,
    });
    const waiting = row.forwardedAt == null && row.status !== "not_forwarded";
    await updateCase(db, row, waiting ? { status: "awaiting_follow_up" } : {});
    await audit(
      db,
      row.id,
      actor,
      now,
      "follow_up_asked",
      "status",
      row.status,
      waiting ? "awaiting_follow_up" : row.status,
      `${body.to}: ${body.question}`,
    );
    const [q] = await db.select().from(safetyQuestions).where(eq(safetyQuestions.id, body.id));
    return created(c, "created", q ? questionView(q) : null);
  })
  .get("/safety/cases/:id/e2b.xml", async (c) => {
    const { db, clock } = c.var.deps;
    const row = await getCase(db, c.req.param("id"));
    await audit(db, row.id, actorOf(c), clock(), "exported", null, null, "e2b", null);
    return c.body(await e2bFor(c, row, clock()), 200, {
      "content-type": "application/xml; charset=utf-8",
      "content-disposition": `attachment; filename="${row.caseNumber}.xml"`,
      ...NO_STORE,
    });
  })
  .get("/safety/cases/:id/fhir", async (c) => {
    const { db, clock } = c.var.deps;
    const row = await getCase(db, c.req.param("id"));
    await audit(db, row.id, actorOf(c), clock(), "exported", null, null, "fhir", null);
    return c.body(JSON.stringify(fhirAdverseEvent(row, { now: clock() })), 200, {
      "content-type": "application/fhir+json; charset=utf-8",
      ...NO_STORE,
    });
  })

  // --- programme manager: counts and timeliness only ------------------------------------
  .get("/reports/safety", async (c) => {
    const { db, clock } = c.var.deps;
    return c.json((await safetyReport(db, clock())) satisfies SafetyReportResponse, 200, NO_STORE);
  });

/** An answer joins the case as follow-up information (its own latestInfoAt). */
async function answerQuestion(
  c: Ctx,
  q: typeof safetyQuestions.$inferSelect,
  actor: Actor,
  answer: string,
  now: number,
) {
  const { db } = c.var.deps;
  if (q.answer != null) {
    if (q.answer === answer) return questionView(q);
    throw new ProblemError(409, "this question was already answered");
  }
  const row = await getCase(db, q.caseId);
  await db
    .update(safetyQuestions)
    .set({ answer, answeredBy: actor.id, answeredAt: now })
    .where(eq(safetyQuestions.id, q.id));
  await updateCase(db, row, {
    latestInfoAt: now,
    ...(row.status === "awaiting_follow_up" ? { status: "triaged" } : {}),
  });
  await audit(db, row.id, actor, now, "follow_up_answered", "latestInfoAt", row.latestInfoAt, now, null);
  const [fresh] = await db.select().from(safetyQuestions).where(eq(safetyQuestions.id, q.id));
  return questionView(fresh ?? q);
}
