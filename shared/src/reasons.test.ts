import { describe, expect, it } from "vitest";
import { formatBpCategory, formatGlucoseCategory, formatReason, formatTier } from "./reasons";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import type { BpCategory, GlucoseCategory, Locale, TriageReason, TriageTier } from "./types";

const LOCALES: Locale[] = ["zh-CN", "en"];

describe("formatReason", () => {
  it.each<[TriageReason, string, string]>([
    [{ code: "urgent_alert", count: 1 }, "未处理的紧急警报 1 条", "1 unacknowledged urgent alert"],
    [{ code: "urgent_alert", count: 3 }, "未处理的紧急警报 3 条", "3 unacknowledged urgent alerts"],
    [{ code: "low_adherence", taken: 6, due: 14 }, "14 天内服药 6/14 次", "took 6 of 14 doses in 14 days"],
    [{ code: "low_adherence", taken: 0, due: 1 }, "14 天内服药 0/1 次", "took 0 of 1 dose in 14 days"],
    [
      { code: "bp_above_target", systolic: 152, diastolic: 94, targetSystolic: 135, targetDiastolic: 85 },
      "7 天平均血压 152/94（目标 <135/85）",
      "BP 7-day mean 152/94 (target <135/85)",
    ],
    [
      { code: "glucose_hypo_rate", percent: 12 },
      "14 天内低血糖占 12%",
      "hypoglycaemia in 12% of readings (14 d)",
    ],
    [
      { code: "glucose_hyper_rate", percent: 30 },
      "14 天内高血糖占 30%",
      "hyperglycaemia in 30% of readings (14 d)",
    ],
    [{ code: "silent", days: 9 }, "9 天无记录", "no data for 9 days"],
    [{ code: "silent", days: null }, "入组后无记录", "nothing logged since enrolment"],
    [{ code: "escalated" }, "助理已上报", "escalated by assistant"],
    [{ code: "unreachable" }, "提醒无法送达", "reminders cannot reach the patient"],
    [
      { code: "unreachable", wechat: "no_quota", sms: "no_consent" },
      "提醒无法送达（微信提醒次数已用完，未同意短信）",
      "reminders cannot reach the patient (no WeChat reminders left, no SMS consent)",
    ],
  ])("%o", (reason, zh, en) => {
    expect(formatReason(reason, "zh-CN")).toBe(zh);
    expect(formatReason(reason, "en")).toBe(en);
  });

  it("names the window the programme's thresholds used", () => {
    const t = {
      ...DEFAULT_THRESHOLDS,
      triage: { ...DEFAULT_THRESHOLDS.triage, adherenceWindowDays: 30 },
      glucose: { ...DEFAULT_THRESHOLDS.glucose, flagWindowDays: 7 },
    };
    expect(formatReason({ code: "low_adherence", taken: 10, due: 30 }, "zh-CN", t)).toBe(
      "30 天内服药 10/30 次",
    );
    expect(formatReason({ code: "glucose_hypo_rate", percent: 15 }, "en", t)).toBe(
      "hypoglycaemia in 15% of readings (7 d)",
    );
  });
});

describe("labels", () => {
  const tiers: TriageTier[] = ["urgent", "attention", "silent", "stable"];
  const bp: BpCategory[] = ["normal", "high_normal", "grade1", "grade2", "grade3"];
  const glucose: GlucoseCategory[] = ["hypo_l2", "hypo_l1", "in_target", "above_target", "very_high"];

  it("spot checks", () => {
    expect(formatTier("urgent", "zh-CN")).toBe("紧急");
    expect(formatTier("attention", "en")).toBe("Needs attention");
    expect(formatBpCategory("high_normal", "zh-CN")).toBe("正常高值");
    expect(formatBpCategory("grade3", "en")).toBe("Grade 3 hypertension");
    expect(formatGlucoseCategory("in_target", "zh-CN")).toBe("达标");
    expect(formatGlucoseCategory("hypo_l2", "en")).toBe("Severe low (level 2)");
  });

  it.each(LOCALES)("every value has its own label in %s", (locale) => {
    for (const [values, format] of [
      [tiers, formatTier],
      [bp, formatBpCategory],
      [glucose, formatGlucoseCategory],
    ] as const) {
      const labels = values.map((v) => (format as (v: string, l: Locale) => string)(v, locale));
      expect(labels.every((l) => l.length > 0)).toBe(true);
      expect(new Set(labels).size).toBe(values.length);
    }
  });

  it("zh-CN labels are in Chinese, en labels are not", () => {
    const han = /\p{Script=Han}/u;
    for (const v of tiers) {
      expect(formatTier(v, "zh-CN")).toMatch(han);
      expect(formatTier(v, "en")).not.toMatch(han);
    }
    for (const v of bp) expect(formatBpCategory(v, "zh-CN")).toMatch(han);
    for (const v of glucose) expect(formatGlucoseCategory(v, "zh-CN")).toMatch(han);
  });
});
