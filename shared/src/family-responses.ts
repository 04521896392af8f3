// Response schemas of family follow (亲情关注): the patient's list of followers and invitations,
// the follower's list and view. Same rules as response-schemas.ts.
import * as z from "zod/mini";
import { calendarDayResponse } from "./patient-responses";
import { bpPair, date, iso, isoOrNull, ratio } from "./response-parts";
import { bpReadingResponse, glucoseReadingResponse, type Known, slotResponse } from "./response-schemas";

const shares = z.looseObject({ doses: z.boolean(), bp: z.boolean(), glucose: z.boolean() });

/** The patient's view of one link; `code` and `expiresAt` only while it can be accepted. */
export const followerResponse = z.looseObject({
  id: z.string(),
  status: z.enum(["pending", "active", "expired", "revoked"]),
  label: z.nullable(z.string()),
  share: shares,
  notices: z.boolean(),
  createdAt: iso,
  acceptedAt: isoOrNull,
  revokedAt: isoOrNull,
  code: z.optional(z.string()),
  expiresAt: z.optional(iso),
});
export type FollowerResponse = Known<z.output<typeof followerResponse>>;

/** A new invitation: the link and the mini-program path its share card opens. */
export const familyInviteResponse = z.extend(followerResponse, { path: z.string() });
export type FamilyInviteResponse = Known<z.output<typeof familyInviteResponse>>;

export const followersResponse = z.looseObject({ followers: z.array(followerResponse) });
export type FollowersResponse = Known<z.output<typeof followersResponse>>;

/** A link ended by either side. */
export const familyRevokeResponse = z.looseObject({ id: z.string(), revokedAt: iso });
export type FamilyRevokeResponse = Known<z.output<typeof familyRevokeResponse>>;

/** What the holder of an invite code is about to accept (the name masked: 王**). */
export const familyInvitePreviewResponse = z.looseObject({
  patient: z.looseObject({ name: z.string() }),
  share: shares,
  notices: z.boolean(),
  expiresAt: iso,
  own: z.boolean(),
});
export type FamilyInvitePreviewResponse = Known<z.output<typeof familyInvitePreviewResponse>>;

export const familyAcceptResponse = z.looseObject({ id: z.string() });
export type FamilyAcceptResponse = Known<z.output<typeof familyAcceptResponse>>;

export const followingResponse = z.looseObject({
  following: z.array(
    z.looseObject({
      id: z.string(),
      patient: z.looseObject({ name: z.string() }),
      share: shares,
      notices: z.boolean(),
      acceptedAt: isoOrNull,
    }),
  ),
  /** The follower's WeChat notices: the template to ask for and how many are left (null: not set up). */
  notices: z.nullable(
    z.looseObject({
      templateId: z.string(),
      remaining: z.nullable(z.number()),
      longTerm: z.boolean(),
      page: z.string(),
    }),
  ),
});
export type FollowingResponse = Known<z.output<typeof followingResponse>>;

/** The follower's view of one patient: only the kinds of data the patient shares. */
export const familyViewResponse = z.looseObject({
  id: z.string(),
  patient: z.looseObject({ name: z.string() }),
  share: shares,
  notices: z.boolean(),
  date,
  timezone: z.string(),
  doses: z.optional(
    z.looseObject({
      today: z.array(slotResponse),
      week: z.looseObject({
        doseAdherence: ratio,
        dosesTaken: z.number(),
        dosesDue: z.number(),
        calendar: z.array(calendarDayResponse),
      }),
    }),
  ),
  bp: z.optional(z.looseObject({ readings: z.array(bpReadingResponse), target: bpPair })),
  glucose: z.optional(z.looseObject({ readings: z.array(glucoseReadingResponse) })),
});
export type FamilyViewResponse = Known<z.output<typeof familyViewResponse>>;
