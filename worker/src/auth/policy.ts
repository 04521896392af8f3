// The one authorization policy. Every route of the API appears here with the roles that may
// call it; a route missing from this table is refused (deny by default), and the policy test
// tries every role against every route. Row-level scoping (which patient) is the access layer's
// (access/patient-access.ts): domain functions take a PatientRef only it can mint.
import type { Role } from "@steady/shared";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../env";
import { problem } from "../http/problem";
import { authenticate } from "./sessions";

export type Access = "public" | Role;
const CLINICIAN: Access[] = ["doctor", "assistant"];

export const POLICY: Record<string, readonly Access[]> = {
  "GET /api/v1/health": ["public"],
  "GET /api/v1/openapi.json": ["public"],
  "GET /api/docs": ["public"],
  "POST /api/v1/auth/wechat": ["public"],
  "POST /api/v1/auth/login": ["public"],
  "POST /api/v1/auth/logout": ["public"],
  "GET /api/v1/auth/me": ["patient", "doctor", "assistant", "rep", "manager", "admin", "safety"],

  "POST /api/v1/enrol": ["patient"],
  "GET /api/v1/enrol/:code": ["patient"],
  "GET /api/v1/me": ["patient"],
  "DELETE /api/v1/me": ["patient"],
  "GET /api/v1/me/export": ["patient"],
  "GET /api/v1/me/access-log": ["patient"],
  "GET /api/v1/me/plans": ["patient"],
  "POST /api/v1/me/plans": ["patient"],
  "PATCH /api/v1/me/plans/:id": ["patient"],
  "DELETE /api/v1/me/plans/:id": ["patient"],
  "GET /api/v1/me/today": ["patient"],
  "POST /api/v1/me/doses": ["patient"],
  "POST /api/v1/me/bp": ["patient"],
  "POST /api/v1/me/glucose": ["patient"],
  "POST /api/v1/me/sync": ["patient"],
  "GET /api/v1/me/summary": ["patient"],
  "GET /api/v1/me/readings": ["patient"],
  "GET /api/v1/me/tip": ["patient"],
  "POST /api/v1/me/subscriptions": ["patient"],
  "GET /api/v1/me/reminders": ["patient"],
  "PATCH /api/v1/me/reminders": ["patient"],
  "GET /api/v1/me/sms": ["patient"],
  "PUT /api/v1/me/sms": ["patient"],
  "DELETE /api/v1/me/sms": ["patient"],
  // Supply and visits (issue 13, refills/routes.ts).
  "POST /api/v1/me/plans/:id/refills": ["patient"],
  "GET /api/v1/me/revisit": ["patient"],
  "PUT /api/v1/me/revisit": ["patient"],

  // Family follow (family/routes.ts). A family member signs in with their own WeChat, which
  // gives the same kind of session as a patient's; the link row (accepted, not revoked, the
  // data type shared) decides what they see, and anything else is a 404.
  "POST /api/v1/family/invites": ["patient"],
  "GET /api/v1/family/followers": ["patient"],
  "PATCH /api/v1/family/followers/:id": ["patient"],
  "DELETE /api/v1/family/followers/:id": ["patient"],
  "GET /api/v1/family/invites/:code": ["patient"],
  "POST /api/v1/family/invites/:code/accept": ["patient"],
  "GET /api/v1/family/following": ["patient"],
  "GET /api/v1/family/following/:id": ["patient"],
  "DELETE /api/v1/family/following/:id": ["patient"],
  "POST /api/v1/family/subscriptions": ["patient"],

  "GET /api/v1/patients": CLINICIAN,
  "GET /api/v1/patients/:id/summary": CLINICIAN,
  "GET /api/v1/patients/:id/readings": CLINICIAN,
  "GET /api/v1/patients/:id/doses": CLINICIAN,
  "GET /api/v1/patients/:id/revisit": CLINICIAN,
  "PUT /api/v1/patients/:id/revisit": CLINICIAN,
  "POST /api/v1/alerts/:id/ack": ["doctor"],

  "GET /api/v1/codes": ["doctor", "rep"],

  // Reps and the programme (routes/programme*.ts): aggregates only, never a patient route.
  // Reps onboard the clinics they bring in; managers and admins read; admins edit settings.
  // Invite links are opened by people without an account yet.
  "GET /api/v1/clinics": ["rep", "manager", "admin"],
  "POST /api/v1/clinics": ["rep"],
  "GET /api/v1/clinics/:id": ["rep", "manager", "admin"],
  "POST /api/v1/clinics/:id/agreement": ["rep"],
  // A rep's invite waits for a doctor of the clinic or an admin to approve it (issue 11).
  "POST /api/v1/clinics/:id/invites": ["rep", "doctor", "admin"],
  "GET /api/v1/clinics/:id/invites": ["rep", "doctor", "admin"],
  "POST /api/v1/clinics/:id/invites/:inviteId/approve": ["doctor", "admin"],
  "GET /api/v1/invite-approvals": ["doctor", "admin"],
  "POST /api/v1/clinics/:id/codes": ["rep"],
  "GET /api/v1/invites/:token": ["public"],
  "POST /api/v1/invites/:token/accept": ["public"],
  "GET /api/v1/codes/:code/qr.png": ["doctor", "rep"],
  "GET /api/v1/codes/:code/poster": ["doctor", "rep"],
  "POST /api/v1/codes/:code/revoke": ["doctor", "rep"],
  "POST /api/v1/codes/:code/replace": ["doctor", "rep"],
  "GET /api/v1/reports/clinics": ["rep", "manager", "admin"],
  "GET /api/v1/reports/clinics.csv": ["rep", "manager", "admin"],
  "GET /api/v1/reports/programme": ["manager", "admin"],
  "GET /api/v1/reports/programme.csv": ["manager", "admin"],
  // What the CSV exports' figures mean (disclosure control), served beside them.
  "GET /api/v1/reports/disclosure-note": ["rep", "manager", "admin"],
  "GET /api/v1/programme/settings": ["manager", "admin"],
  "PUT /api/v1/programme/settings": ["admin"],
  // Reminder queue messages given up after their retries (ADR 0016).
  "GET /api/v1/programme/reminder-dead-letters": ["admin"],

  // Care work in the portal (care/routes.ts). Assistants make calls and write notes; only
  // doctors change plans and targets (docs/product.md, Who uses Steady) or close an escalation.
  "GET /api/v1/alerts": CLINICIAN,
  "GET /api/v1/staff": CLINICIAN,
  "GET /api/v1/follow-ups": CLINICIAN,
  "POST /api/v1/follow-ups/:id/resolve": ["doctor"],
  "GET /api/v1/patients/export.csv": CLINICIAN,
  "GET /api/v1/patients/:id/notes": CLINICIAN,
  "POST /api/v1/patients/:id/notes": CLINICIAN,
  "GET /api/v1/patients/:id/follow-ups": CLINICIAN,
  "POST /api/v1/patients/:id/follow-ups": CLINICIAN,
  "POST /api/v1/patients/:id/plans": ["doctor"],
  "PATCH /api/v1/patients/:id/plans/:planId": ["doctor"],
  "DELETE /api/v1/patients/:id/plans/:planId": ["doctor"],
  "PUT /api/v1/patients/:id/targets": ["doctor"],
  "PUT /api/v1/patients/:id/condition": ["doctor"],
  "GET /api/v1/patients/:id/fhir": CLINICIAN,
  "GET /api/v1/patients/:id/reminders": CLINICIAN,

  // Dev mode only (mail/dev-routes.ts answers 404 in production): messages the adapter "sent".
  "GET /api/v1/dev/outbox": ["public"],
  "GET /api/v1/dev/outbox.html": ["public"],
  // Safety reporting (safety/routes.ts, ADR 0010). Anyone who hears of an adverse event can
  // report it; only the safety officer reads cases (every case of the programme, and nothing
  // else of patient records). A rep's reporting is write-only: receipts, never a case.
  "POST /api/v1/me/side-effects": ["patient"],
  "GET /api/v1/me/side-effects": ["patient"],
  "POST /api/v1/me/safety-questions/:id/answer": ["patient"],
  "POST /api/v1/patients/:id/adverse-events": CLINICIAN,
  "GET /api/v1/patients/:id/safety-questions": CLINICIAN,
  "POST /api/v1/patients/:id/safety-questions/:questionId/answer": CLINICIAN,
  "POST /api/v1/safety/reports": ["rep"],
  "GET /api/v1/safety/reports": ["rep"],
  "GET /api/v1/safety/cases": ["safety"],
  "GET /api/v1/safety/cases.csv": ["safety"],
  "GET /api/v1/safety/reminders": ["safety"],
  "GET /api/v1/safety/settings": ["safety", "admin"],
  "PUT /api/v1/safety/settings": ["admin"],
  "GET /api/v1/safety/cases/:id": ["safety"],
  "GET /api/v1/safety/cases/:id/audit": ["safety"],
  "PATCH /api/v1/safety/cases/:id": ["safety"],
  "POST /api/v1/safety/cases/:id/forward": ["safety"],
  "PUT /api/v1/safety/cases/:id/acknowledgement": ["safety"],
  "POST /api/v1/safety/cases/:id/follow-ups": ["safety"],
  "GET /api/v1/safety/cases/:id/e2b.xml": ["safety"],
  "GET /api/v1/safety/cases/:id/fhir": ["safety"],
  "GET /api/v1/reports/safety": ["manager", "admin", "safety"],
  // The month's diary and the monthly self-report (diary/routes.ts, issue 13): the patient's own,
  // and the clinicians of their clinic (scoped and audited by clinicianPatient).
  "GET /api/v1/me/diary": ["patient"],
  "POST /api/v1/me/self-reports": ["patient"],
  "GET /api/v1/me/self-reports": ["patient"],
  "GET /api/v1/patients/:id/diary": CLINICIAN,
  "GET /api/v1/patients/:id/self-reports": CLINICIAN,
};

export const ruleKey = (method: string, path: string) => `${method} ${path}`;

/** Authenticates the caller and checks the route's rule before any handler runs. */
export const enforcePolicy = createMiddleware<AppEnv>(async (c, next) => {
  const endpoint = matchedRoutes(c).findLast((r) => r.method !== "ALL");
  if (!endpoint) return next(); // no route: the app answers 404
  const rule = POLICY[ruleKey(endpoint.method, endpoint.path)];
  if (!rule) return problem(c, 403, "this route has no authorization rule");

  const principal = await authenticate(c);
  c.set("principal", principal);
  if (rule.includes("public")) return next();
  if (!principal) return problem(c, 401, "sign in first");
  if (!rule.includes(principal.role)) return problem(c, 403, `not available to role ${principal.role}`);
  return next();
});
