// Hand-built programme inputs shared by the release and attack tests.
import type { ClinicFacts, CountRow } from "./release";

/** A clinic onboarded by `rep` on 1 June 2026 with one doctor and a signed agreement. */
export const clinic = (cid: string, city: string, region: string, rep = "rep-1"): ClinicFacts => ({
  id: cid,
  name: `clinic ${cid}`,
  city,
  level: "三级",
  region,
  createdAt: Date.parse("2026-06-01T00:00:00Z"),
  onboardedBy: rep,
  doctors: 1,
  pendingInvites: 0,
  agreementSignedOn: "2026-06-01",
});

/** Count rows of one clinic's enrolment month `e`, one per measure (month 0 of the cohort). */
export const snapshot = (cid: string, e: number, m: Record<string, number>): CountRow[] =>
  Object.entries(m).map(([measure, n]) => ({ clinicId: cid, enrolMonth: e, measure, month: 0, n }));
