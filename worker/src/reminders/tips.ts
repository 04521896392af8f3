// The weekly education tip, as data. Each text is a WeChat `thing` value, so title and summary
// stay within 20 characters (a test checks) — the notification is a teaser; it opens the app.
// Wording follows Chinese hypertension and diabetes patient-education basics; no drug or brand names.
import { daysBetween, type LocalDate } from "@steady/shared";
import type { ReminderLocale } from "./settings";

export type Condition = "hypertension" | "diabetes";

export interface Tip {
  id: string;
  /** Which programmes it suits; absent means every programme. */
  for?: Condition;
  text: Record<ReminderLocale, { title: string; summary: string }>;
}

export const TIPS: Tip[] = [
  {
    id: "routine",
    text: {
      "zh-CN": { title: "固定时间服药", summary: "把服药和刷牙、早饭连在一起" },
      en: { title: "Tie doses to habits", summary: "e.g. after brushing" },
    },
  },
  {
    id: "bp-home",
    for: "hypertension",
    text: {
      "zh-CN": { title: "在家量血压", summary: "坐下静息5分钟后再测量" },
      en: { title: "Check BP at home", summary: "Rest 5 min first" },
    },
  },
  {
    id: "glucose-check",
    for: "diabetes",
    text: {
      "zh-CN": { title: "规律监测血糖", summary: "空腹和餐后2小时都要测" },
      en: { title: "Check your glucose", summary: "Fasting and 2h after" },
    },
  },
  {
    id: "dont-stop",
    text: {
      "zh-CN": { title: "感觉好了也别停药", summary: "停药或减量前先问医生" },
      en: { title: "Feel fine? Keep on", summary: "Ask before stopping" },
    },
  },
  {
    id: "salt",
    for: "hypertension",
    text: {
      "zh-CN": { title: "少吃盐", summary: "每天食盐不超过5克" },
      en: { title: "Cut down on salt", summary: "Under 5 g a day" },
    },
  },
  {
    id: "hypo",
    for: "diabetes",
    text: {
      "zh-CN": { title: "警惕低血糖", summary: "心慌出汗时先吃15克糖" },
      en: { title: "Know low sugar signs", summary: "Shaky? 15 g of sugar" },
    },
  },
  {
    id: "missed-dose",
    text: {
      "zh-CN": { title: "忘记服药怎么办", summary: "不要一次吃双倍剂量" },
      en: { title: "Missed a dose?", summary: "Never take a double" },
    },
  },
  {
    id: "bp-morning",
    for: "hypertension",
    text: {
      "zh-CN": { title: "清晨血压要留意", summary: "起床后、服药前先量一次" },
      en: { title: "Watch morning BP", summary: "Measure before pills" },
    },
  },
  {
    id: "feet",
    for: "diabetes",
    text: {
      "zh-CN": { title: "每天看看双脚", summary: "发现伤口及时就医" },
      en: { title: "Check your feet", summary: "Sores? See a doctor" },
    },
  },
  {
    id: "walk",
    text: {
      "zh-CN": { title: "饭后走一走", summary: "每天快走30分钟" },
      en: { title: "Walk after meals", summary: "30 brisk min a day" },
    },
  },
];

/** The tips of a programme ("hypertension", "diabetes" or "both"), in series order. */
export function tipsFor(programmeCondition: string): Tip[] {
  return TIPS.filter((t) => !t.for || programmeCondition === "both" || t.for === programmeCondition);
}

/** The tip for a patient's week: the series in order from the week they enrolled, then again. */
export function tipForWeek(programmeCondition: string, enrolledOn: LocalDate, today: LocalDate): Tip {
  const series = tipsFor(programmeCondition);
  const week = Math.max(0, Math.floor(daysBetween(enrolledOn, today) / 7));
  return series[week % series.length] as Tip;
}
