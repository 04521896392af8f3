// The SMS texts: one SMS long with any approved signature, and neutral — no drug or brand name,
// nothing but a time of day filled in.
import { describe, expect, it } from "vitest";
import {
  renderSms,
  SMS_MAX_CHARS,
  SMS_MAX_SIGN_CHARS,
  SMS_PURPOSES,
  SMS_TEXTS,
  smsChars,
  smsParams,
} from "./templates";

// Drug names (generic and brand) of the programme's conditions, and words that name them.
const DRUG_WORDS = [
  "氨氯地平",
  "络活喜",
  "硝苯地平",
  "拜新同",
  "缬沙坦",
  "代文",
  "厄贝沙坦",
  "安博维",
  "氯沙坦",
  "科素亚",
  "美托洛尔",
  "倍他乐克",
  "二甲双胍",
  "格华止",
  "阿卡波糖",
  "拜唐苹",
  "格列美脲",
  "胰岛素",
  "诺和",
  "达格列净",
  "安达唐",
  "西格列汀",
  "捷诺维",
  "阿司匹林",
  "拜阿司匹灵",
  "他汀",
  "mg",
  "片",
  "粒",
  "降压",
  "降糖",
  "血压",
  "血糖",
  "高血压",
  "糖尿病",
];

describe("SMS templates", () => {
  it.each(SMS_PURPOSES)("%s fits one SMS with the longest signature Tencent allows", (purpose) => {
    const body = renderSms(SMS_TEXTS[purpose], smsParams(purpose, "23:59"));
    const longestSign = "一".repeat(SMS_MAX_SIGN_CHARS);
    // e.g. dose: 【12 chars】 = 14, body 21 → 35 ≤ 70.
    expect(smsChars(longestSign, body)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(body).not.toMatch(/\{\d+\}/);
  });

  it.each(SMS_PURPOSES)("%s names no drug, brand, condition or reading", (purpose) => {
    for (const word of DRUG_WORDS) expect(SMS_TEXTS[purpose]).not.toContain(word);
    expect(SMS_TEXTS[purpose].replace(/\{\d+\}/g, "")).not.toMatch(/\d/);
  });

  it("takes only a time of day as parameter", () => {
    expect(smsParams("dose", "08:00")).toEqual(["08:00"]);
    expect(() => smsParams("dose", "氨氯地平 5 mg")).toThrow(/not a time/);
    expect(() => smsParams("dose", "24:00")).toThrow();
  });

  it("counts characters as Tencent does: signature with its brackets, then the body", () => {
    // 【稳稳】 = 4; 您设置的(4) 08:00(5) 用药提醒时间到了(8) ，(1) 请按时用药(5) 。(1) = 24; 28 in all.
    expect(smsChars("稳稳", renderSms(SMS_TEXTS.dose, ["08:00"]))).toBe(28);
  });
});
