import type { EducationItem } from "@steady/shared";
import type { Http, HttpMethod } from "../platform/request";
import type {
  AccessLogEntry,
  BpRecord,
  CodePreview,
  EnrolResult,
  FamilyShare,
  FamilyViewData,
  FollowerRow,
  FollowingList,
  GlucoseRecord,
  InviteCreated,
  InvitePreview,
  LoginResult,
  Plan,
  Problem,
  ReminderView,
  Revisit,
  SmsSettings,
  Summary,
  SupplyInfo,
  SyncResult,
  TodaySlot,
} from "./types";

/** The server answered with an error status (RFC 9457 problem body when it has one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
  }
}

const V1 = "/api/v1";

const ifMatch = (version: number | undefined) =>
  version === undefined ? undefined : { "If-Match": `"${version}"` };

/** Calls the Steady API (docs/api.md) with the patient's bearer token. */
export class ApiClient {
  constructor(
    private readonly http: Http,
    private readonly getToken: () => string | undefined,
  ) {}

  /** Public for feature modules that declare their own route types (api/safety.ts). */
  async call<T>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    const res = await this.http(method, `${V1}${path}`, body, this.getToken(), headers);
    if (res.status >= 200 && res.status < 300) return res.body as T;
    const problem = (
      res.body && typeof res.body === "object" ? res.body : { title: String(res.body ?? "") }
    ) as Problem;
    throw new ApiError(res.status, problem);
  }

  login(code: string) {
    return this.call<LoginResult>("POST", "/auth/wechat", { code });
  }
  /** Clinic and doctor behind an enrolment code, shown before consent. */
  previewCode(code: string) {
    return this.call<CodePreview>("GET", `/enrol/${encodeURIComponent(code)}`);
  }
  enrol(body: unknown) {
    return this.call<EnrolResult>("POST", "/enrol", body);
  }
  me() {
    return this.call<Record<string, unknown>>("GET", "/me");
  }
  plans() {
    return this.call<Plan[] | { plans: Plan[] }>("GET", "/me/plans").then((r) =>
      Array.isArray(r) ? r : r.plans,
    );
  }
  createPlan(body: unknown) {
    return this.call<Plan>("POST", "/me/plans", body);
  }
  /** "取了药": idempotent on `body.id` (a retry with the same id adds nothing twice). */
  refill(planId: string, body: { id: string; tablets: number; at?: number }) {
    return this.call<{ id: string; supply: SupplyInfo | null }>(
      "POST",
      `/me/plans/${encodeURIComponent(planId)}/refills`,
      body,
    );
  }
  revisit() {
    return this.call<{ revisit: Revisit | null }>("GET", "/me/revisit");
  }
  saveRevisit(body: { date: string; hospital: string | null; department: string | null }) {
    return this.call<{ revisit: Revisit }>("PUT", "/me/revisit", body);
  }
  /**
   * Edits and stops name the plan version they were based on (If-Match, ADR 0011): when the doctor
   * changed the plan meanwhile the server answers 412 with the current plan and changes nothing.
   */
  patchPlan(id: string, body: unknown, version?: number) {
    return this.call<Plan>("PATCH", `/me/plans/${encodeURIComponent(id)}`, body, ifMatch(version));
  }
  deletePlan(id: string, version?: number) {
    return this.call<Plan>("DELETE", `/me/plans/${encodeURIComponent(id)}`, undefined, ifMatch(version));
  }
  today(date: string) {
    return this.call<{ slots: TodaySlot[] }>("GET", `/me/today?date=${date}`);
  }
  sync(items: unknown[]) {
    return this.call<{ results: SyncResult[] }>("POST", "/me/sync", { items });
  }
  summary(days: number) {
    return this.call<Summary>("GET", `/me/summary?days=${days}`);
  }
  /** This week's education tip of the patient's programme (what the weekly reminder sends). */
  tip() {
    return this.call<{ tip: EducationItem | null }>("GET", "/me/tip").then((r) => r.tip);
  }
  readings(kind: "bp", from: number, to: number): Promise<BpRecord[]>;
  readings(kind: "glucose", from: number, to: number): Promise<GlucoseRecord[]>;
  readings(kind: "bp" | "glucose", from: number, to: number) {
    return this.call<unknown[] | { readings: unknown[] }>(
      "GET",
      `/me/readings?kind=${kind}&from=${from}&to=${to}`,
    ).then((r) => (Array.isArray(r) ? r : r.readings));
  }
  /** Who read or changed the patient's record, newest first (PIPL art. 45). */
  accessLog() {
    return this.call<{ entries: AccessLogEntry[] }>("GET", "/me/access-log").then((r) => r.entries);
  }
  exportAll() {
    return this.call<Record<string, unknown>>("GET", "/me/export");
  }
  deleteMe() {
    return this.call<unknown>("DELETE", "/me");
  }

  // --- reminders and SMS ---------------------------------------------------------------
  reminders() {
    return this.call<ReminderView>("GET", "/me/reminders");
  }
  /** Change any reminder setting; answers the whole reminder view. */
  patchReminders(body: Partial<import("./types").ReminderSettings>, version: number) {
    return this.call<ReminderView>("PATCH", "/me/reminders", body, ifMatch(version));
  }
  /** One result of wx.requestSubscribeMessage for one template (the id makes a retry count once). */
  reportSubscription(body: { id: string; templateId: string; result: string }) {
    return this.call<unknown>("POST", "/me/subscriptions", body);
  }
  sms() {
    return this.call<SmsSettings>("GET", "/me/sms");
  }
  saveSms(body: { phone: string; consent: { version: string; accepted: boolean } }) {
    return this.call<SmsSettings>("PUT", "/me/sms", body);
  }
  forgetSms() {
    return this.call<SmsSettings>("DELETE", "/me/sms");
  }

  // --- family follow -------------------------------------------------------------------
  createInvite(body: {
    id: string;
    share: FamilyShare;
    notices: boolean;
    consent: { version: string; accepted: true };
  }) {
    return this.call<InviteCreated>("POST", "/family/invites", body);
  }
  followers() {
    return this.call<{ followers: FollowerRow[] }>("GET", "/family/followers").then((r) => r.followers);
  }
  updateFollower(id: string, body: { share?: Partial<FamilyShare>; notices?: boolean }) {
    return this.call<FollowerRow>("PATCH", `/family/followers/${encodeURIComponent(id)}`, body);
  }
  revokeFollower(id: string) {
    return this.call<unknown>("DELETE", `/family/followers/${encodeURIComponent(id)}`);
  }
  previewInvite(code: string) {
    return this.call<InvitePreview>("GET", `/family/invites/${encodeURIComponent(code)}`);
  }
  acceptInvite(code: string, label?: string) {
    return this.call<{ id: string }>(
      "POST",
      `/family/invites/${encodeURIComponent(code)}/accept`,
      label ? { label } : {},
    );
  }
  following() {
    return this.call<FollowingList>("GET", "/family/following");
  }
  familyView(id: string) {
    return this.call<FamilyViewData>("GET", `/family/following/${encodeURIComponent(id)}`);
  }
  stopFollowing(id: string) {
    return this.call<unknown>("DELETE", `/family/following/${encodeURIComponent(id)}`);
  }
  reportFamilySubscription(body: { id: string; templateId: string; result: string }) {
    return this.call<unknown>("POST", "/family/subscriptions", body);
  }
}
