// Names for the API's answers the pages pass around. Each is the server's own type (inferred by
// the typed client from the worker's routes, api/client.ts), never written by hand here: when
// the server changes a shape, the pages that read it stop compiling.
import type { ApiClient } from "./client";

type Answer<K extends keyof ApiClient> = ApiClient[K] extends (...args: never[]) => Promise<infer R>
  ? R
  : never;

export type LoginResult = Answer<"login">;
export type CodePreview = Answer<"previewCode">;
export type EnrolResult = Answer<"enrol">;
export type Plan = Answer<"plans">[number];
export type SupplyInfo = NonNullable<Plan["supply"]>;
export type Revisit = NonNullable<Answer<"revisit">["revisit"]>;
export type TodaySlot = Answer<"today">["slots"][number];
export type SyncResult = Answer<"sync">["results"][number];
export type SyncStatus = "created" | "duplicate" | "conflict" | "rejected";
export type Summary = Answer<"summary">;
export type BpRecord = Answer<"bpReadings">[number];
export type GlucoseRecord = Answer<"glucoseReadings">[number];
export type Diary = Answer<"diary">;
export type DiaryDay = Diary["days"][number];
export type SelfReport = Answer<"selfReports">[number];
export type SideEffectReceipt = Answer<"reportSideEffect">;
export type MySideEffect = Answer<"sideEffects">[number];
export type SafetyQuestion = Answer<"answerQuestion">;
export type AccessLogEntry = Answer<"accessLog">[number];
export type ReminderView = Answer<"reminders">;
export type ReminderSettings = NonNullable<ReminderView["settings"]>;
export type QuotaView = ReminderView["quota"][number];
export type SmsSettings = Answer<"sms">;
export type FollowerRow = Answer<"followers">[number];
export type FamilyShare = FollowerRow["share"];
export type InviteCreated = Answer<"createInvite">;
export type InvitePreview = Answer<"previewInvite">;
export type FollowingList = Answer<"following">;
export type FamilyViewData = Answer<"familyView">;
