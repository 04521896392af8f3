// Creates are idempotent on the client's id: first time → created (201), the same body again →
// duplicate (200, stored record), a different body or another owner → conflict (409).

export type CreateOutcome = "created" | "duplicate" | "conflict";

/** Stable JSON of a validated body: key order does not matter, so a retry always compares equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export function replayOutcome(
  stored: { patientId: string; requestJson: string } | undefined,
  patientId: string,
  requestJson: string,
): CreateOutcome {
  if (!stored) return "conflict"; // the insert was skipped yet nothing is there: treat as conflict, never as success
  return stored.patientId === patientId && stored.requestJson === requestJson ? "duplicate" : "conflict";
}
