// What a reminder says, built from the plan and fitted to the template's keywords.
import type { EducationItem } from "@steady/shared";
import { localDateOf, zonedInstant } from "@steady/shared";
import type { SentMessage } from "../db/schema";
import { templateData, truncate, wechatTime } from "../wechat/template-data";
import type { ReminderLocale } from "./settings";
import type { ReminderTemplate } from "./templates";

const NOTE: Record<ReminderLocale, Record<"dose" | "follow_up", string>> = {
  "zh-CN": { dose: "到服药时间了，请按时服药", follow_up: "还没有记录这次服药，服了吗？" },
  en: { dose: "Time for your dose", follow_up: "Did you take it?" },
};

const lang = (locale: ReminderLocale): SentMessage["lang"] => (locale === "en" ? "en_US" : "zh_CN");

export interface DoseFacts {
  planId: string;
  drug: string;
  dose: string;
  scheduledAt: number;
  timezone: string;
  locale: ReminderLocale;
}

/** "Time for Amlodipine 5 mg" (or "did you take it?"), opening the Today page of the slot's day. */
export function doseMessage(kind: "dose" | "follow_up", tpl: ReminderTemplate, f: DoseFacts): SentMessage {
  return {
    page: `${tpl.page}?from=${kind}&date=${localDateOf(f.scheduledAt, f.timezone)}`,
    lang: lang(f.locale),
    data: templateData(tpl.fields, {
      drug: `${f.drug} ${f.dose}`,
      dose: f.dose,
      time: wechatTime(f.scheduledAt, f.timezone),
      note: NOTE[f.locale][kind],
    }),
  };
}

export function tipMessage(tpl: ReminderTemplate, tip: EducationItem, locale: ReminderLocale): SentMessage {
  const text = locale === "en" ? tip.en : tip.zh;
  return {
    page: `${tpl.page}?from=tip&tip=${tip.id}`,
    lang: lang(locale),
    data: templateData(tpl.fields, { title: text.title, summary: text.body }),
  };
}

export interface RefillFacts {
  drug: string;
  dose: string;
  runOutDate: string;
  daysLeft: number;
  timezone: string;
  locale: ReminderLocale;
}

/** "氨氯地平 5mg · 约 7 天后吃完，记得取药", on the dose template (the same acceptance carries it). */
export function refillMessage(tpl: ReminderTemplate, f: RefillFacts): SentMessage {
  const zh = f.locale !== "en";
  const note =
    f.daysLeft > 0
      ? zh
        ? `约${f.daysLeft}天后吃完，记得取药`
        : `Runs out in about ${f.daysLeft} days: refill soon`
      : zh
        ? "药可能已吃完，请尽快取药"
        : "You may have run out: please refill";
  return {
    page: `${tpl.page}?from=refill&date=${f.runOutDate}`,
    lang: lang(f.locale),
    data: templateData(tpl.fields, {
      drug: `${f.drug} ${f.dose}`,
      dose: f.dose,
      time: wechatTime(zonedInstantOf(f.runOutDate, f.timezone), f.timezone),
      note,
    }),
  };
}

export interface RevisitFacts {
  date: string;
  when: "eve" | "morning";
  hospital: string | null;
  department: string | null;
  timezone: string;
  locale: ReminderLocale;
}

/** "复诊 · 市一医院 心内科 · 明天复诊，记得带上药盒", on the dose template. */
export function revisitMessage(tpl: ReminderTemplate, f: RevisitFacts): SentMessage {
  const zh = f.locale !== "en";
  const where = [f.hospital, f.department].filter(Boolean).join(" ");
  const title = zh ? `复诊 ${where}`.trim() : `Visit ${where}`.trim();
  const note =
    f.when === "eve"
      ? zh
        ? "明天复诊，记得带上药盒和记录"
        : "Your visit is tomorrow: bring your pills"
      : zh
        ? "今天复诊，别忘了"
        : "Your visit is today";
  return {
    page: `${tpl.page}?from=revisit&date=${f.date}`,
    lang: lang(f.locale),
    data: templateData(tpl.fields, {
      drug: truncate(title, 20),
      dose: truncate(title, 20),
      time: wechatTime(zonedInstantOf(f.date, f.timezone), f.timezone),
      note,
    }),
  };
}

const zonedInstantOf = (date: string, tz: string) => zonedInstant(date, "08:00", tz);
