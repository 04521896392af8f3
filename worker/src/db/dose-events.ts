// How a dose event is stored, for every reader of dose_events (records, supply, export).

/** The extra-dose mark lives in the stored request (no column needed: it is part of the fact). */
export function isExtraDose(r: { status: string; requestJson: string }): boolean {
  if (r.status !== "taken") return false;
  try {
    return (JSON.parse(r.requestJson) as { extra?: unknown }).extra === true;
  } catch {
    return false;
  }
}
