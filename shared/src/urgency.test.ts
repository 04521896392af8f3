import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bpAlert } from "./bp";
import { glucoseAlert } from "./glucose";
import { MS_PER_MINUTE } from "./time";
import type { AlertKind, TriageTier } from "./types";
import {
  ALERT_KIND_ORDER,
  ALERT_LEVEL,
  type AlertStamp,
  compareAlertUrgency,
  compareTriageUrgency,
  leadAlert,
  type TriageStanding,
} from "./urgency";

const now = Date.UTC(2026, 11, 7, 6, 0);
const minAgo = (m: number) => now - m * MS_PER_MINUTE;
const alert = (kind: AlertKind, minutesAgo: number): AlertStamp => ({ kind, raisedAt: minAgo(minutesAgo) });
const sorted = (xs: AlertStamp[]) => [...xs].sort(compareAlertUrgency);

describe("alert urgency", () => {
  it("the readings of the issue raise critical alerts: 185/115 a BP crisis, 2.8 a level-2 hypo", () => {
    expect(bpAlert(185, 115)).toBe("bp_crisis");
    expect(glucoseAlert(2.8)).toBe("glucose_hypo_l2");
    expect(ALERT_LEVEL.bp_crisis).toBe(1);
    expect(ALERT_LEVEL.glucose_hypo_l2).toBe(1);
    // Grade 3 without crisis, and > 16.7, are serious, not critical.
    expect(bpAlert(182, 112)).toBe("bp_crisis"); // 182 > 180
    expect(bpAlert(180, 112)).toBe("bp_urgent");
    expect(glucoseAlert(17.2)).toBe("glucose_very_high");
    expect(ALERT_LEVEL.bp_urgent).toBe(2);
    expect(ALERT_LEVEL.glucose_very_high).toBe(2);
  });

  it("critical before serious however old; within a level newest first; same instant by kind", () => {
    const a = alert("bp_urgent", 2); // serious, 2 min ago
    const b = alert("bp_crisis", 3 * 24 * 60); // critical, 3 days ago
    const c = alert("glucose_hypo_l2", 30); // critical, 30 min ago
    const d = alert("glucose_very_high", 2); // serious, same instant as a
    const e = alert("bp_crisis", 30); // critical, same instant as c
    expect(sorted([a, b, c, d, e])).toEqual([c, e, b, d, a]);
  });

  it("unknown kinds come after every known one", () => {
    const odd = { kind: "something_new", raisedAt: now };
    expect(sorted([odd, alert("bp_urgent", 600)])[1]).toBe(odd);
  });

  it("the lead alert is the first in that order; none without alerts", () => {
    expect(leadAlert([])).toBeNull();
    const lead = alert("glucose_hypo_l2", 5);
    expect(leadAlert([alert("bp_urgent", 1), lead, alert("bp_crisis", 60)])).toBe(lead);
  });

  it("is a total order (antisymmetric, transitive) over any alerts", () => {
    const stamp = fc.record({
      kind: fc.constantFrom<string>(...ALERT_KIND_ORDER, "other"),
      raisedAt: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(stamp, stamp, stamp, (x, y, z) => {
        expect(Math.sign(compareAlertUrgency(x, y))).toBe(-Math.sign(compareAlertUrgency(y, x)) || 0);
        if (compareAlertUrgency(x, y) <= 0 && compareAlertUrgency(y, z) <= 0)
          expect(compareAlertUrgency(x, z)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe("triage order within a tier", () => {
  const row = (
    name: string,
    tier: TriageTier,
    alerts: AlertStamp[],
    doseAdherence14d: number | null,
  ): TriageStanding & { name: string } => ({
    name,
    tier,
    lead: leadAlert(alerts),
    openAlerts: alerts.length,
    doseAdherence14d,
  });

  it("the issue's example: BP 185/115 and glucose 2.8 minutes ago is first of 9 in 紧急", () => {
    // Nine urgent patients as the demo had them: old alerts, ordered until now by adherence,
    // which put the fresh crisis (87 % adherent) 8th.
    const urgent = [
      row("甲", "urgent", [alert("bp_urgent", 2 * 24 * 60)], 0.21),
      row("乙", "urgent", [alert("glucose_very_high", 26 * 60)], 0.35),
      row("丙", "urgent", [alert("bp_urgent", 3 * 24 * 60), alert("bp_urgent", 5 * 24 * 60)], 0.4),
      row("丁", "urgent", [alert("bp_crisis", 4 * 24 * 60)], 0.52),
      row("戊", "urgent", [alert("glucose_hypo_l2", 6 * 24 * 60)], 0.6),
      row("己", "urgent", [alert("bp_urgent", 9 * 60)], 0.71),
      row("庚", "urgent", [alert("glucose_very_high", 40)], 0.8),
      row("新", "urgent", [alert("bp_crisis", 3), alert("glucose_hypo_l2", 2)], 0.87),
      row("辛", "urgent", [alert("bp_urgent", 7 * 24 * 60)], 0.93),
    ];
    const byAdherence = [...urgent].sort((a, b) => (a.doseAdherence14d ?? 1) - (b.doseAdherence14d ?? 1));
    expect(byAdherence.findIndex((r) => r.name === "新")).toBe(7); // 8th of 9, as reported
    const ordered = [...urgent].sort(compareTriageUrgency).map((r) => r.name);
    // Critical, newest first (新 2 min, 丁 4 days, 戊 6 days); then serious, newest first.
    expect(ordered).toEqual(["新", "丁", "戊", "庚", "己", "乙", "甲", "丙", "辛"]);
  });

  it("a fresh crisis outranks an older one; same lead alert → more open alerts first", () => {
    const older = row("旧", "urgent", [alert("bp_crisis", 120)], 0.1);
    const fresh = row("新", "urgent", [alert("bp_crisis", 5)], 0.9);
    const same1 = row("一", "urgent", [alert("bp_crisis", 5)], 0.1);
    const same2 = row("二", "urgent", [alert("bp_crisis", 5), alert("bp_urgent", 50)], 0.9);
    expect([older, fresh, same1, same2].sort(compareTriageUrgency).map((r) => r.name)).toEqual([
      "二",
      "一",
      "新",
      "旧",
    ]);
  });

  it("tiers first; without alerts, the rest as before: lowest 14-day adherence, nothing due as 100 %", () => {
    const rows = [
      row("稳", "stable", [], 0.95),
      row("注意高", "attention", [], 0.8),
      row("无剂量", "attention", [], null),
      row("注意低", "attention", [], 0.3),
      row("沉默", "silent", [], 0),
      row("急", "urgent", [alert("bp_urgent", 10 * 24 * 60)], 1),
    ];
    expect(rows.sort(compareTriageUrgency).map((r) => r.name)).toEqual([
      "急",
      "注意低",
      "注意高",
      "无剂量",
      "沉默",
      "稳",
    ]);
  });

  it("an alert, however old, outranks none in the same tier", () => {
    const withAlert = row("有", "attention", [alert("bp_urgent", 30 * 24 * 60)], 1);
    const without = row("无", "attention", [], 0);
    expect(compareTriageUrgency(withAlert, without)).toBeLessThan(0);
    expect(compareTriageUrgency(without, withAlert)).toBeGreaterThan(0);
  });
});
