// Plain words for triage reasons, tiers and reading categories, in the reader's language:
// short enough for a busy doctor to read at a glance in a list row.
import { DEFAULT_THRESHOLDS, type Thresholds } from "./thresholds";
import type { BpCategory, GlucoseCategory, Locale, TriageReason, TriageTier } from "./types";

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * One triage reason as a phrase, e.g. "14 天内服药 6/14 次" / "took 6 of 14 doses in 14 days".
 * The adherence and glucose windows are not part of a reason, so they come from the
 * thresholds the reason was computed with (default 14 days each).
 */
export function formatReason(
  reason: TriageReason,
  locale: Locale,
  t: Thresholds = DEFAULT_THRESHOLDS,
): string {
  const doseDays = t.triage.adherenceWindowDays;
  const glucoseDays = t.glucose.flagWindowDays;
  const zh = locale === "zh-CN";
  switch (reason.code) {
    case "urgent_alert":
      return zh
        ? `未处理的紧急警报 ${reason.count} 条`
        : `${reason.count} unacknowledged urgent ${plural(reason.count, "alert", "alerts")}`;
    case "low_adherence":
      return zh
        ? `${doseDays} 天内服药 ${reason.taken}/${reason.due} 次`
        : `took ${reason.taken} of ${reason.due} ${plural(reason.due, "dose", "doses")} in ${doseDays} days`;
    case "bp_above_target": {
      const mean = `${reason.systolic}/${reason.diastolic}`;
      const target = `<${reason.targetSystolic}/${reason.targetDiastolic}`;
      return zh ? `7 天平均血压 ${mean}（目标 ${target}）` : `BP 7-day mean ${mean} (target ${target})`;
    }
    case "glucose_hypo_rate":
      return zh
        ? `${glucoseDays} 天内低血糖占 ${reason.percent}%`
        : `hypoglycaemia in ${reason.percent}% of readings (${glucoseDays} d)`;
    case "glucose_hyper_rate":
      return zh
        ? `${glucoseDays} 天内高血糖占 ${reason.percent}%`
        : `hyperglycaemia in ${reason.percent}% of readings (${glucoseDays} d)`;
    case "silent":
      if (reason.days === null) return zh ? "入组后无记录" : "nothing logged since enrolment";
      return zh
        ? `${reason.days} 天无记录`
        : `no data for ${reason.days} ${plural(reason.days, "day", "days")}`;
    case "escalated":
      return zh ? "助理已上报" : "escalated by assistant";
    case "serious_side_effect": {
      const words = reason.criteria.map((c) => SERIOUS_WORDS[locale][c] ?? c);
      return zh
        ? `患者报告严重不良反应（${words.join("、")}）`
        : `patient reported a serious side effect (${words.join(", ")})`;
    }
    case "supply_low":
      return zh
        ? `药快吃完（${reason.drug}，${reason.daysLeft === 0 ? "今天" : `${reason.daysLeft} 天后`}用完）`
        : `running out of ${reason.drug} (${reason.daysLeft === 0 ? "today" : `in ${reason.daysLeft} ${plural(reason.daysLeft, "day", "days")}`})`;
    case "supply_out":
      return zh
        ? `可能已断药（${reason.drug}，预计 ${reason.runOutDate} 用完，未取药）`
        : `may have run out of ${reason.drug} (predicted ${reason.runOutDate}, no refill)`;
    case "revisit_overdue":
      return zh
        ? `逾期未复诊（原定 ${reason.date}，已过 ${reason.days} 天）`
        : `missed follow-up visit (${reason.date}, ${reason.days} ${plural(reason.days, "day", "days")} ago)`;
    case "unreachable": {
      const why = [
        reason.wechat && CHANNEL_WHY[locale].wechat[reason.wechat],
        reason.sms && CHANNEL_WHY[locale].sms[reason.sms],
      ].filter(Boolean);
      const base = zh ? "提醒无法送达" : "reminders cannot reach the patient";
      if (!why.length) return base;
      return zh ? `${base}（${why.join("，")}）` : `${base} (${why.join(", ")})`;
    }
    default: {
      const unknown: never = reason;
      throw new Error(`unknown triage reason: ${JSON.stringify(unknown)}`);
    }
  }
}

const SERIOUS_WORDS: Record<Locale, Record<string, string>> = {
  "zh-CN": { death: "死亡", life_threatening: "危及生命", hospitalisation: "住院" },
  en: { death: "death", life_threatening: "life-threatening", hospitalisation: "hospitalisation" },
};

/** Why a channel could not carry a reminder, as the reminder records name it. */
const CHANNEL_WHY: Record<Locale, { wechat: Record<string, string>; sms: Record<string, string> }> = {
  "zh-CN": {
    wechat: {
      no_quota: "微信提醒次数已用完",
      no_openid: "未绑定微信",
      refused: "微信未授权",
      failed: "微信发送失败",
      off: "已关闭提醒",
    },
    sms: {
      no_phone: "无手机号",
      no_consent: "未同意短信",
      unavailable: "短信未开通",
      failed: "短信发送失败",
    },
  },
  en: {
    wechat: {
      no_quota: "no WeChat reminders left",
      no_openid: "no WeChat link",
      refused: "WeChat not authorised",
      failed: "WeChat send failed",
      off: "reminders turned off",
    },
    sms: {
      no_phone: "no phone number",
      no_consent: "no SMS consent",
      unavailable: "SMS not set up",
      failed: "SMS failed",
    },
  },
};

const TIER_LABELS: Record<Locale, Record<TriageTier, string>> = {
  "zh-CN": { urgent: "紧急", attention: "需关注", silent: "无记录", stable: "平稳" },
  en: { urgent: "Urgent", attention: "Needs attention", silent: "Silent", stable: "Stable" },
};

const BP_LABELS: Record<Locale, Record<BpCategory, string>> = {
  "zh-CN": {
    normal: "正常",
    high_normal: "正常高值",
    grade1: "1级高血压",
    grade2: "2级高血压",
    grade3: "3级高血压",
  },
  en: {
    normal: "Normal",
    high_normal: "High-normal",
    grade1: "Grade 1 hypertension",
    grade2: "Grade 2 hypertension",
    grade3: "Grade 3 hypertension",
  },
};

const GLUCOSE_LABELS: Record<Locale, Record<GlucoseCategory, string>> = {
  "zh-CN": {
    hypo_l2: "严重低血糖",
    hypo_l1: "低血糖",
    in_target: "达标",
    above_target: "偏高",
    very_high: "严重高血糖",
  },
  en: {
    hypo_l2: "Severe low (level 2)",
    hypo_l1: "Low (level 1)",
    in_target: "In target",
    above_target: "Above target",
    very_high: "Very high",
  },
};

export function formatTier(tier: TriageTier, locale: Locale): string {
  return TIER_LABELS[locale][tier];
}

export function formatBpCategory(category: BpCategory, locale: Locale): string {
  return BP_LABELS[locale][category];
}

export function formatGlucoseCategory(category: GlucoseCategory, locale: Locale): string {
  return GLUCOSE_LABELS[locale][category];
}
