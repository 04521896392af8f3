// The programme manager's safety figures: counts by month, source and seriousness, and
// timeliness (share forwarded on time, median hours to forward). No case content. Counts below
// 5 are "<5"; where a breakdown would let a withheld count be recovered from the total by
// subtraction (exactly one withheld cell), the next-smallest cell is withheld too ("hidden").
import { CASE_SOURCES, shanghaiDate } from "@steady/shared";
import { sql } from "drizzle-orm";
import type { Db } from "../env";
import { safetyCases } from "./schema";

const SMALL = 5;
type Cell = number | "<5" | "hidden";

export function suppressBreakdown(counts: Record<string, number>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  const entries = Object.entries(counts);
  for (const [k, n] of entries) out[k] = n > 0 && n < SMALL ? "<5" : n;
  const small = entries.filter(([, n]) => n > 0 && n < SMALL);
  if (small.length === 1) {
    const next = entries.filter(([k, n]) => out[k] !== "<5" && n > 0).sort((a, b) => a[1] - b[1])[0];
    if (next) out[next[0]] = "hidden";
  }
  return out;
}

const cell = (n: number): Cell => (n > 0 && n < SMALL ? "<5" : n);

export async function safetyReport(db: Db, now: number) {
  const rows = await db
    .select({
      awareAt: safetyCases.awareAt,
      source: safetyCases.source,
      serious: sql<number>`json_array_length(${safetyCases.seriousness}) > 0`,
      forwardDueAt: safetyCases.forwardDueAt,
      forwardedAt: safetyCases.forwardedAt,
      status: safetyCases.status,
    })
    .from(safetyCases);
  const byMonth: Record<string, number> = {};
  const bySource: Record<string, number> = Object.fromEntries(CASE_SOURCES.map((s) => [s, 0]));
  const bySeriousness: Record<string, number> = { serious: 0, non_serious: 0 };
  let due = 0;
  let onTime = 0;
  const hours: number[] = [];
  for (const r of rows) {
    const m = shanghaiDate(r.awareAt).slice(0, 7);
    byMonth[m] = (byMonth[m] ?? 0) + 1;
    bySource[r.source] = (bySource[r.source] ?? 0) + 1;
    bySeriousness[r.serious ? "serious" : "non_serious"] =
      (bySeriousness[r.serious ? "serious" : "non_serious"] ?? 0) + 1;
    // Timeliness counts the cases whose deadline has passed or that were forwarded; a case
    // closed as not to be forwarded (e.g. a false screening hit) has no forwarding to time.
    if (r.status === "not_forwarded") continue;
    if (r.forwardedAt != null || r.forwardDueAt <= now) {
      due++;
      if (r.forwardedAt != null && r.forwardedAt <= r.forwardDueAt) onTime++;
      if (r.forwardedAt != null) hours.push((r.forwardedAt - r.awareAt) / 3_600_000);
    }
  }
  hours.sort((a, b) => a - b);
  const median =
    hours.length >= SMALL
      ? hours.length % 2
        ? (hours[(hours.length - 1) / 2] as number)
        : ((hours[hours.length / 2 - 1] as number) + (hours[hours.length / 2] as number)) / 2
      : null;
  return {
    generatedAt: new Date(now).toISOString(),
    total: cell(rows.length),
    byMonth: suppressBreakdown(byMonth),
    bySource: suppressBreakdown(bySource),
    bySeriousness: suppressBreakdown(bySeriousness),
    timeliness: {
      due: cell(due),
      forwardedOnTime: cell(onTime),
      // A share over fewer than 5 cases would reveal them one by one.
      shareForwardedOnTime: due >= SMALL ? Math.round((onTime / due) * 1000) / 1000 : null,
      medianHoursToForward: median == null ? null : Math.round(median * 10) / 10,
    },
  };
}
