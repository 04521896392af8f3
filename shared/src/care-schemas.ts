// Request schemas for the clinician portal's care work: notes, follow-up calls, doctor edits of
// plans and targets, the alert inbox, exports. The API validates with them; the portal's forms
// check the same rules before sending.
import * as z from "zod/mini";
import { PATIENT_CONDITIONS } from "./conditions";
import { callSafety } from "./safety-schemas";
import { clientId, MISSED_DOSE_REASONS, patientListQuery, queryInstant } from "./schemas";

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(max));

export const noteBody = z.object({ id: clientId, body: text(2000) });

export const FOLLOW_UP_OUTCOMES = ["reached", "not_reached", "escalated"] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/**
 * A follow-up call as recorded by the assistant. An escalation must say why, for the doctor. A
 * call that reached the patient must carry the answer to the mandatory safety question (docs/api.md,
 * Safety reporting): `anyEvent: true` opens a safety case.
 */
export const followUpBody = z
  .object({
    id: clientId,
    outcome: z.enum(FOLLOW_UP_OUTCOMES),
    note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    safety: z.optional(callSafety),
    /** Why doses were missed, as the patient said on the call (structured for the programme). */
    missedDoseReasons: z.optional(z.array(z.enum(MISSED_DOSE_REASONS)).check(z.maxLength(5))),
  })
  .check(
    z.refine((f) => f.outcome !== "escalated" || Boolean(f.note?.trim()), {
      message: "say why the call is escalated to the doctor",
      path: ["note"],
    }),
    z.refine((f) => f.outcome !== "reached" || f.safety !== undefined, {
      message: "a call that reached the patient must record the safety question (asked: true, anyEvent)",
      path: ["safety"],
    }),
  );

/**
 * A doctor's home-BP target for one patient (null → the programme default). Bounds are a sanity
 * range, not clinical advice: the guideline targets in use are 130–140 / 80–90.
 */
export const bpTargetValue = z
  .object({
    systolic: z
      .number()
      .check(z.int("whole mmHg"), z.gte(100, "at least 100 mmHg"), z.lte(160, "at most 160 mmHg")),
    diastolic: z
      .number()
      .check(z.int("whole mmHg"), z.gte(60, "at least 60 mmHg"), z.lte(100, "at most 100 mmHg")),
  })
  .check(
    z.refine((b) => b.systolic > b.diastolic, {
      message: "systolic target must be above diastolic",
      path: ["diastolic"],
    }),
  );
export const targetsBody = z.object({ bp: z.nullable(bpTargetValue) });

/** The doctor sets or corrects the patient's condition; null → not set. */
export const conditionBody = z.object({ condition: z.nullable(z.enum(PATIENT_CONDITIONS)) });

export const alertsQuery = z.object({ status: z.optional(z.enum(["open", "all"])) });

/** The triage list's own filters and the portal's doctor filter, plus the language of the text. */
export const triageCsvQuery = z.extend(patientListQuery, {
  doctor: z.optional(z.string().check(z.maxLength(60))),
  lang: z.optional(z.enum(["zh-CN", "en"])),
});

export const fhirQuery = z.object({ from: z.optional(queryInstant), to: z.optional(queryInstant) });

export type NoteBody = z.infer<typeof noteBody>;
export type FollowUpBody = z.infer<typeof followUpBody>;
export type TargetsBody = z.infer<typeof targetsBody>;
export type ConditionBody = z.infer<typeof conditionBody>;
