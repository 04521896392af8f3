import { describe, expect, it } from "vitest";
import { CASE_STATUSES } from "./safety-schemas";
import {
  CASE_STATUS_WORDS,
  DIARY_DAY_STATES,
  DIARY_MARKS,
  DOSE_WORDS,
  diaryDayState,
  diaryLegend,
  SEND_STATUS_WORDS,
  SEND_STATUSES,
  vocabularyEntries,
} from "./vocabulary";

describe("one vocabulary", () => {
  it("has one word per status and language, and no two statuses share a word", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const sends = SEND_STATUSES.map((s) => SEND_STATUS_WORDS[locale][s]);
      expect(new Set(sends).size, locale).toBe(SEND_STATUSES.length);
      const cases = CASE_STATUSES.map((s) => CASE_STATUS_WORDS[locale][s]);
      expect(new Set(cases).size, locale).toBe(CASE_STATUSES.length);
      for (const words of Object.values(DOSE_WORDS[locale])) {
        expect(words.full.trim()).not.toBe("");
        expect(words.plain.trim()).not.toBe("");
      }
    }
    expect(DOSE_WORDS["zh-CN"].missed.full).toBe("漏服");
    expect(DOSE_WORDS["zh-CN"].taken.full).toBe("已服");
  });

  it("marks a diary day by precedence: missed, skipped, pending, taken, none", () => {
    const day = { missed: 0, skipped: 0, pending: 0, due: 0 };
    expect(diaryDayState(day)).toBe("none");
    expect(diaryDayState({ ...day, due: 2 })).toBe("taken");
    expect(diaryDayState({ ...day, due: 2, pending: 1 })).toBe("pending");
    expect(diaryDayState({ ...day, due: 2, pending: 1, skipped: 1 })).toBe("skipped");
    expect(diaryDayState({ ...day, due: 2, pending: 1, skipped: 1, missed: 1 })).toBe("missed");
    expect(new Set(DIARY_DAY_STATES.map((s) => DIARY_MARKS[s])).size).toBe(DIARY_DAY_STATES.length);
  });

  it("builds the diary legend from the same glyphs and words in both registers", () => {
    expect(diaryLegend("zh-CN", "plain")).toBe("✓ 都吃了　✗ 有漏服　– 有跳过　○ 还没到 / 待服　· 不用吃药");
    expect(diaryLegend("zh-CN", "full")).toBe("✓ 全部已服　✗ 有漏服　– 有跳过　○ 待服　· 无需服药");
    expect(diaryLegend("en", "plain")).toBe(
      "✓ all taken　✗ missed　– skipped　○ not yet / pending　· none due",
    );
  });

  it("puts the words into an app's dictionary under one prefix", () => {
    const entries = vocabularyEntries("reminders.status", SEND_STATUS_WORDS["zh-CN"]);
    expect(entries["reminders.status.refused"]).toBe("患者未订阅");
    expect(Object.keys(entries)).toHaveLength(SEND_STATUSES.length);
  });
});
