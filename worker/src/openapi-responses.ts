// What each route answers when it succeeds, and the statuses particular to it, for the OpenAPI
// document (openapi.ts). The statuses every route shares (401/403 from the policy, 400/422 from
// validation, 413/415 for bodies, 412/428 for If-Match) are derived there; this table lists the
// rest, found in the handlers. openapi.test.ts fails when a route of the policy is missing here.
import * as s from "@steady/shared";
import type * as z from "zod/mini";

type Schema = z.ZodMiniType;

export interface RouteAnswer {
  /** 200 (default), 201 for a create that is not idempotent, 204 for no body. */
  ok?: 200 | 201 | 204;
  /** An idempotent create (client id): 201 first, 200 for a replay, 409 for the id reused. */
  create?: true;
  /** JSON body of the 2xx answer; absent: `type` says what the body is. */
  schema?: Schema;
  /** Media type when it is not JSON (CSV, images, XML, FHIR, HTML). */
  type?: string;
  /** The answer names a note about it in a Link header (rel="describedby"). */
  link?: true;
  /** Statuses particular to this route, each with why. */
  extra?: Partial<Record<401 | 403 | 404 | 409 | 410 | 422 | 423 | 429 | 502 | 503, string>>;
}

const CSV = { type: "text/csv" };
/** Aggregate exports: their note on disclosure control is at the URL of their Link header. */
const CSV_WITH_NOTE = { type: "text/csv", link: true } as const;
const FHIR = { type: "application/fhir+json" };
const NOT_FOUND = "No such resource, or not in the caller's scope";
const nf = { 404: NOT_FOUND };
const sent = (why: string) => ({ 409: why });

export const ROUTE_ANSWERS: Record<string, RouteAnswer> = {
  "GET /api/v1/health": { schema: s.healthResponse, extra: { 503: "The database is unreachable" } },
  "GET /api/v1/openapi.json": { schema: s.openApiResponse },
  "POST /api/v1/auth/wechat": {
    schema: s.wechatLoginResponse,
    extra: {
      401: "The code is invalid or used (open the mini-program again)",
      403: "WeChat's risk control blocks this user (40226): do not retry",
      409: "The patient row could not be created",
      429: "WeChat's per-user login limit (45011): try again in a minute",
      503: "WeChat is busy or its daily limit is reached: try again later",
    },
  },
  "POST /api/v1/auth/login": {
    schema: s.portalLoginResponse,
    extra: {
      423: "Too many wrong passwords: the account is locked for a while",
      429: "Too many failed sign-ins from this address",
    },
  },
  "POST /api/v1/auth/logout": { ok: 204 },
  "GET /api/v1/auth/me": { schema: s.whoAmIResponse },

  "POST /api/v1/enrol": {
    create: true,
    schema: s.enrolResponse,
    extra: { 404: "Unknown enrolment code", 409: "Already enrolled with another clinic" },
  },
  "GET /api/v1/enrol/:code": { schema: s.enrolPreviewResponse, extra: { 404: "Unknown enrolment code" } },
  "GET /api/v1/me": { schema: s.meResponse },
  "DELETE /api/v1/me": { ok: 204 },
  "GET /api/v1/me/export": { schema: s.exportResponse },
  "GET /api/v1/me/access-log": { schema: s.accessLogResponse },
  "GET /api/v1/me/plans": { schema: s.planListResponse },
  "POST /api/v1/me/plans": {
    create: true,
    schema: s.planResponse,
    extra: sent("The id was reused, or the plan could not be stored"),
  },
  "PATCH /api/v1/me/plans/:id": { schema: s.planResponse, extra: { ...nf, 409: "The plan is stopped" } },
  "DELETE /api/v1/me/plans/:id": { schema: s.planResponse, extra: nf },
  "GET /api/v1/me/today": { schema: s.todayResponse },
  "POST /api/v1/me/doses": { create: true, schema: s.doseRecordResponse, extra: { 404: "No such plan" } },
  "POST /api/v1/me/bp": { create: true, schema: s.bpReadingResponse },
  "POST /api/v1/me/glucose": { create: true, schema: s.glucoseReadingResponse },
  "POST /api/v1/me/sync": { schema: s.syncResponse },
  "GET /api/v1/me/summary": { schema: s.summaryResponse },
  "GET /api/v1/me/readings": { schema: s.readingsResponse },
  "GET /api/v1/me/tip": { schema: s.tipResponse },
  "POST /api/v1/me/subscriptions": { create: true, schema: s.subscriptionResponse },
  "GET /api/v1/me/reminders": { schema: s.remindersResponse },
  "PATCH /api/v1/me/reminders": { schema: s.remindersResponse },
  "GET /api/v1/me/sms": { schema: s.smsContactResponse },
  "PUT /api/v1/me/sms": { schema: s.smsContactResponse },
  "DELETE /api/v1/me/sms": { schema: s.smsContactResponse },
  "POST /api/v1/me/plans/:id/refills": {
    create: true,
    schema: s.refillResponse,
    extra: { 404: "No such plan", 409: "The id was reused, or the plan has no supply to add to" },
  },
  "GET /api/v1/me/revisit": { schema: s.revisitResponse },
  "PUT /api/v1/me/revisit": { schema: s.revisitResponse },

  "POST /api/v1/family/invites": {
    create: true,
    schema: s.familyInviteResponse,
    extra: sent("The id was reused, or no free code could be drawn"),
  },
  "GET /api/v1/family/followers": { schema: s.followersResponse },
  "PATCH /api/v1/family/followers/:id": { schema: s.followerResponse, extra: nf },
  "DELETE /api/v1/family/followers/:id": { schema: s.familyRevokeResponse, extra: nf },
  "GET /api/v1/family/invites/:code": {
    schema: s.familyInvitePreviewResponse,
    extra: { 404: "Unknown, used, withdrawn or expired invitation" },
  },
  "POST /api/v1/family/invites/:code/accept": {
    ok: 201,
    schema: s.familyAcceptResponse,
    extra: {
      404: "Unknown, used, withdrawn or expired invitation",
      ...sent("The patient's own, or already followed"),
    },
  },
  "GET /api/v1/family/following": { schema: s.followingResponse },
  "GET /api/v1/family/following/:id": { schema: s.familyViewResponse, extra: nf },
  "DELETE /api/v1/family/following/:id": { schema: s.familyRevokeResponse, extra: nf },
  "POST /api/v1/family/subscriptions": { create: true, schema: s.subscriptionResponse },

  "GET /api/v1/patients": { schema: s.triageListResponse },
  "GET /api/v1/patients/:id/summary": { schema: s.patientSummaryResponse, extra: nf },
  "GET /api/v1/patients/:id/readings": { schema: s.readingsResponse, extra: nf },
  "GET /api/v1/patients/:id/doses": { schema: s.patientDosesResponse, extra: nf },
  "GET /api/v1/patients/:id/revisit": { schema: s.revisitResponse, extra: nf },
  "PUT /api/v1/patients/:id/revisit": { schema: s.revisitResponse, extra: nf },
  "POST /api/v1/alerts/:id/ack": { schema: s.alertAckResponse, extra: nf },

  "GET /api/v1/codes": { schema: s.codeListResponse },

  "GET /api/v1/clinics": { schema: s.clinicListResponse },
  "POST /api/v1/clinics": { ok: 201, schema: s.clinicSummaryResponse },
  "GET /api/v1/clinics/:id": { schema: s.clinicDetailResponse, extra: nf },
  "POST /api/v1/clinics/:id/agreement": { ok: 201, schema: s.agreementResponse, extra: nf },
  "POST /api/v1/clinics/:id/invites": {
    ok: 201,
    schema: s.inviteCreatedResponse,
    extra: { ...nf, 503: "PUBLIC_ORIGIN is not configured" },
  },
  "GET /api/v1/clinics/:id/invites": { schema: s.clinicInvitesResponse, extra: nf },
  "POST /api/v1/clinics/:id/invites/:inviteId/approve": {
    schema: s.inviteResponse,
    extra: { ...nf, 409: "Already approved or revoked" },
  },
  "GET /api/v1/invite-approvals": { schema: s.inviteApprovalsResponse },
  "POST /api/v1/clinics/:id/codes": {
    ok: 201,
    schema: s.newCodeResponse,
    extra: { ...nf, 422: "Not a doctor of this clinic" },
  },
  "GET /api/v1/invites/:token": {
    schema: s.invitePreviewResponse,
    extra: { 404: "No such invitation", 410: "Expired, revoked or used" },
  },
  "POST /api/v1/invites/:token/accept": {
    ok: 201,
    schema: s.inviteAcceptedResponse,
    extra: {
      404: "No such invitation",
      409: "The email has an account of another role",
      410: "Expired, revoked or used",
      429: "Too many failed sign-ins from this address",
    },
  },
  "GET /api/v1/codes/:code/qr.png": {
    type: "image/png",
    extra: { ...nf, 410: "The code was revoked", 502: "WeChat could not make the code" },
  },
  "GET /api/v1/codes/:code/poster": {
    schema: s.posterResponse,
    extra: { ...nf, 410: "The code was revoked" },
  },
  "POST /api/v1/codes/:code/revoke": { schema: s.codeRevokedResponse, extra: nf },
  "POST /api/v1/codes/:code/replace": {
    ok: 201,
    schema: s.codeReplacedResponse,
    extra: { ...nf, 409: "Revoked without a replacement (a replaced code answers 200 with its replacement)" },
  },
  "GET /api/v1/reports/clinics": { schema: s.clinicReportResponse },
  "GET /api/v1/reports/clinics.csv": CSV_WITH_NOTE,
  "GET /api/v1/reports/programme": { schema: s.programmeReportResponse },
  "GET /api/v1/reports/programme.csv": CSV_WITH_NOTE,
  "GET /api/v1/reports/disclosure-note": { type: "text/plain" },
  "GET /api/v1/programme/settings": { schema: s.programmeSettingsResponse },
  // Reminder sends that kept failing (the dead-letter queue, ADR 0016), newest first, paged.
  "GET /api/v1/programme/reminder-dead-letters": {
    schema: s.deadLettersResponse,
  },
  "PUT /api/v1/programme/settings": { schema: s.programmeSettingsResponse },

  "GET /api/v1/alerts": { schema: s.alertListResponse },
  "GET /api/v1/staff": { schema: s.staffResponse },
  "GET /api/v1/follow-ups": { schema: s.worklistResponse },
  "POST /api/v1/follow-ups/:id/resolve": { schema: s.callResponse, extra: nf },
  "GET /api/v1/patients/export.csv": CSV,
  "GET /api/v1/patients/:id/notes": { schema: s.notesResponse, extra: nf },
  "POST /api/v1/patients/:id/notes": { create: true, schema: s.noteResponse, extra: nf },
  "GET /api/v1/patients/:id/follow-ups": { schema: s.callsResponse, extra: nf },
  "POST /api/v1/patients/:id/follow-ups": { create: true, schema: s.callResponse, extra: nf },
  "POST /api/v1/patients/:id/plans": { create: true, schema: s.planResponse, extra: nf },
  "PATCH /api/v1/patients/:id/plans/:planId": {
    schema: s.planResponse,
    extra: { ...nf, 409: "The plan is stopped" },
  },
  "DELETE /api/v1/patients/:id/plans/:planId": { schema: s.planResponse, extra: nf },
  "PUT /api/v1/patients/:id/targets": { schema: s.targetsResponse, extra: nf },
  "PUT /api/v1/patients/:id/condition": { schema: s.conditionResponse, extra: nf },
  "GET /api/v1/patients/:id/fhir": { ...FHIR, extra: nf },
  "GET /api/v1/patients/:id/reminders": { schema: s.reminderHistoryResponse, extra: nf },

  "GET /api/v1/dev/outbox": { schema: s.outboxResponse, extra: { 404: "Not in production" } },
  "GET /api/v1/dev/outbox.html": { type: "text/html", extra: { 404: "Not in production" } },
  "GET /api/docs": { type: "text/html" },

  "POST /api/v1/me/side-effects": { create: true, schema: s.sideEffectReceiptResponse },
  "GET /api/v1/me/side-effects": { schema: s.mySideEffectsResponse },
  "POST /api/v1/me/safety-questions/:id/answer": {
    create: true,
    schema: s.safetyQuestionResponse,
    extra: { ...nf, 409: "Already answered otherwise" },
  },
  "POST /api/v1/patients/:id/adverse-events": { create: true, schema: s.caseReceiptResponse, extra: nf },
  "GET /api/v1/patients/:id/safety-questions": { schema: s.clinicianSafetyQuestionsResponse, extra: nf },
  "POST /api/v1/patients/:id/safety-questions/:questionId/answer": {
    create: true,
    schema: s.safetyQuestionResponse,
    extra: nf,
  },
  "POST /api/v1/safety/reports": { create: true, schema: s.repReportReceiptResponse },
  "GET /api/v1/safety/reports": { schema: s.repReportsResponse },
  "GET /api/v1/safety/cases": { schema: s.caseListResponse },
  "GET /api/v1/safety/cases.csv": CSV,
  "GET /api/v1/safety/reminders": { schema: s.forwardRemindersResponse },
  "GET /api/v1/safety/settings": { schema: s.safetySettingsResponse },
  "PUT /api/v1/safety/settings": { schema: s.safetySettingsResponse },
  "GET /api/v1/safety/cases/:id": { schema: s.caseDetailResponse, extra: nf },
  "GET /api/v1/safety/cases/:id/audit": { schema: s.caseAuditResponse, extra: nf },
  "PATCH /api/v1/safety/cases/:id": {
    schema: s.caseDetailResponse,
    extra: { ...nf, 409: "The case is forwarded: its status follows the forwarding" },
  },
  "POST /api/v1/safety/cases/:id/forward": { schema: s.caseDetailResponse, extra: nf },
  "PUT /api/v1/safety/cases/:id/acknowledgement": {
    schema: s.caseDetailResponse,
    extra: { ...nf, 409: "Not forwarded yet" },
  },
  "POST /api/v1/safety/cases/:id/follow-ups": { create: true, schema: s.safetyQuestionResponse, extra: nf },
  "GET /api/v1/safety/cases/:id/e2b.xml": { type: "application/xml", extra: nf },
  "GET /api/v1/safety/cases/:id/fhir": { ...FHIR, extra: nf },
  "GET /api/v1/reports/safety": { schema: s.safetyReportResponse },

  "GET /api/v1/me/diary": { schema: s.diaryResponse },
  "POST /api/v1/me/self-reports": {
    create: true,
    schema: s.selfReportResponse,
    extra: sent("The id was reused, or this month is already answered"),
  },
  "GET /api/v1/me/self-reports": { schema: s.mySelfReportsResponse },
  "GET /api/v1/patients/:id/diary": { schema: s.diaryResponse, extra: nf },
  "GET /api/v1/patients/:id/self-reports": { schema: s.patientSelfReportsResponse, extra: nf },
};
