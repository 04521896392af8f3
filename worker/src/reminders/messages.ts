// What a reminder says, built from the plan and fitted to the template's keywords.
import type { EducationItem } from "@steady/shared";
import { localDateOf } from "@steady/shared";
import type { SentMessage } from "../db/schema";
import { templateData, wechatTime } from "../wechat/template-data";
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
