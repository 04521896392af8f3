// Tables of the channels beyond WeChat (docs/product.md) and of family follow (亲情关注): the
// phone number and consent for SMS, which channel each reminder took and why, whether a patient
// can be reached at all, the family links the patient granted, and the notices sent to followers.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { patients } from "../db/schema";
import { reminderSends } from "../reminders/schema";

const ms = (name: string) => integer(name);
const flag = (name: string) => integer(name, { mode: "boolean" });

export const CHANNELS = ["wechat", "sms", "console", "none"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * What the WeChat channel could do for one message: quota (a one-time acceptance was reserved),
 * no_quota (none left), no_openid, refused (WeChat answered 43101), failed (WeChat rejected it).
 */
export const WECHAT_STATES = ["quota", "no_quota", "no_openid", "refused", "failed", "off"] as const;
export type WechatState = (typeof WECHAT_STATES)[number];

/**
 * What the SMS channel could do: sent, not_needed (WeChat carried it), no_phone, no_consent,
 * unavailable (not configured, or no approved template for this message), not_for_tips (weekly
 * tips never go by SMS), failed (Tencent refused it; providerCode says why).
 */
export const SMS_STATES = [
  "sent",
  "not_needed",
  "no_phone",
  "no_consent",
  "unavailable",
  "not_for_tips",
  "failed",
] as const;
export type SmsState = (typeof SMS_STATES)[number];

/** A patient's (or follower's) phone number for SMS and their consent to get SMS. */
export const smsContacts = sqliteTable("sms_contacts", {
  patientId: text("patient_id")
    .primaryKey()
    .references(() => patients.id, { onDelete: "cascade" }),
  /** E.164, "+8613812345678". */
  phone: text("phone").notNull(),
  consent: flag("consent").notNull(),
  consentVersion: text("consent_version"),
  consentedAt: ms("consented_at"),
  withdrawnAt: ms("withdrawn_at"),
  updatedAt: ms("updated_at").notNull(),
});

/** The channel each reminder took, why, and what the provider answered (one row per send). */
export const reminderChannels = sqliteTable(
  "reminder_channels",
  {
    sendId: integer("send_id")
      .primaryKey()
      .references(() => reminderSends.id, { onDelete: "cascade" }),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    wechat: text("wechat", { enum: WECHAT_STATES }).notNull(),
    sms: text("sms", { enum: SMS_STATES }).notNull(),
    /** Tencent's code ("Ok", "LimitExceeded.PhoneNumberDailyLimit"…) or WeChat's errcode. */
    providerCode: text("provider_code"),
    /** Tencent's SerialNo. */
    providerRef: text("provider_ref"),
    at: ms("at").notNull(),
  },
  (t) => [index("reminder_channels_patient").on(t.patientId, t.at)],
);

/**
 * Whether the last dose reminder reached the patient, and since when that has been so: the
 * doctor's triage shows "unreachable" with the reason (unreachable.ts).
 */
export const reminderReach = sqliteTable("reminder_reach", {
  patientId: text("patient_id")
    .primaryKey()
    .references(() => patients.id, { onDelete: "cascade" }),
  reachable: flag("reachable").notNull(),
  channel: text("channel", { enum: CHANNELS }).notNull(),
  wechat: text("wechat", { enum: WECHAT_STATES }).notNull(),
  sms: text("sms", { enum: SMS_STATES }).notNull(),
  /** When the patient last became reachable or unreachable. */
  since: ms("since").notNull(),
  at: ms("at").notNull(),
});

/**
 * A family member the patient invited (亲情关注). Created with an invite code; the follower (their
 * own WeChat, so their own patients row) accepts it. View-only, per data type, revocable at once.
 */
export const familyLinks = sqliteTable(
  "family_links",
  {
    /** Client-generated UUID (idempotent create). */
    id: text("id").primaryKey(),
    patientId: text("patient_id")
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    followerId: text("follower_id").references(() => patients.id, { onDelete: "cascade" }),
    inviteCode: text("invite_code").notNull().unique(),
    inviteExpiresAt: ms("invite_expires_at").notNull(),
    shareDoses: flag("share_doses").notNull(),
    shareBp: flag("share_bp").notNull(),
    shareGlucose: flag("share_glucose").notNull(),
    /** Missed-dose and urgent-reading notices (for the data types shared). */
    notices: flag("notices").notNull(),
    /** The patient's separate consent to this sharing (PIPL art. 23, 29). */
    consentVersion: text("consent_version").notNull(),
    consentedAt: ms("consented_at").notNull(),
    /** Who the follower is, in their words ("女儿 小丽"), shown to the patient. */
    label: text("label"),
    createdAt: ms("created_at").notNull(),
    acceptedAt: ms("accepted_at"),
    revokedAt: ms("revoked_at"),
    revokedBy: text("revoked_by", { enum: ["patient", "follower"] }),
    updatedAt: ms("updated_at").notNull(),
    requestJson: text("request_json").notNull(),
  },
  (t) => [index("family_links_patient").on(t.patientId), index("family_links_follower").on(t.followerId)],
);

export const FAMILY_NOTICE_KINDS = ["missed_dose", "urgent_reading"] as const;
export type FamilyNoticeKind = (typeof FAMILY_NOTICE_KINDS)[number];

/** Notices to followers: claimed on (link, kind, event) before sending, so never sent twice. */
export const familyNotices = sqliteTable(
  "family_notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    linkId: text("link_id")
      .notNull()
      .references(() => familyLinks.id, { onDelete: "cascade" }),
    followerId: text("follower_id").notNull(),
    patientId: text("patient_id").notNull(),
    kind: text("kind", { enum: FAMILY_NOTICE_KINDS }).notNull(),
    /** `planId@scheduledAt` for a missed dose, the alert id for an urgent reading. */
    eventKey: text("event_key").notNull(),
    eventAt: ms("event_at").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    wechat: text("wechat", { enum: WECHAT_STATES }).notNull(),
    sms: text("sms", { enum: SMS_STATES }).notNull(),
    status: text("status", { enum: ["sending", "sent", "failed", "unreachable"] }).notNull(),
    providerCode: text("provider_code"),
    error: text("error"),
    claimedAt: ms("claimed_at").notNull(),
    sentAt: ms("sent_at"),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("family_notices_event").on(t.linkId, t.kind, t.eventKey),
    index("family_notices_follower").on(t.followerId, t.claimedAt),
  ],
);

/** The WeChat subscribe-message template for notices to followers (from the environment). */
export const noticeTemplates = sqliteTable("notice_templates", {
  purpose: text("purpose", { enum: ["family"] }).primaryKey(),
  templateId: text("template_id").notNull(),
  longTerm: flag("long_term").notNull().default(false),
  fields: text("fields", { mode: "json" }).$type<Record<string, string>>().notNull(),
  page: text("page").notNull(),
  updatedAt: ms("updated_at").notNull(),
});
