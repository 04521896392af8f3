// The mini-program's calls to the API (docs/api.md), through the same typed client as the portal
// (@steady/api-client: Hono's hc over the worker's AppType). Bodies and answers are the server's
// own types, so a route or a shape changed in the worker fails `pnpm typecheck` here. The
// transport is the platform's (platform/request.ts): fetch over wx.request in WeChat, fetch on H5.
import { type Api, createApi, type Fetch, ifMatch, json } from "@steady/api-client";
import type { InferRequestType } from "hono/client";

export { ApiError, NetworkError } from "@steady/api-client";

type V1 = Api;
/** The JSON body a route accepts, as the server validates it. */
// biome-ignore lint/suspicious/noExplicitAny: InferRequestType's own constraint
type Body<R extends (...args: any[]) => any> = InferRequestType<R> extends { json: infer J } ? J : never;

/** Calls the Steady API with the patient's bearer token. */
export class ApiClient {
  readonly v1: V1;

  constructor(fetch: Fetch, getToken: () => string | undefined, origin: string) {
    this.v1 = createApi(origin, {
      fetch,
      headers: (): Record<string, string> => {
        const token = getToken();
        return token
          ? { Accept: "application/json", Authorization: `Bearer ${token}` }
          : { Accept: "application/json" };
      },
    });
  }

  login(code: string) {
    return json(this.v1.auth.wechat.$post({ json: { code } }));
  }
  /** Clinic and doctor behind an enrolment code, shown before consent. */
  previewCode(code: string) {
    return json(this.v1.enrol[":code"].$get({ param: { code } }));
  }
  enrol(body: Body<V1["enrol"]["$post"]>) {
    return json(this.v1.enrol.$post({ json: body }));
  }
  me() {
    return json(this.v1.me.$get());
  }
  plans() {
    return json(this.v1.me.plans.$get()).then((r) => r.plans);
  }
  createPlan(body: Body<V1["me"]["plans"]["$post"]>) {
    return json(this.v1.me.plans.$post({ json: body }));
  }
  /** "取了药": idempotent on `body.id` (a retry with the same id adds nothing twice). */
  refill(planId: string, body: Body<V1["me"]["plans"][":id"]["refills"]["$post"]>) {
    return json(this.v1.me.plans[":id"].refills.$post({ param: { id: planId }, json: body }));
  }
  revisit() {
    return json(this.v1.me.revisit.$get());
  }
  saveRevisit(body: Body<V1["me"]["revisit"]["$put"]>) {
    return json(this.v1.me.revisit.$put({ json: body }));
  }
  /**
   * Edits and stops name the plan version they were based on (If-Match, ADR 0011): when the doctor
   * changed the plan meanwhile the server answers 412 with the current plan and changes nothing.
   */
  patchPlan(id: string, body: Body<V1["me"]["plans"][":id"]["$patch"]>, version?: number) {
    return json(
      this.v1.me.plans[":id"].$patch(
        { param: { id }, json: body },
        version === undefined ? {} : ifMatch(version),
      ),
    );
  }
  deletePlan(id: string, version?: number) {
    return json(
      this.v1.me.plans[":id"].$delete({ param: { id } }, version === undefined ? {} : ifMatch(version)),
    );
  }
  today(date: string) {
    return json(this.v1.me.today.$get({ query: { date } }));
  }
  sync(items: Body<V1["me"]["sync"]["$post"]>["items"]) {
    return json(this.v1.me.sync.$post({ json: { items } }));
  }
  summary(days: number) {
    return json(this.v1.me.summary.$get({ query: { days: String(days) } }));
  }
  /** This week's education tip of the patient's programme (what the weekly reminder sends). */
  tip() {
    return json(this.v1.me.tip.$get()).then((r) => r.tip);
  }
  private readings(kind: "bp" | "glucose", from: number, to: number) {
    return json(this.v1.me.readings.$get({ query: { kind, from: String(from), to: String(to) } })).then(
      (r) => r.readings,
    );
  }
  // The route answers blood pressure or glucose by `kind`; its type is the union of both lists.
  bpReadings(from: number, to: number) {
    type Bp = Extract<Awaited<ReturnType<ApiClient["readings"]>>, { systolic: number }[]>;
    return this.readings("bp", from, to) as Promise<Bp>;
  }
  glucoseReadings(from: number, to: number) {
    type Glucose = Extract<Awaited<ReturnType<ApiClient["readings"]>>, { value: number }[]>;
    return this.readings("glucose", from, to) as Promise<Glucose>;
  }
  /** Who read or changed the patient's record, newest first (PIPL art. 45). */
  accessLog() {
    return json(this.v1.me["access-log"].$get()).then((r) => r.entries);
  }
  exportAll() {
    return json(this.v1.me.export.$get());
  }
  deleteMe() {
    return json(this.v1.me.$delete());
  }

  // --- diary and the monthly self-report ---------------------------------------------------
  diary(month?: string) {
    return json(this.v1.me.diary.$get({ query: month ? { month } : {} }));
  }
  selfReports() {
    return json(this.v1.me["self-reports"].$get()).then((r) => r.reports);
  }
  submitSelfReport(body: Body<V1["me"]["self-reports"]["$post"]>) {
    return json(this.v1.me["self-reports"].$post({ json: body }));
  }

  // --- safety reporting (docs/api.md, Safety reporting) ---------------------------------------
  reportSideEffect(body: Body<V1["me"]["side-effects"]["$post"]>) {
    return json(this.v1.me["side-effects"].$post({ json: body }));
  }
  sideEffects() {
    return json(this.v1.me["side-effects"].$get()).then((r) => r.reports);
  }
  /** The patient's answer to a question from the safety team (the same answer again is a replay). */
  answerQuestion(questionId: string, answer: string) {
    return json(
      this.v1.me["safety-questions"][":id"].answer.$post({ param: { id: questionId }, json: { answer } }),
    );
  }

  // --- reminders and SMS ---------------------------------------------------------------
  reminders() {
    return json(this.v1.me.reminders.$get());
  }
  /** Change any reminder setting; answers the whole reminder view. */
  patchReminders(body: Body<V1["me"]["reminders"]["$patch"]>, version: number) {
    return json(this.v1.me.reminders.$patch({ json: body }, ifMatch(version)));
  }
  /** One result of wx.requestSubscribeMessage for one template (the id makes a retry count once). */
  reportSubscription(body: Body<V1["me"]["subscriptions"]["$post"]>) {
    return json(this.v1.me.subscriptions.$post({ json: body }));
  }
  sms() {
    return json(this.v1.me.sms.$get());
  }
  saveSms(body: Body<V1["me"]["sms"]["$put"]>) {
    return json(this.v1.me.sms.$put({ json: body }));
  }
  forgetSms() {
    return json(this.v1.me.sms.$delete());
  }

  // --- family follow -------------------------------------------------------------------
  createInvite(body: Body<V1["family"]["invites"]["$post"]>) {
    return json(this.v1.family.invites.$post({ json: body }));
  }
  followers() {
    return json(this.v1.family.followers.$get()).then((r) => r.followers);
  }
  updateFollower(id: string, body: Body<V1["family"]["followers"][":id"]["$patch"]>) {
    return json(this.v1.family.followers[":id"].$patch({ param: { id }, json: body }));
  }
  revokeFollower(id: string) {
    return json(this.v1.family.followers[":id"].$delete({ param: { id } }));
  }
  previewInvite(code: string) {
    return json(this.v1.family.invites[":code"].$get({ param: { code } }));
  }
  acceptInvite(code: string, label?: string) {
    return json(
      this.v1.family.invites[":code"].accept.$post({ param: { code }, json: label ? { label } : {} }),
    );
  }
  following() {
    return json(this.v1.family.following.$get());
  }
  familyView(id: string) {
    return json(this.v1.family.following[":id"].$get({ param: { id } }));
  }
  stopFollowing(id: string) {
    return json(this.v1.family.following[":id"].$delete({ param: { id } }));
  }
  reportFamilySubscription(body: Body<V1["family"]["subscriptions"]["$post"]>) {
    return json(this.v1.family.subscriptions.$post({ json: body }));
  }
}
