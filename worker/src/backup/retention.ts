// Which backups to delete: the newest `keepLast` are always kept, and besides them the newest
// backup of each of the last `keepDaily` UTC days. Only objects named like our backups are
// considered; anything else under the prefix is never touched.

const NAME = /steady-(\d{8})T(\d{6})(\d{3})Z\.db\.gz$/;

/** `steady-20261207T163000123Z.db.gz` for the backup taken at `ms`. */
export function backupName(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-12-07T16:30:00.123Z
  return `steady-${iso.slice(0, 10).replace(/-/g, "")}T${iso.slice(11, 19).replace(/:/g, "")}${iso.slice(20, 23)}Z.db.gz`;
}

/** The time a backup name records, or null for a name that is not one of ours. */
export function backupTime(key: string): number | null {
  const m = NAME.exec(key);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const [d, t] = [m[1], m[2]];
  return Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${m[3]}Z`,
  );
}

export function expiredBackups(keys: string[], now: number, keepLast: number, keepDaily: number): string[] {
  const ours = keys
    .map((key) => ({ key, at: backupTime(key) }))
    .filter((b): b is { key: string; at: number } => b.at !== null)
    .sort((a, b) => b.at - a.at);
  const keep = new Set(ours.slice(0, keepLast).map((b) => b.key));
  const oldestDay = Math.floor(now / 86_400_000) - keepDaily + 1;
  const seenDays = new Set<number>();
  for (const b of ours) {
    const day = Math.floor(b.at / 86_400_000);
    if (day < oldestDay || seenDays.has(day)) continue;
    seenDays.add(day);
    keep.add(b.key);
  }
  return ours.filter((b) => !keep.has(b.key)).map((b) => b.key);
}
