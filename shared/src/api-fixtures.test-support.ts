// API answers that the tests of both apps (portal and mini-program) build on: the API's shapes, not
// an app's, so they live beside the schemas. For tests only (imported as
// @steady/shared/test-support, never by app code); pure data like the rest of shared.

type DoseCounts = Record<"due" | "taken" | "skipped" | "missed" | "pending", number>;

/** One day of a diary answer (GET /me/diary, a patient's diary): nothing due but what `counts` says. */
export const diaryDay = (date: string, counts: Partial<DoseCounts> = {}) => ({
  date,
  due: 0,
  taken: 0,
  skipped: 0,
  missed: 0,
  pending: 0,
  ...counts,
});

/** A plan's schedule fields: amlodipine 5 mg at 08:00 from 1 November 2026, not ended or stopped. */
export const planBase = {
  drug: "氨氯地平",
  dose: "5 mg",
  times: ["08:00"],
  startDate: "2026-11-01",
  endDate: null,
  stoppedAt: null,
};
