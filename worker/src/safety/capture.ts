// The capture routes' domain: every route that hears of an adverse event or special situation
// turns it into a case here (patient app, clinician, follow-up call, rep, screening).
import {
  type AdverseEventBody,
  addDays,
  type CallSafety,
  type CaseReceiptResponse,
  type RepReportBody,
  type RepReportReceiptResponse,
  type SideEffectBody,
  type SideEffectReceiptResponse,
  screenText,
  shanghaiDate,
  startOfShanghaiDay,
} from "@steady/shared";
import type { Db, PatientContext } from "../env";
import { ProblemError } from "../http/problem";
import {
  type Actor,
  audit,
  type CaseRow,
  derivedId,
  drugsFromPlans,
  findDuplicate,
  openCase,
  patientFacts,
} from "./cases";

/** What the patient reads after sending a report (zh-CN first). */
export function adviceFor(seriousness: readonly string[], contactConsent: boolean) {
  const items: { key: string; "zh-CN": string; en: string }[] = [];
  if (seriousness.length) {
    items.push({
      key: "emergency",
      "zh-CN": "如果症状严重（胸痛、呼吸困难、昏倒、严重过敏），请立即拨打 120 或马上去医院急诊。",
      en: "If the symptoms are serious (chest pain, trouble breathing, fainting, a severe allergy), call 120 or go to a hospital emergency department now.",
    });
  }
  items.push({
    key: "keep_taking",
    "zh-CN": "请不要自行停药或改变剂量，先和您的医生商量。",
    en: "Do not stop a medicine or change its dose on your own; talk to your doctor first.",
  });
  items.push(
    contactConsent
      ? {
          key: "may_call",
          "zh-CN": "项目的药物安全团队可能会联系您，了解更多情况。",
          en: "The programme's drug-safety team may contact you to ask more.",
        }
      : {
          key: "tell_doctor",
          "zh-CN": "您选择了不接受联系。复诊时请把这些情况告诉医生。",
          en: "You chose not to be contacted. Please tell your doctor about this at your next visit.",
        },
  );
  return { urgent: items[0]?.key === "emergency", items };
}

const receipt = (r: CaseRow) => ({
  id: r.id,
  caseNumber: r.caseNumber,
  awareAt: new Date(r.awareAt).toISOString(),
});

/** Days more than a day ahead of Shanghai's today are typos (docs/api.md, Conventions): 422 naming each. */
function checkNotFuture(fields: [string, string | undefined][], now: number) {
  const latest = addDays(shanghaiDate(now), 1);
  const bad = fields.filter(([, d]) => d !== undefined && d > latest);
  if (bad.length) {
    throw new ProblemError(
      422,
      "a date is in the future",
      bad.map(([path]) => ({ path, message: "cannot be in the future" })),
    );
  }
}

/** The patient's own report (mini-program, directly or through the sync outbox). */
export async function recordSideEffect(db: Db, me: PatientContext, body: SideEffectBody, now: number) {
  checkNotFuture([["startedOn", body.startedOn]], now);
  const drugs = await drugsFromPlans(db, me.patientId, body.planIds);
  if (drugs.unknownIds.length) {
    throw new ProblemError(422, "unknown plan", [{ path: "planIds", message: "not one of your plans" }]);
  }
  const outcome =
    body.stillHappening === true ? "not_recovered" : body.stillHappening === false ? "recovered" : undefined;
  const verbatims = body.symptoms?.length ? body.symptoms : [body.description];
  const seriousness = body.seriousness ?? [];
  const { outcome: created, row } = await openCase(
    db,
    {
      id: body.id,
      source: "patient_app",
      actor: { id: "patient", role: "patient" },
      reporterQualification: 5,
      awareAt: now,
      seriousnessReported: seriousness,
      specialSituations: body.specialSituations ?? [],
      patientId: me.patientId,
      patient: (await patientFacts(db, me.patientId, now)) ?? {},
      suspectDrugs: drugs.suspect,
      concomitantDrugs: drugs.concomitant,
      events: verbatims.map((v) => ({
        verbatim: v,
        ...(body.startedOn ? { onsetOn: body.startedOn } : {}),
        ...(outcome ? { outcome } : {}),
      })),
      description: body.description,
      details: {
        symptoms: body.symptoms ?? [],
        stillHappening: body.stillHappening ?? null,
        stoppedDrug: body.stoppedDrug ?? null,
      },
      contactConsent: body.contactConsent,
      request: { ...body, patientId: me.patientId },
    },
    now,
  );
  return {
    outcome: created,
    record: row
      ? ({
          ...receipt(row),
          advice: adviceFor(row.seriousnessReported, row.contactConsent),
        } satisfies SideEffectReceiptResponse)
      : null,
  };
}

/** A doctor's or assistant's report from the patient page. */
export async function recordClinicianReport(
  db: Db,
  actor: Actor,
  patientId: string,
  body: AdverseEventBody,
  now: number,
) {
  checkNotFuture(
    (body.events ?? []).flatMap((e, i): [string, string | undefined][] => [
      [`events.${i}.onsetOn`, e.onsetOn],
      [`events.${i}.endedOn`, e.endedOn],
    ]),
    now,
  );
  const drugs = await drugsFromPlans(db, patientId, body.planIds);
  if (drugs.unknownIds.length) {
    throw new ProblemError(422, "unknown plan", [
      { path: "planIds", message: "not one of this patient's plans" },
    ]);
  }
  const eventCriteria = (body.events ?? []).flatMap((e) => e.seriousness ?? []);
  const { outcome, row } = await openCase(
    db,
    {
      id: body.id,
      source: "clinician",
      actor,
      reporterQualification: actor.role === "doctor" ? 1 : 3,
      awareAt: now,
      seriousnessReported: [...new Set([...(body.seriousness ?? []), ...eventCriteria])],
      specialSituations: body.specialSituations ?? [],
      patientId,
      patient: (await patientFacts(db, patientId, now)) ?? {},
      suspectDrugs: drugs.suspect,
      concomitantDrugs: drugs.concomitant,
      events: body.events ?? [],
      description: body.description ?? null,
      causalityReported: body.causalityAsReported ?? null,
      contactConsent: false,
      request: { ...body, patientId },
    },
    now,
  );
  return { outcome, record: row ? (receipt(row) satisfies CaseReceiptResponse) : null };
}

/** The follow-up call's safety answer: `anyEvent` opens a case whose awareness is the call. */
export async function recordCallSafety(
  db: Db,
  actor: Actor,
  patientId: string,
  callId: string,
  callAt: number,
  safety: CallSafety,
) {
  if (!safety.anyEvent) return null;
  const drugs = await drugsFromPlans(db, patientId, undefined);
  const { row } = await openCase(
    db,
    {
      id: await derivedId("follow_up_call", callId),
      source: "follow_up_call",
      sourceRef: callId,
      actor,
      reporterQualification: actor.role === "doctor" ? 1 : 3,
      awareAt: callAt,
      seriousnessReported: safety.seriousness ?? [],
      specialSituations: safety.specialSituations ?? [],
      patientId,
      patient: (await patientFacts(db, patientId, callAt)) ?? {},
      suspectDrugs: drugs.suspect,
      concomitantDrugs: drugs.concomitant,
      events: [{ verbatim: safety.description ?? "" }],
      description: safety.description ?? null,
      contactConsent: true, // the patient is on the phone with the programme
      request: { callId, safety },
    },
    callAt,
  );
  return row;
}

/** A rep's write-only report: the answer is the receipt alone. */
export async function recordRepReport(db: Db, actor: Actor, body: RepReportBody, now: number) {
  if (body.awareOn > shanghaiDate(now)) {
    throw new ProblemError(422, "awareOn is in the future", [
      { path: "awareOn", message: "the day you heard of it cannot be after today" },
    ]);
  }
  if (body.awareOn < "2000-01-01") {
    throw new ProblemError(422, "awareOn is too far in the past", [
      { path: "awareOn", message: "too far in the past" },
    ]);
  }
  const { outcome, row } = await openCase(
    db,
    {
      id: body.id,
      source: "rep",
      actor,
      reporterQualification: body.reporterQualification,
      reporterName: body.reporterName ?? null,
      reporterContact: body.reporterContact ?? null,
      awareAt: startOfShanghaiDay(body.awareOn),
      seriousnessReported: [],
      specialSituations: body.specialSituations ?? [],
      patient: body.patient,
      suspectDrugs: [{ name: body.drug, dose: null, startedOn: null }],
      concomitantDrugs: [],
      events: [{ verbatim: body.description }],
      description: body.description,
      contactConsent: false,
      request: body,
    },
    now,
  );
  return {
    outcome,
    record: row
      ? ({
          caseNumber: row.caseNumber,
          awareAt: new Date(row.awareAt).toISOString(),
        } satisfies RepReportReceiptResponse)
      : null,
  };
}

/**
 * Screens a clinician's note, a call note or a patient's free text. A hit opens a case with
 * source `screening` for the officer to confirm or close — unless a case of the same patient
 * already describes it, which gets the hit in its audit trail instead (linked, not doubled).
 */
export async function screenForCase(
  db: Db,
  actor: Actor,
  patientId: string,
  ref: { kind: "note" | "call" | "patient_text"; id: string },
  text: string,
  at: number,
) {
  const hits = screenText(text);
  if (!hits.length) return null;
  const existing = await findDuplicate(db, patientId, at, text);
  if (existing) {
    await audit(
      db,
      existing.id,
      actor,
      at,
      "screening_hit_linked",
      null,
      null,
      hits.map((h) => h.term).join("、"),
      `${ref.kind} ${ref.id}`,
    );
    return existing;
  }
  const drugs = await drugsFromPlans(db, patientId, undefined);
  const { row } = await openCase(
    db,
    {
      id: await derivedId(`screening:${ref.kind}`, ref.id),
      source: "screening",
      sourceRef: `${ref.kind}:${ref.id}`,
      actor,
      reporterQualification: actor.role === "doctor" ? 1 : actor.role === "patient" ? 5 : 3,
      awareAt: at,
      seriousnessReported: [],
      seriousnessSuggested: hits.flatMap((h) => (h.seriousness ? [h.seriousness] : [])),
      specialSituations: hits.flatMap((h) => (h.situation ? [h.situation] : [])),
      patientId,
      patient: (await patientFacts(db, patientId, at)) ?? {},
      suspectDrugs: drugs.suspect,
      concomitantDrugs: drugs.concomitant,
      events: hits.filter((h) => !h.situation).map((h) => ({ verbatim: h.term })),
      description: text,
      details: { screening: hits },
      contactConsent: false,
      request: { ref, text },
    },
    at,
  );
  return row;
}
