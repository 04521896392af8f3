// Safety cases: opening one from any capture route, the officer's view of it, triage, forwarding
// and follow-up questions (docs/api.md, Safety reporting; ADR 0010). Dates are computed once, here,
// with the shared pure functions, and never recomputed (regulatoryDueAt follows seriousness).
import {
  type CaseDetailResponse,
  type CaseResponse,
  type CaseSource,
  type CaseStatus,
  DEFAULT_FORWARD_RULE,
  DEFAULT_WORK_CALENDAR,
  type ForwardRemindersResponse,
  type ForwardRule,
  caseNumber as formatCaseNumber,
  forwardDueAt,
  type MinimumElement,
  missingElements,
  overlappingVerbatim,
  regulatoryDueAt,
  type SafetyQuestionResponse,
  type SeriousnessCriterion,
  type SpecialSituation,
  type WorkCalendar,
} from "@steady/shared";
import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { enrolments, medicationPlans, patients, users } from "../db/schema";
import type { Db } from "../env";
import { type CreateOutcome, canonicalJson } from "../http/idempotency";
import { ProblemError } from "../http/problem";
import {
  type CaseEvent,
  type DrugSnapshot,
  safetyCaseAudit,
  safetyCases,
  safetyForwards,
  safetyQuestions,
  safetySettings,
} from "./schema";

const DAY = 86_400_000;
/** Reports of the same patient this close in awareness, with overlapping verbatim, are linked. */
export const DUPLICATE_WINDOW_DAYS = 14;

export type CaseRow = typeof safetyCases.$inferSelect;

export interface Actor {
  id: string;
  role: string;
}

export interface OpenCaseInput {
  id: string;
  source: "patient_app" | "clinician" | "follow_up_call" | "rep" | "screening";
  sourceRef?: string | null;
  actor: Actor;
  reporterQualification: number | null;
  reporterName?: string | null;
  reporterContact?: string | null;
  awareAt: number;
  seriousnessReported: SeriousnessCriterion[];
  /** Criteria beyond the reporter's (screening words) — triage may still remove these. */
  seriousnessSuggested?: SeriousnessCriterion[];
  specialSituations: SpecialSituation[];
  patientId?: string | null;
  patient?: {
    initials?: string | null;
    sex?: string | null;
    ageYears?: number | null;
    ageGroup?: string | null;
  };
  suspectDrugs: DrugSnapshot[];
  concomitantDrugs: DrugSnapshot[];
  events: CaseEvent[];
  description?: string | null;
  details?: Record<string, unknown> | null;
  causalityReported?: CaseRow["causalityReported"];
  contactConsent: boolean;
  /** The validated create body (idempotent replays compare it). */
  request: unknown;
}

/** SHA-256 as lowercase hex (payload hashes in the forwarding log). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A stable UUID-shaped id for a case opened by another record (a call, a note). */
export async function derivedId(kind: string, ref: string): Promise<string> {
  const h = await sha256Hex(`${kind}:${ref}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function settingsOf(
  db: Db,
  programmeId: string | null,
): Promise<{ rule: ForwardRule; calendar: WorkCalendar }> {
  const [row] = programmeId
    ? await db.select().from(safetySettings).where(eq(safetySettings.programmeId, programmeId))
    : [];
  return { rule: row?.forwardRule ?? DEFAULT_FORWARD_RULE, calendar: row?.calendar ?? DEFAULT_WORK_CALENDAR };
}

export const verbatimOf = (r: Pick<CaseRow, "events" | "description">) =>
  [...r.events.map((e) => e.verbatim), r.description ?? ""].join("；");

const missingOf = (r: CaseRow): MinimumElement[] =>
  missingElements({
    patient: {
      ref: r.patientId,
      initials: r.patientInitials,
      sex: r.patientSex,
      ageYears: r.patientAgeYears,
      ageGroup: r.patientAgeGroup,
    },
    reporter: { known: Boolean(r.createdBy), qualification: r.reporterQualification },
    suspectDrugs: r.suspectDrugs,
    events: r.events,
    description: r.description,
    specialSituations: r.specialSituations,
  });

/** Looks for an earlier case of the same patient describing the same event (linked, not doubled). */
export async function findDuplicate(
  db: Db,
  patientId: string,
  awareAt: number,
  verbatim: string,
  exceptId?: string,
): Promise<CaseRow | null> {
  const rows = await db
    .select()
    .from(safetyCases)
    .where(
      and(
        eq(safetyCases.patientId, patientId),
        gte(safetyCases.awareAt, awareAt - DUPLICATE_WINDOW_DAYS * DAY),
        lte(safetyCases.awareAt, awareAt + DUPLICATE_WINDOW_DAYS * DAY),
      ),
    )
    .orderBy(asc(safetyCases.awareAt), asc(safetyCases.seq));
  return rows.find((r) => r.id !== exceptId && overlappingVerbatim(verbatimOf(r), verbatim)) ?? null;
}

/**
 * Opens a case, idempotent on its id (same request → duplicate, else conflict). A possible
 * duplicate of an earlier case is linked to the first case of its chain.
 */
export async function openCase(
  db: Db,
  input: OpenCaseInput,
  now: number,
): Promise<{ outcome: CreateOutcome; row: CaseRow | null }> {
  const requestJson = canonicalJson(input.request);
  const [existing] = await db.select().from(safetyCases).where(eq(safetyCases.id, input.id));
  if (existing) return replayOf(existing, input, requestJson);
  const programmeId = input.patientId ? await programmeOfPatient(db, input.patientId) : null;
  const { rule, calendar } = await settingsOf(db, programmeId);
  const draft = draftOf(input);
  const valid = missingOf(draft).length === 0;
  const dup = input.patientId
    ? await findDuplicate(db, input.patientId, input.awareAt, verbatimOf(draft), input.id)
    : null;
  const snapshot = input.patientId ? await patientSnapshot(db, input.patientId) : { name: null, phone: null };
  const facts: NewCaseFacts = {
    programmeId,
    requestJson,
    draft,
    day0: valid ? input.awareAt : null,
    seriousness: [...new Set([...input.seriousnessReported, ...(input.seriousnessSuggested ?? [])])],
    forwardDueAt: forwardDueAt(input.awareAt, input.seriousnessReported, rule, calendar),
    snapshot,
    possibleDuplicateOf: dup ? (dup.possibleDuplicateOf ?? dup.id) : null,
  };
  let inserted = false;
  let [row] = [] as CaseRow[];
  for (let attempt = 0; attempt < 3 && !row; attempt++) {
    inserted = (await insertCase(db, input, now, facts)).length > 0;
    [row] = await db.select().from(safetyCases).where(eq(safetyCases.id, input.id));
  }
  if (!row) return { outcome: "conflict", row: null };
  // Not inserted: a concurrent request with the same id got there first, a replay or a reuse.
  if (!inserted) return replayOf(row, input, requestJson);
  await auditOpened(db, row, input, now);
  return { outcome: "created", row };
}

/** A create whose id is already taken: the same request by the same actor replays, anything else conflicts. */
function replayOf(
  row: CaseRow,
  input: OpenCaseInput,
  requestJson: string,
): { outcome: CreateOutcome; row: CaseRow | null } {
  const same = row.createdBy === input.actor.id && row.requestJson === requestJson;
  return same ? { outcome: "duplicate", row } : { outcome: "conflict", row: null };
}

async function programmeOfPatient(db: Db, patientId: string): Promise<string | null> {
  const [e] = await db
    .select({ programmeId: enrolments.programmeId })
    .from(enrolments)
    .where(eq(enrolments.patientId, patientId))
    .limit(1);
  return e?.programmeId ?? null;
}

/** The fields of the new case that validity and duplicate checks read, before it is stored. */
function draftOf(input: OpenCaseInput): CaseRow {
  const p = input.patient ?? {};
  return {
    patientId: input.patientId ?? null,
    patientInitials: p.initials ?? null,
    patientSex: p.sex ?? null,
    patientAgeYears: p.ageYears ?? null,
    patientAgeGroup: p.ageGroup ?? null,
    createdBy: input.actor.id,
    reporterQualification: input.reporterQualification,
    suspectDrugs: input.suspectDrugs,
    events: input.events,
    description: input.description ?? null,
    specialSituations: input.specialSituations,
  } as CaseRow;
}

/** The patient's name and phone as they are when the case opens (kept with the case). */
async function patientSnapshot(
  db: Db,
  patientId: string,
): Promise<{ name: string | null; phone: string | null }> {
  const [pt] = await db
    .select({ name: patients.name, phone: patients.phone })
    .from(patients)
    .where(eq(patients.id, patientId));
  return pt ?? { name: null, phone: null };
}

/** What openCase worked out before inserting. */
interface NewCaseFacts {
  programmeId: string | null;
  requestJson: string;
  draft: CaseRow;
  /** Day 0 of the regulatory clock: set only once the case has its minimum elements. */
  day0: number | null;
  seriousness: SeriousnessCriterion[];
  forwardDueAt: number;
  snapshot: { name: string | null; phone: string | null };
  possibleDuplicateOf: string | null;
}

/**
 * Inserts the case unless its id exists; returns the inserted id (none if it existed). The
 * sequence is taken inside the INSERT (one statement: atomic in SQLite and D1). Two writers on
 * separate connections could still pick the same number: the unique index refuses the second,
 * which then takes the next one.
 */
function insertCase(db: Db, input: OpenCaseInput, now: number, f: NewCaseFacts) {
  const year = formatCaseNumber(0, input.awareAt).slice(4, 8);
  const nextSeq = sql`(SELECT COALESCE(MAX(${safetyCases.seq}), 0) + 1 FROM ${safetyCases})`;
  return db
    .insert(safetyCases)
    .values({
      id: input.id,
      seq: nextSeq,
      caseNumber: sql`'STD-' || ${year} || '-' || printf('%06d', ${nextSeq})`,
      programmeId: f.programmeId,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      createdBy: input.actor.id,
      createdByRole: input.actor.role,
      reporterQualification: input.reporterQualification,
      reporterName: input.reporterName ?? null,
      reporterContact: input.reporterContact ?? null,
      awareAt: input.awareAt,
      day0: f.day0,
      receivedAt: now,
      forwardDueAt: f.forwardDueAt,
      regulatoryDueAt: f.day0 == null ? null : regulatoryDueAt(f.day0, f.seriousness),
      latestInfoAt: null,
      seriousnessReported: input.seriousnessReported,
      seriousness: f.seriousness,
      specialSituations: input.specialSituations,
      patientId: input.patientId ?? null,
      patientName: f.snapshot.name,
      patientPhone: f.snapshot.phone,
      patientInitials: f.draft.patientInitials,
      patientSex: f.draft.patientSex,
      patientAgeYears: f.draft.patientAgeYears,
      patientAgeGroup: f.draft.patientAgeGroup,
      suspectDrugs: input.suspectDrugs,
      concomitantDrugs: input.concomitantDrugs,
      events: input.events,
      description: f.draft.description,
      details: input.details ?? null,
      causalityReported: input.causalityReported ?? null,
      status: "new",
      version: 1,
      contactConsent: input.contactConsent,
      restricted: false,
      possibleDuplicateOf: f.possibleDuplicateOf,
      requestJson: f.requestJson,
    })
    .onConflictDoNothing()
    .returning({ id: safetyCases.id });
}

/** The audit trail of a new case: created, and linked to its possible duplicate. */
async function auditOpened(db: Db, row: CaseRow, input: OpenCaseInput, now: number) {
  await audit(db, row.id, input.actor, now, "created", null, null, row.caseNumber, `source ${input.source}`);
  if (row.possibleDuplicateOf) {
    await audit(
      db,
      row.id,
      input.actor,
      now,
      "linked_duplicate",
      "possibleDuplicateOf",
      null,
      row.possibleDuplicateOf,
      "same patient, overlapping verbatim",
    );
  }
}

export async function audit(
  db: Db,
  caseId: string,
  actor: Actor,
  at: number,
  action: string,
  field: string | null,
  oldValue: unknown,
  newValue: unknown,
  reason: string | null,
) {
  const str = (v: unknown) => (v == null ? null : typeof v === "string" ? v : JSON.stringify(v));
  await db.insert(safetyCaseAudit).values({
    caseId,
    at,
    actorId: actor.id,
    actorRole: actor.role,
    action,
    field,
    oldValue: str(oldValue),
    newValue: str(newValue),
    reason,
  });
}

// --- patient facts ---------------------------------------------------------------

/** Age in whole years from a birth year (the programme stores no birth day). */
const ageFrom = (birthYear: number | null, at: number) =>
  birthYear == null ? null : new Date(at).getUTCFullYear() - birthYear;

/**
 * Initials that identify without naming: Latin names give their initials; a Chinese name gives
 * its surname character only.
 */
export function initialsOf(name: string | null): string | null {
  const n = name?.trim();
  if (!n) return null;
  if (/^[\p{Script=Latin}\s.'-]+$/u.test(n)) {
    return n
      .split(/\s+/)
      .map((w) => w[0]?.toUpperCase())
      .join("");
  }
  return Array.from(n)[0] ?? null;
}

export async function patientFacts(db: Db, patientId: string, at: number) {
  const [pt] = await db.select().from(patients).where(eq(patients.id, patientId));
  if (!pt) return null;
  return {
    initials: initialsOf(pt.name),
    sex: pt.sex,
    ageYears: ageFrom(pt.birthYear, at),
    ageGroup: null,
  };
}

/**
 * Suspect and concomitant drugs from the patient's current plans. The named plans are suspect;
 * when the reporter named none, every current plan is (the officer narrows it in triage).
 */
export async function drugsFromPlans(
  db: Db,
  patientId: string,
  planIds: string[] | undefined,
): Promise<{ suspect: DrugSnapshot[]; concomitant: DrugSnapshot[]; unknownIds: string[] }> {
  const rows = await db
    .select()
    .from(medicationPlans)
    .where(and(eq(medicationPlans.patientId, patientId)));
  const known = new Set(rows.map((r) => r.id));
  const unknownIds = (planIds ?? []).filter((id) => !known.has(id));
  const current = rows.filter((r) => r.stoppedAt == null || (planIds ?? []).includes(r.id));
  const snap = (r: (typeof rows)[number]): DrugSnapshot => ({
    name: r.drug,
    dose: r.dose,
    startedOn: r.startDate,
    planId: r.id,
  });
  const named = new Set(planIds ?? []);
  if (!named.size) return { suspect: current.map(snap), concomitant: [], unknownIds };
  return {
    suspect: current.filter((r) => named.has(r.id)).map(snap),
    concomitant: current.filter((r) => !named.has(r.id) && r.stoppedAt == null).map(snap),
    unknownIds,
  };
}

// --- views ---------------------------------------------------------------------------

/** An instant as ISO 8601; no instant stays null (typed so a required column gives a string). */
function iso(ms: number): string;
function iso(ms: number | null | undefined): string | null;
function iso(ms: number | null | undefined): string | null {
  return ms == null ? null : new Date(ms).toISOString();
}

const CLOSED = new Set(["forwarded", "acknowledged", "not_forwarded"]);
export const isOverdue = (r: Pick<CaseRow, "status" | "forwardDueAt" | "forwardedAt">, now: number) =>
  r.forwardedAt == null && !CLOSED.has(r.status) && r.forwardDueAt < now;

/** Forwarding falls due within this many hours: the inbox flags it and the reminder lists it. */
export const DUE_SOON_HOURS = 4;
export const isDueSoon = (
  r: Pick<CaseRow, "status" | "forwardDueAt" | "forwardedAt">,
  now: number,
  hours = DUE_SOON_HOURS,
) =>
  r.forwardedAt == null &&
  !CLOSED.has(r.status) &&
  r.forwardDueAt >= now &&
  r.forwardDueAt - now <= hours * 3_600_000;

/** Cases whose forwarding falls due within `hours`, soonest first, and how many are overdue. */
export async function forwardReminders(db: Db, now: number, hours: number) {
  // These statuses are never forwarded (a forwarded case's status follows the forwarding), so the
  // (status, forward_due_at) index answers alone.
  const open = inArray(safetyCases.status, ["new", "triaged", "awaiting_follow_up"]);
  const [overdue] = await db
    .select({ n: sql<number>`count(*)` })
    .from(safetyCases)
    .where(and(open, lte(safetyCases.forwardDueAt, now - 1)));
  const soon = await db
    .select()
    .from(safetyCases)
    .where(
      and(open, gte(safetyCases.forwardDueAt, now), lte(safetyCases.forwardDueAt, now + hours * 3_600_000)),
    )
    .orderBy(asc(safetyCases.forwardDueAt), asc(safetyCases.seq));
  return {
    generatedAt: new Date(now).toISOString(),
    hours,
    overdue: overdue?.n ?? 0,
    dueSoon: soon.map((r) => ({
      id: r.id,
      caseNumber: r.caseNumber,
      forwardDueAt: new Date(r.forwardDueAt).toISOString(),
      minutesLeft: Math.floor((r.forwardDueAt - now) / 60_000),
      serious: r.seriousness.length > 0,
    })),
  } satisfies ForwardRemindersResponse;
}

/** A case as the officer sees it (list row). No name or phone: `patient.ref` is a pseudonym. */
export function caseView(r: CaseRow, now: number) {
  const missing = missingOf(r);
  return {
    id: r.id,
    caseNumber: r.caseNumber,
    source: r.source,
    awareAt: iso(r.awareAt),
    day0: iso(r.day0),
    receivedAt: iso(r.receivedAt),
    forwardDueAt: iso(r.forwardDueAt),
    regulatoryDueAt: iso(r.regulatoryDueAt),
    latestInfoAt: iso(r.latestInfoAt),
    forwardedAt: iso(r.forwardedAt),
    acknowledgedAt: iso(r.acknowledgedAt),
    overdue: isOverdue(r, now),
    dueSoon: isDueSoon(r, now),
    serious: r.seriousness.length > 0,
    seriousness: r.seriousness,
    seriousnessReported: r.seriousnessReported,
    specialSituations: r.specialSituations,
    status: r.status,
    valid: missing.length === 0,
    missing,
    reporterQualification: r.reporterQualification,
    reporter: { role: r.createdByRole, name: r.reporterName, contact: r.reporterContact },
    patient: {
      ref: r.patientId,
      initials: r.patientInitials,
      sex: r.patientSex,
      ...(r.patientAgeYears != null ? { ageYears: r.patientAgeYears } : {}),
      ...(r.patientAgeGroup ? { ageGroup: r.patientAgeGroup } : {}),
    },
    suspectDrugs: r.suspectDrugs.map(({ planId: _p, ...d }) => d),
    concomitantDrugs: r.concomitantDrugs.map(({ planId: _p, ...d }) => d),
    events: r.events,
    description: r.description,
    details: r.details,
    causalityReported: r.causalityReported,
    causalityAssessed: r.causalityAssessed,
    outcome: r.outcome,
    narrative: r.narrative,
    notForwardedReason: r.notForwardedReason,
    mahCaseId: r.mahCaseId,
    contactConsent: r.contactConsent,
    restricted: r.restricted,
    possibleDuplicateOf: r.possibleDuplicateOf,
    version: r.version,
  } satisfies CaseResponse;
}
export type CaseView = ReturnType<typeof caseView>;

export async function getCase(db: Db, id: string): Promise<CaseRow> {
  const [row] = await db.select().from(safetyCases).where(eq(safetyCases.id, id));
  if (!row) throw new ProblemError(404, "case not found");
  return row;
}

export async function caseDetail(db: Db, row: CaseRow, now: number) {
  const [questions, forwards, duplicates] = await Promise.all([
    db
      .select()
      .from(safetyQuestions)
      .where(eq(safetyQuestions.caseId, row.id))
      .orderBy(asc(safetyQuestions.askedAt)),
    db.select().from(safetyForwards).where(eq(safetyForwards.caseId, row.id)).orderBy(asc(safetyForwards.at)),
    db
      .select({ id: safetyCases.id, caseNumber: safetyCases.caseNumber })
      .from(safetyCases)
      .where(eq(safetyCases.possibleDuplicateOf, row.id)),
  ]);
  return {
    ...caseView(row, now),
    // The officer may call the patient back only with their consent, never once erased.
    contact:
      row.contactConsent && !row.restricted && (row.patientName || row.patientPhone)
        ? { name: row.patientName, phone: row.patientPhone }
        : null,
    followUps: questions.map(questionView),
    forwards: forwards.map((f) => ({
      at: iso(f.at),
      by: f.by,
      kind: f.kind,
      channel: f.channel,
      payloadSha256: f.payloadSha256,
      note: f.note,
    })),
    duplicates,
  } satisfies CaseDetailResponse;
}

export function questionView(q: typeof safetyQuestions.$inferSelect) {
  return {
    id: q.id,
    to: q.to,
    question: q.question,
    askedAt: iso(q.askedAt),
    answer: q.answer,
    answeredAt: iso(q.answeredAt),
  } satisfies SafetyQuestionResponse;
}

/** Rows per inbox page by default (`limit` up to 1000): the officer works from the top. */
export const DEFAULT_LIST_LIMIT = 200;

export async function listCases(
  db: Db,
  q: { status?: CaseStatus; overdue?: "true" | "false"; source?: CaseSource; limit?: number },
  now: number,
): Promise<CaseRow[]> {
  const conds = [];
  if (q.status) conds.push(eq(safetyCases.status, q.status));
  if (q.source) conds.push(eq(safetyCases.source, q.source));
  if (q.overdue === "true") {
    conds.push(
      inArray(safetyCases.status, ["new", "triaged", "awaiting_follow_up"]),
      lte(safetyCases.forwardDueAt, now - 1),
    );
  }
  let rows = await db
    .select()
    .from(safetyCases)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(safetyCases.forwardDueAt), asc(safetyCases.seq))
    .limit(q.limit ?? DEFAULT_LIST_LIMIT);
  if (q.overdue === "false") rows = rows.filter((r) => !isOverdue(r, now));
  return rows;
}

export async function auditTrail(db: Db, caseId: string) {
  const rows = await db
    .select({ a: safetyCaseAudit, name: users.name })
    .from(safetyCaseAudit)
    .leftJoin(users, eq(users.id, safetyCaseAudit.actorId))
    .where(eq(safetyCaseAudit.caseId, caseId))
    .orderBy(asc(safetyCaseAudit.id));
  return rows.map(({ a, name }) => ({
    at: iso(a.at),
    who: { id: a.actorId, role: a.actorRole, name: name ?? (a.actorRole === "patient" ? "patient" : null) },
    action: a.action,
    field: a.field,
    old: a.oldValue,
    new: a.newValue,
    why: a.reason,
  }));
}

export const etagOf = (r: Pick<CaseRow, "version">) => `"${r.version}"`;

/** Checks If-Match: absent → 428, stale → 412 (nothing changes). */
export function checkIfMatch(row: CaseRow, ifMatch: string | undefined, required: boolean) {
  if (ifMatch == null) {
    if (required) throw new ProblemError(428, "send If-Match with the case's ETag");
    return;
  }
  const tags = ifMatch.split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (!tags.includes("*") && !tags.includes(etagOf(row))) {
    throw new ProblemError(412, "the case changed since you read it; reload and try again");
  }
}

/**
 * Writes `changes` only if the version is still the one read (a racing writer gets 412), bumps
 * the version, and returns the new row.
 */
export async function updateCase(db: Db, row: CaseRow, changes: Partial<CaseRow>): Promise<CaseRow> {
  const res = await db
    .update(safetyCases)
    .set({ ...changes, version: row.version + 1 })
    .where(and(eq(safetyCases.id, row.id), eq(safetyCases.version, row.version)))
    .returning({ id: safetyCases.id });
  if (!res.length) throw new ProblemError(412, "the case changed since you read it; reload and try again");
  return getCase(db, row.id);
}

/** Recomputes validity after new facts: day0 is set the first time all four elements are known. */
export function withValidity(row: CaseRow, changes: Partial<CaseRow>, now: number): Partial<CaseRow> {
  const next = { ...row, ...changes } as CaseRow;
  const out = { ...changes };
  if (row.day0 == null && missingOf(next).length === 0) out.day0 = now;
  const day0 = out.day0 ?? row.day0;
  if (day0 != null) out.regulatoryDueAt = regulatoryDueAt(day0, next.seriousness as SeriousnessCriterion[]);
  return out;
}

export const payloadHash = sha256Hex;
