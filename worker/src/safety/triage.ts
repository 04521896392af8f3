// Safety in the doctor's triage list: a patient's own report of a side effect that put them in
// hospital, endangered life or was a death makes them urgent, with that reason, for 14 days from
// the report (unless the safety officer closed it as not a case). One read per list of the few
// recent serious reports, so the triage snapshots (ADR 0006) are untouched.
import type { SeriousnessCriterion } from "@steady/shared";
import { gte } from "drizzle-orm";
import type { Db } from "../env";
import { safetyCases } from "./schema";

export const SERIOUS_REPORT_DAYS = 14;
const URGENT: SeriousnessCriterion[] = ["death", "life_threatening", "hospitalisation"];

export async function seriousSideEffects(db: Db, now: number): Promise<Map<string, string[]>> {
  const rows = await db
    .select({
      patientId: safetyCases.patientId,
      source: safetyCases.source,
      reported: safetyCases.seriousnessReported,
      status: safetyCases.status,
    })
    .from(safetyCases)
    .where(gte(safetyCases.awareAt, now - SERIOUS_REPORT_DAYS * 86_400_000));
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.patientId || r.source !== "patient_app" || r.status === "not_forwarded") continue;
    const criteria = URGENT.filter((c) => r.reported.includes(c));
    if (!criteria.length) continue;
    out.set(r.patientId, [...new Set([...(out.get(r.patientId) ?? []), ...criteria])]);
  }
  // Most severe first, whatever order the reports came in.
  for (const [k, v] of out)
    out.set(
      k,
      URGENT.filter((c) => v.includes(c)),
    );
  return out;
}
