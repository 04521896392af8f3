// Compile-time check that the calls in client.ts match the API's routes (the worker's AppType,
// imported as a type only, so no server code reaches the bundle). A route renamed or a body
// field changed in the worker fails `pnpm typecheck` here.
import type { AppType } from "@steady/worker";
import type { hc, InferResponseType } from "hono/client";

type Api = ReturnType<typeof hc<AppType>>;
type V1 = Api["api"]["v1"];

/** Each path the mini-program calls, as the typed client spells it. */
export type UsedRoutes = [
  V1["auth"]["wechat"]["$post"],
  V1["enrol"][":code"]["$get"],
  V1["enrol"]["$post"],
  V1["me"]["$get"],
  V1["me"]["plans"]["$get"],
  V1["me"]["plans"]["$post"],
  V1["me"]["plans"][":id"]["$patch"],
  V1["me"]["plans"][":id"]["$delete"],
  V1["me"]["plans"][":id"]["refills"]["$post"],
  V1["me"]["revisit"]["$get"],
  V1["me"]["revisit"]["$put"],
  V1["me"]["today"]["$get"],
  V1["me"]["sync"]["$post"],
  V1["me"]["summary"]["$get"],
  V1["me"]["tip"]["$get"],
  V1["me"]["readings"]["$get"],
  V1["me"]["export"]["$get"],
  V1["me"]["access-log"]["$get"],
  V1["me"]["$delete"],
  V1["me"]["reminders"]["$get"],
  V1["me"]["reminders"]["$patch"],
  V1["me"]["subscriptions"]["$post"],
  V1["me"]["sms"]["$get"],
  V1["me"]["sms"]["$put"],
  V1["me"]["sms"]["$delete"],
  V1["family"]["invites"]["$post"],
  V1["family"]["followers"]["$get"],
  V1["family"]["followers"][":id"]["$patch"],
  V1["family"]["followers"][":id"]["$delete"],
  V1["family"]["invites"][":code"]["$get"],
  V1["family"]["invites"][":code"]["accept"]["$post"],
  V1["family"]["following"]["$get"],
  V1["family"]["following"][":id"]["$get"],
  V1["family"]["following"][":id"]["$delete"],
  V1["family"]["subscriptions"]["$post"],
  V1["me"]["side-effects"]["$post"],
  V1["me"]["side-effects"]["$get"],
  V1["me"]["safety-questions"][":id"]["answer"]["$post"],
];

// The response shapes client.ts promises (types.ts) must be what the server actually returns.
// Exclude<…, string>: the worker's problem+json helper is typed as a text body of any status,
// so it appears in every status's union; the JSON success bodies are what we compare.
// biome-ignore lint/suspicious/noExplicitAny: InferResponseType's own constraint
type Ok<R extends (...args: any[]) => any> = Exclude<InferResponseType<R, 200 | 201>, string>;
type Assert<T extends true> = T;
/** True when the server's type is assignable to the client's, and not vacuously (never). */
type Fits<Server, Client> = [Server] extends [never] ? false : [Server] extends [Client] ? true : false;

export type ResponseChecks = [
  Assert<Fits<Ok<V1["auth"]["wechat"]["$post"]>, import("./types").LoginResult>>,
  Assert<Fits<Ok<V1["enrol"][":code"]["$get"]>, import("./types").CodePreview>>,
  Assert<Fits<Ok<V1["enrol"]["$post"]>, import("./types").EnrolResult>>,
  Assert<Fits<Ok<V1["me"]["today"]["$get"]>, { slots: import("./types").TodaySlot[] }>>,
  Assert<Fits<Ok<V1["me"]["sync"]["$post"]>, { results: import("./types").SyncResult[] }>>,
  Assert<Fits<Ok<V1["me"]["readings"]["$get"]>, { readings: unknown[] }>>,
  Assert<Fits<Ok<V1["me"]["reminders"]["$get"]>, import("./types").ReminderView>>,
  Assert<Fits<Ok<V1["me"]["reminders"]["$patch"]>, import("./types").ReminderView>>,
  Assert<Fits<Ok<V1["me"]["sms"]["$get"]>, import("./types").SmsSettings>>,
  Assert<Fits<Ok<V1["family"]["invites"]["$post"]>, import("./types").InviteCreated>>,
  Assert<Fits<Ok<V1["family"]["followers"]["$get"]>, { followers: import("./types").FollowerRow[] }>>,
  Assert<Fits<Ok<V1["family"]["invites"][":code"]["$get"]>, import("./types").InvitePreview>>,
  Assert<Fits<Ok<V1["family"]["following"]["$get"]>, import("./types").FollowingList>>,
  Assert<Fits<Ok<V1["family"]["following"][":id"]["$get"]>, import("./types").FamilyViewData>>,
  Assert<Fits<Ok<V1["me"]["side-effects"]["$post"]>, import("./safety").SideEffectReceipt>>,
  Assert<Fits<Ok<V1["me"]["side-effects"]["$get"]>, { reports: import("./safety").MySideEffect[] }>>,
  Assert<Fits<Ok<V1["me"]["safety-questions"][":id"]["answer"]["$post"]>, import("./safety").SafetyQuestion>>,
];
