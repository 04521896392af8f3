// Retention of safety cases when a patient is erased (PIPL art. 47 vs GVP 2021 art. 113): the
// case stays, without the patient's name, phone or WeChat openid (the case never held the
// openid; the patient row that did is deleted), and restricted to storage and forwarding. The
// patient id left on the case no longer resolves to anyone: a pseudonym.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../env";
import { safetyCases, safetyQuestions } from "./schema";

/** The UPDATE to run in the erasure's batch (so it commits or fails with the rest). */
export function pseudonymiseCases(db: Db, patientId: string) {
  return db
    .update(safetyCases)
    .set({ patientName: null, patientPhone: null, restricted: true, contactConsent: false })
    .where(eq(safetyCases.patientId, patientId));
}

/**
 * A patient's cases, oldest first, with the questions the safety team put to the patient (in the
 * order asked). `source` narrows to one capture route (the app lists the patient's own reports).
 */
export async function casesWithPatientQuestions(db: Db, patientId: string, source?: "patient_app") {
  const rows = await db
    .select()
    .from(safetyCases)
    .where(and(eq(safetyCases.patientId, patientId), source ? eq(safetyCases.source, source) : undefined))
    .orderBy(asc(safetyCases.awareAt));
  const questions = rows.length
    ? await db
        .select()
        .from(safetyQuestions)
        .where(
          and(
            inArray(
              safetyQuestions.caseId,
              rows.map((r) => r.id),
            ),
            eq(safetyQuestions.to, "patient"),
          ),
        )
        .orderBy(asc(safetyQuestions.askedAt))
    : [];
  return { rows, questions };
}

/** The patient's export lists the safety cases about them (their own reports and others'). */
export async function safetyExport(db: Db, patientId: string) {
  const { rows, questions } = await casesWithPatientQuestions(db, patientId);
  const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
  return {
    safetyReports: rows.map((r) => ({
      caseNumber: r.caseNumber,
      source: r.source,
      awareAt: iso(r.awareAt),
      status: r.status,
      description: r.description,
      events: r.events,
      seriousness: r.seriousness,
      specialSituations: r.specialSituations,
      suspectDrugs: r.suspectDrugs.map((d) => d.name),
      forwardedAt: iso(r.forwardedAt),
      questions: questions
        .filter((q) => q.caseId === r.id)
        .map((q) => ({ question: q.question, answer: q.answer, askedAt: iso(q.askedAt) })),
    })),
  };
}
