/**
 * A doctor's name without a trailing title: the directory may hold "陈晓东 医生" or "陈晓东",
 * and the app adds the title itself ("陈晓东 医生", never "陈晓东 医生 医生").
 */
export function doctorName(name: string): string {
  return name.replace(/[\s\u3000]*(医生|医师|大夫)$/u, "").trim() || name.trim();
}

/** A consent version as a patient reads it: "family-2026-01" → "2026-01" (the tag is internal). */
export function shownVersion(version: string): string {
  return version.replace(/^[a-z]+-(?=\d)/i, "");
}
