// Requests of the rep and programme routes (issue 6): onboarding a clinic, inviting its doctors
// and assistants, enrolment codes, and the programme settings an admin edits. The API validates
// with them; the portal's forms check the same rules before sending.
import * as z from "zod/mini";
import { localDate } from "./schemas";

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(max));

/** Hospital grades as reps and sponsors name them. */
export const CLINIC_LEVELS = ["三级", "二级", "社区"] as const;
export type ClinicLevel = (typeof CLINIC_LEVELS)[number];

/** China's seven geographic regions; a clinic's region follows its city unless the rep says otherwise. */
export const REGIONS = ["华北", "东北", "华东", "华中", "华南", "西南", "西北"] as const;
export type Region = (typeof REGIONS)[number];

/**
 * A new clinic. The contract's `{name, city, level}` (docs/api.md) still works; the portal sends hospital and
 * department and the name is made from them when absent.
 */
export const clinicCreateBody = z
  .object({
    name: z.optional(text(80)),
    hospital: z.optional(text(60)),
    department: z.optional(text(30)),
    city: text(20),
    level: z.enum(CLINIC_LEVELS),
    region: z.optional(z.enum(REGIONS)),
  })
  .check(
    z.refine((c) => Boolean(c.name) || (Boolean(c.hospital) && Boolean(c.department)), {
      message: "give the hospital and department (or a name)",
      path: ["hospital"],
    }),
  );

/** The clinic's agreement to join the programme, as signed. */
export const agreementBody = z.object({
  signedOn: localDate,
  documentRef: text(80),
});

export const INVITE_ROLES = ["doctor", "assistant"] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];

export const inviteBody = z.object({
  email: z.string().check(z.trim(), z.toLowerCase(), z.email("expected an email address")),
  role: z.enum(INVITE_ROLES),
  /** How the invitee is shown until they set their own name. */
  name: z.optional(text(40)),
});

/** Minimum length of a password chosen when accepting an invite. */
export const MIN_PASSWORD_LENGTH = 10;

export const acceptInviteBody = z.object({
  name: text(40),
  password: z
    .string()
    .check(z.minLength(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`), z.maxLength(200)),
});

/** A new enrolment code for one of the clinic's doctors. */
export const newCodeBody = z.object({ doctorId: text(64) });

/** Revoking or replacing a code says why (the poster was lost, the doctor left): it is audited. */
export const codeChangeBody = z.object({ reason: text(200) });

export const PROGRAMME_CONDITIONS = ["hypertension", "diabetes"] as const;
export type ProgrammeCondition = (typeof PROGRAMME_CONDITIONS)[number];

const share = z.number().check(z.gte(0, "at least 0"), z.lte(1, "at most 1 (a share, e.g. 0.8)"));

export const programmeTargets = z
  .object({
    baselineAdherence: share,
    targetAdherence: share,
    enrolmentTarget: z.number().check(z.int("a whole number"), z.gte(1), z.lte(10_000_000)),
  })
  .check(
    z.refine((t) => t.targetAdherence >= t.baselineAdherence, {
      message: "the target must not be below the baseline",
      path: ["targetAdherence"],
    }),
  );
export type ProgrammeTargets = z.infer<typeof programmeTargets>;

/** One education item: a short title and text in both languages, optionally for one condition. */
export const educationItem = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes")),
  condition: z.optional(z.enum(PROGRAMME_CONDITIONS)),
  zh: z.object({ title: text(20), body: text(200) }),
  en: z.object({ title: text(40), body: text(300) }),
});
export type EducationItem = z.infer<typeof educationItem>;

export const programmeSettingsBody = z.object({
  name: z.optional(text(80)),
  conditions: z.optional(
    z.array(z.enum(PROGRAMME_CONDITIONS)).check(
      z.minLength(1, "at least one condition"),
      z.refine((c) => new Set(c).size === c.length, "conditions must not repeat"),
    ),
  ),
  targets: z.optional(programmeTargets),
  education: z.optional(
    z.array(educationItem).check(
      z.maxLength(100),
      z.refine((items) => new Set(items.map((i) => i.id)).size === items.length, "ids must not repeat"),
    ),
  ),
  consent: z.optional(
    z.object({
      version: z.string().check(z.trim(), z.regex(/^[0-9A-Za-z.-]{1,20}$/, "e.g. 2026-02")),
      text: text(5000),
    }),
  ),
});
export type ProgrammeSettingsBody = z.infer<typeof programmeSettingsBody>;

export const reportQuery = z.object({
  programmeId: z.optional(z.string().check(z.maxLength(64))),
});

export const REPORT_TABLES = ["clinics", "regions", "months", "cohorts"] as const;
/** GET /reports/disclosure-note: the note that goes with the CSV exports, in one language. */
export const reportNoteQuery = z.object({ lang: z.optional(z.enum(["zh-CN", "en"])) });

export const reportCsvQuery = z.object({
  programmeId: z.optional(z.string().check(z.maxLength(64))),
  table: z.optional(z.enum(REPORT_TABLES)),
  lang: z.optional(z.enum(["zh-CN", "en"])),
});

/**
 * A count as these roles see it: the number, "<5" for a count below five, or "hidden" for a
 * count of five or more withheld so that a small one cannot be worked out by subtraction.
 */
export type SuppressedCount = number | "<5" | "hidden";

/** A share of two counts; null whenever either count is withheld (or nothing to divide). */
export type SuppressedShare = number | null;

export type ClinicCreateBody = z.infer<typeof clinicCreateBody>;
export type AgreementBody = z.infer<typeof agreementBody>;
export type InviteBody = z.infer<typeof inviteBody>;
export type AcceptInviteBody = z.infer<typeof acceptInviteBody>;
