// Template values fitted to WeChat's rules; each fitted value is checked against the fake
// server's independent reading of the same rules.
import { describe, expect, it } from "vitest";
import { valueFits } from "../../../tests/fakes/wechat-server";
import { fitValue, TemplateValueError, templateData, truncate, wechatTime } from "./template-data";

describe("fitValue", () => {
  it("keeps a thing of 20 characters and cuts a longer one to 19 + …", () => {
    const twenty = "一二三四五六七八九十一二三四五六七八九十";
    expect(fitValue("thing1", twenty)).toBe(twenty);
    // 22 characters → the first 19 and "…" = 20 characters.
    const cut = fitValue("thing1", `${twenty}甲乙`);
    expect(cut).toBe("一二三四五六七八九十一二三四五六七八九…");
    expect(Array.from(cut)).toHaveLength(20);
  });

  it("counts characters, not UTF-16 units: an emoji is one", () => {
    expect(truncate("💊".repeat(21), 20)).toBe(`${"💊".repeat(19)}…`);
  });

  it("turns line breaks and tabs into single spaces", () => {
    expect(fitValue("thing2", "早饭后\n\t服用")).toBe("早饭后 服用");
  });

  it("accepts a phrase of up to 5 Chinese characters and refuses anything else", () => {
    expect(fitValue("phrase3", "未记录")).toBe("未记录");
    expect(() => fitValue("phrase3", "还没有记录服药")).toThrow(TemplateValueError);
    expect(() => fitValue("phrase3", "missed")).toThrow(TemplateValueError);
  });

  it("accepts WeChat time and date forms and refuses others", () => {
    expect(fitValue("time2", "08:00")).toBe("08:00");
    expect(fitValue("time2", "2026年11月20日 08:00")).toBe("2026年11月20日 08:00");
    expect(() => fitValue("time2", "8am")).toThrow(TemplateValueError);
    expect(fitValue("date4", "2026-11-20")).toBe("2026-11-20");
  });

  it("keeps only printable ASCII in a character_string, at most 32", () => {
    expect(fitValue("character_string5", "编号A-DEMO-CHEN")).toBe("A-DEMO-CHEN");
    expect(fitValue("character_string5", "x".repeat(40))).toHaveLength(32);
  });

  it("refuses an empty value", () => {
    expect(() => fitValue("thing1", " \n ")).toThrow(/must not be empty/);
  });

  it.each([
    ["thing1", "硝苯地平控释片 30 mg（拜新同），每日一次早餐后整片吞服"],
    ["thing4", "Amlodipine besylate 5 mg tablets, once daily"],
    ["name6", "欧阳一二三四五六七八九十"],
    ["character_string7", "scene=A-DEMO-CHEN&from=poster&x=1234567890"],
  ])("a fitted %s passes the fake server's rule", (key, raw) => {
    expect(valueFits(key, fitValue(key, raw))).toBe(true);
  });
});

describe("templateData", () => {
  it("maps our names to the template's keywords and fits each value", () => {
    const data = templateData(
      { drug: "thing1", time: "time2", status: "phrase3" },
      { drug: "氨氯地平 5 mg", time: "2026年11月20日 08:00", status: "未记录", unused: "x" },
    );
    expect(data).toEqual({ thing1: "氨氯地平 5 mg", time2: "2026年11月20日 08:00", phrase3: "未记录" });
  });

  it("refuses a mapped name without a value", () => {
    expect(() => templateData({ drug: "thing1", note: "thing4" }, { drug: "x" })).toThrow(
      /no value for "note"/,
    );
  });
});

describe("wechatTime", () => {
  it("formats the instant in the patient's zone", () => {
    const at = Date.parse("2026-11-20T00:00:00Z");
    expect(wechatTime(at, "Asia/Shanghai")).toBe("2026年11月20日 08:00");
    // New York is UTC−5 in November: 00:00Z is 19:00 the day before.
    expect(wechatTime(at, "America/New_York")).toBe("2026年11月19日 19:00");
  });
});
