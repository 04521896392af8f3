import { describe, expect, it } from "vitest";
import { backupName, backupTime, expiredBackups } from "./retention";

const H = 3600_000;
const DAY = 24 * H;
const now = Date.parse("2026-12-07T16:30:00.000Z");

describe("backup names", () => {
  it("round-trips the time, to the millisecond, and sorts as time does", () => {
    const t = Date.parse("2026-12-07T08:05:09.042Z");
    expect(backupName(t)).toBe("steady-20261207T080509042Z.db.gz");
    expect(backupTime(`steady/${backupName(t)}`)).toBe(t);
    expect(backupName(t) < backupName(t + 1)).toBe(true);
  });
  it("ignores anything that is not one of ours", () => {
    expect(backupTime("steady/notes.txt")).toBeNull();
    expect(backupTime("steady/steady-20261207T080509042Z.db")).toBeNull();
  });
});

describe("retention", () => {
  // Hourly backups for 60 days, plus a foreign object under the prefix.
  const keys = Array.from({ length: 60 * 24 }, (_, i) => `steady/${backupName(now - i * H)}`);
  keys.push("steady/README.txt");

  it("keeps the newest keepLast and the newest of each of the last keepDaily days, deletes the rest", () => {
    const expired = new Set(expiredBackups(keys, now, 48, 35));
    const kept = keys.filter((k) => !expired.has(k));
    expect(kept).toContain("steady/README.txt"); // never touched
    const ours = kept.filter((k) => k !== "steady/README.txt");
    // 48 newest (17:30 on Dec 5 to 16:30 on Dec 7) + one per day for 35 days; the newest of
    // Dec 5, 6 and 7 are among the 48.
    expect(ours.length).toBe(48 + 35 - 3);
    for (let i = 0; i < 48; i++) expect(ours).toContain(`steady/${backupName(now - i * H)}`);
    const days = new Set(ours.map((k) => Math.floor((backupTime(k) as number) / DAY)));
    expect(days.size).toBe(35);
    // Nothing older than 35 days survives.
    for (const k of ours) expect(backupTime(k) as number).toBeGreaterThan(now - 35 * DAY);
  });

  it("never deletes the only backups there are", () => {
    const few = [`steady/${backupName(now - 90 * DAY)}`, `steady/${backupName(now - 80 * DAY)}`];
    expect(expiredBackups(few, now, 2, 0)).toEqual([]);
    expect(expiredBackups(few, now, 1, 0)).toEqual([few[0]]);
  });
});
