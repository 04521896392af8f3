// Requests of family follow (亲情关注, docs/product.md) and of the SMS channel. The sharing and
// the SMS each need the patient's own, separate consent (PIPL art. 23 and 29): a consent object
// that must say `accepted: true`, with the version of the text the patient read.
import * as z from "zod/mini";
import { CODE_ALPHABET } from "./random-code";
import { clientId } from "./schemas";

/** Versions of the consent texts the mini-program shows (the server stores what was agreed to). */
export const FAMILY_CONSENT_VERSION = "family-2026-01";
export const SMS_CONSENT_VERSION = "sms-2026-01";

/** Invite codes: 8 characters without look-alikes (no 0/O, 1/I/L). */
export const INVITE_CODE_ALPHABET = CODE_ALPHABET;
export const INVITE_CODE = /^[2-9A-HJKMNP-Z]{8}$/;

/** The data types a patient may share: today's doses, blood pressure, blood glucose. */
export const FAMILY_SHARES = ["doses", "bp", "glucose"] as const;
export type FamilyShare = (typeof FAMILY_SHARES)[number];

const consentObject = z.object({
  version: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(32)),
  accepted: z.literal(true, "consent must be accepted explicitly"),
});

const shareObject = z.object({ doses: z.boolean(), bp: z.boolean(), glucose: z.boolean() });

export const familyInviteBody = z.object({
  id: clientId,
  share: shareObject.check(
    z.refine((s) => s.doses || s.bp || s.glucose, { message: "share at least one kind of data", path: [] }),
  ),
  /** Missed-dose and urgent-reading notices, for the kinds shared. */
  notices: z.boolean(),
  consent: consentObject,
});

export const familySharePatch = z
  .object({
    share: z.optional(z.partial(shareObject)),
    notices: z.optional(z.boolean()),
  })
  .check(
    z.refine((b) => b.share !== undefined || b.notices !== undefined, {
      message: "change at least one setting",
      path: [],
    }),
  );

export const familyAcceptBody = z.object({
  /** Who the follower is, shown to the patient ("女儿 小丽"). */
  label: z.optional(z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(20))),
});

export const inviteCodeParam = z.object({
  code: z.string().check(z.regex(INVITE_CODE, "expected an 8-character invite code")),
});

/** The follower's WeChat acceptance of the family-notice template (as /me/subscriptions). */
export const familySubscriptionBody = z.object({
  id: z.optional(clientId),
  templateId: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(128)),
  result: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(32)),
});

/** SMS reminders: a mainland mobile number and the consent (accepted false withdraws it). */
export const smsContactBody = z.object({
  phone: z.string().check(z.regex(/^1[3-9]\d{9}$/, "expected an 11-digit mainland mobile number")),
  consent: z.object({
    version: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(32)),
    accepted: z.boolean(),
  }),
});

export type FamilyInviteBody = z.infer<typeof familyInviteBody>;
export type FamilySharePatch = z.infer<typeof familySharePatch>;
export type SmsContactBody = z.infer<typeof smsContactBody>;
