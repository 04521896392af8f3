// Filtering the triage list in the browser: the whole clinic list (2,000 rows) is loaded once and
// narrowed as the doctor types, so filters answer without a round trip.
import {
  CONDITION_FILTERS,
  type ConditionFilter,
  matchesCondition,
  type PatientCondition,
  type TriageTier,
} from "@steady/shared";

export const TIERS: TriageTier[] = ["urgent", "attention", "silent", "stable"];

export interface TriageFilter {
  tier: TriageTier | "all";
  doctor: string | "all";
  /** Same rule as the API's `condition` filter: "diabetes" includes patients with both. */
  condition: ConditionFilter | "all";
  q: string;
}

export interface FilterableRow {
  name: string;
  doctorName: string;
  tier: TriageTier;
  /** Absent or null: not recorded yet. */
  condition?: PatientCondition | null;
}

export const NO_FILTER: TriageFilter = { tier: "all", doctor: "all", condition: "all", q: "" };

function matchesText<R extends FilterableRow>(row: R, q: string): boolean {
  const needle = q.trim().toLowerCase();
  return !needle || row.name.toLowerCase().includes(needle);
}

/** Rows passing every filter, in the server's order (urgent → stable, worst first). */
export function filterTriage<R extends FilterableRow>(rows: R[], f: TriageFilter): R[] {
  return rows.filter(
    (r) =>
      (f.tier === "all" || r.tier === f.tier) &&
      (f.doctor === "all" || r.doctorName === f.doctor) &&
      (f.condition === "all" || matchesCondition(r.condition ?? null, f.condition)) &&
      matchesText(r, f.q),
  );
}

/** How many rows each tier button would show under the other filters. */
export function tierCounts<R extends FilterableRow>(
  rows: R[],
  f: TriageFilter,
): Record<TriageTier | "all", number> {
  const counts = { all: 0, urgent: 0, attention: 0, silent: 0, stable: 0 };
  for (const r of filterTriage(rows, { ...f, tier: "all" })) {
    counts.all++;
    counts[r.tier]++;
  }
  return counts;
}

/** How many rows each condition choice would show under the other filters (they overlap in "both"). */
export function conditionCounts<R extends FilterableRow>(
  rows: R[],
  f: TriageFilter,
): Record<ConditionFilter | "all", number> {
  const counts = { all: 0, hypertension: 0, diabetes: 0, both: 0, unset: 0 };
  for (const r of filterTriage(rows, { ...f, condition: "all" })) {
    counts.all++;
    for (const c of CONDITION_FILTERS) if (matchesCondition(r.condition ?? null, c)) counts[c]++;
  }
  return counts;
}

export function doctorsOf<R extends FilterableRow>(rows: R[]): string[] {
  return [...new Set(rows.map((r) => r.doctorName))].sort((a, b) => a.localeCompare(b, "zh-CN"));
}

/** Filters as URL search params, so a filtered list can be bookmarked and survives "back". */
export function filterFromParams(p: URLSearchParams): TriageFilter {
  const tier = p.get("tier");
  const condition = p.get("condition");
  return {
    tier: TIERS.includes(tier as TriageTier) ? (tier as TriageTier) : "all",
    doctor: p.get("doctor") || "all",
    condition: CONDITION_FILTERS.includes(condition as ConditionFilter)
      ? (condition as ConditionFilter)
      : "all",
    q: p.get("q") ?? "",
  };
}

export function filterToParams(f: TriageFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.tier !== "all") p.set("tier", f.tier);
  if (f.doctor !== "all") p.set("doctor", f.doctor);
  if (f.condition !== "all") p.set("condition", f.condition);
  if (f.q.trim()) p.set("q", f.q.trim());
  return p;
}
