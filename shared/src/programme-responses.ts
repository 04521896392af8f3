// Response schemas of the programme pages (reps, managers, admins): clinics, staff invitations,
// enrolment codes and posters, the programme report under disclosure control (ADR 0013), and
// the reminder dead letters (ADR 0016). Same rules as response-schemas.ts.
import * as z from "zod/mini";
import { programmeTargets } from "./programme-schemas";
import { date, disclosed, iso, isoOrNull, ROLES, ratio } from "./response-parts";
import type { Known } from "./response-schemas";

export const INVITE_STATUSES = ["pending_approval", "pending", "accepted", "replaced", "expired"] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];

/** A clinic as the list shows it: its profile, stage and team as counts. */
export const clinicSummaryResponse = z.looseObject({
  id: z.string(),
  name: z.string(),
  hospital: z.nullable(z.string()),
  department: z.nullable(z.string()),
  city: z.string(),
  level: z.string(),
  region: z.string(),
  createdAt: iso,
  stage: z.string(),
  doctors: z.number(),
  assistants: z.number(),
  pendingInvites: z.number(),
  agreement: z.nullable(z.looseObject({ signedOn: date, documentRef: z.string() })),
});
export type ClinicSummaryResponse = Known<z.output<typeof clinicSummaryResponse>>;

export const clinicListResponse = z.array(clinicSummaryResponse);
export type ClinicListResponse = Known<z.output<typeof clinicListResponse>>;

export const agreementResponse = z.looseObject({
  id: z.string(),
  signedOn: date,
  documentRef: z.string(),
  recordedAt: iso,
});
export type AgreementResponse = Known<z.output<typeof agreementResponse>>;

/** One clinic in full; a rep gets no names or emails (members empty, invitees null). */
export const clinicDetailResponse = z.extend(clinicSummaryResponse, {
  members: z.array(z.looseObject({ id: z.string(), name: z.string(), email: z.string(), role: z.string() })),
  invites: z.array(
    z.looseObject({
      id: z.string(),
      email: z.nullable(z.string()),
      name: z.nullable(z.string()),
      role: z.string(),
      status: z.enum(INVITE_STATUSES),
      createdAt: iso,
      expiresAt: iso,
    }),
  ),
  agreements: z.array(agreementResponse),
  codes: z.array(
    z.looseObject({
      code: z.string(),
      doctorId: z.string(),
      doctorName: z.string(),
      createdAt: iso,
      revokedAt: isoOrNull,
      reason: z.nullable(z.string()),
      replacedBy: z.nullable(z.string()),
    }),
  ),
});
export type ClinicDetailResponse = Known<z.output<typeof clinicDetailResponse>>;

/** What anyone may see of a staff invitation: never its token or link. */
export const inviteResponse = z.looseObject({
  id: z.string(),
  clinicId: z.string(),
  email: z.string(),
  name: z.nullable(z.string()),
  role: z.string(),
  status: z.enum(INVITE_STATUSES),
  createdAt: iso,
  expiresAt: iso,
  approvedAt: isoOrNull,
});
export type InviteResponse = Known<z.output<typeof inviteResponse>>;

/** A new invitation: whether it waits for approval (a rep's) or was sent. */
export const inviteCreatedResponse = z.looseObject({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.enum(INVITE_STATUSES),
  expiresAt: iso,
});
export type InviteCreatedResponse = Known<z.output<typeof inviteCreatedResponse>>;

const invitedBy = z.looseObject({ name: z.string(), role: z.enum(ROLES) });

export const clinicInvitesResponse = z.looseObject({
  invites: z.array(z.extend(inviteResponse, { invitedBy })),
});
export type ClinicInvitesResponse = Known<z.output<typeof clinicInvitesResponse>>;

export const inviteApprovalsResponse = z.looseObject({
  invites: z.array(z.extend(inviteResponse, { clinicName: z.string(), invitedBy })),
});
export type InviteApprovalsResponse = Known<z.output<typeof inviteApprovalsResponse>>;

/** GET /invites/:token: what the invitee is about to accept. */
export const invitePreviewResponse = z.looseObject({
  clinic: z.looseObject({ name: z.string() }),
  email: z.string(),
  name: z.nullable(z.string()),
  role: z.string(),
  expiresAt: iso,
});
export type InvitePreviewResponse = Known<z.output<typeof invitePreviewResponse>>;

/** The new account, and a doctor's first enrolment code (null for an assistant). */
export const inviteAcceptedResponse = z.looseObject({
  user: z.looseObject({ id: z.string(), email: z.string(), role: z.string(), name: z.string() }),
  clinic: z.looseObject({ name: z.string() }),
  code: z.nullable(z.string()),
});
export type InviteAcceptedResponse = Known<z.output<typeof inviteAcceptedResponse>>;

export const newCodeResponse = z.looseObject({
  code: z.string(),
  clinicId: z.string(),
  doctorName: z.string(),
});
export type NewCodeResponse = Known<z.output<typeof newCodeResponse>>;

/** What the printable poster of a code shows (the QR image is at `qr`). */
export const posterResponse = z.looseObject({
  code: z.string(),
  scene: z.string(),
  qr: z.string(),
  clinic: z.looseObject({ id: z.string(), name: z.string(), city: z.string() }),
  doctor: z.looseObject({ name: z.string() }),
  programme: z.looseObject({ name: z.string(), condition: z.nullable(z.string()) }),
  revoked: z.boolean(),
  replacedBy: z.nullable(z.string()),
});
export type PosterResponse = Known<z.output<typeof posterResponse>>;

export const codeRevokedResponse = z.looseObject({ code: z.string(), revoked: z.literal(true) });
export type CodeRevokedResponse = Known<z.output<typeof codeRevokedResponse>>;

export const codeReplacedResponse = z.looseObject({ code: z.string(), replaced: z.string() });
export type CodeReplacedResponse = Known<z.output<typeof codeReplacedResponse>>;

/** The outcome cells of a programme, region or clinic: counts disclosed, rates of them. */
const outcomeCells = {
  enrolled: disclosed,
  active7d: disclosed,
  eligible90d: disclosed,
  adherent90d: disclosed,
  adherence90d: ratio,
  bpAssessed7d: disclosed,
  bpControlled7d: disclosed,
  bpControlRate: ratio,
  supplyAssessed90d: disclosed,
  supplyAdherent90d: disclosed,
  supplyAdherence90d: ratio,
  refillsDue90d: disclosed,
  refillsOnTime90d: disclosed,
  refillOnTimeRate: ratio,
};

export const programmeReportResponse = z.looseObject({
  programme: z.looseObject({ id: z.string(), name: z.string(), targets: programmeTargets }),
  dataThrough: date,
  pending: z.number(),
  totals: z.looseObject(outcomeCells),
  enrolledBefore: disclosed,
  enrolment: z.array(
    z.looseObject({ month: z.string(), enrolled: disclosed, cumulative: z.nullable(z.number()) }),
  ),
  monthly: z.array(z.looseObject({ month: z.string(), enrolled: disclosed, adherence: ratio })),
  regions: z.array(z.looseObject({ region: z.string(), clinics: z.number(), ...outcomeCells })),
  clinics: z.array(
    z.looseObject({
      clinicId: z.string(),
      name: z.string(),
      city: z.string(),
      region: z.string(),
      stage: z.string(),
      dataThrough: z.string(),
      ...outcomeCells,
    }),
  ),
  cohorts: z.array(
    z.looseObject({
      month: z.string(),
      size: disclosed,
      retained: z.array(z.looseObject({ offset: z.number(), share: ratio })),
    }),
  ),
  suppression: z.looseObject({
    cells: z.number(),
    complementary: z.number(),
    rounding: z.number(),
    smallBelow: z.number(),
  }),
});
export type ProgrammeReportResponse = Known<z.output<typeof programmeReportResponse>>;

/** The reminder dead-letter queue (ADR 0016), newest first; `nextBefore` pages on. */
export const deadLettersResponse = z.looseObject({
  items: z.array(
    z.looseObject({
      id: z.number(),
      at: iso,
      job: z.string(),
      attempts: z.number(),
      errcode: z.nullable(z.number()),
      error: z.nullable(z.string()),
      sends: z.array(
        z.looseObject({
          id: z.number(),
          kind: z.nullable(z.string()),
          dueAt: isoOrNull,
          status: z.nullable(z.string()),
        }),
      ),
    }),
  ),
  nextBefore: z.nullable(z.number()),
});
export type DeadLettersResponse = Known<z.output<typeof deadLettersResponse>>;
