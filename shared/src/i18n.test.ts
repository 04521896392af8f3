import { afterEach, describe, expect, it, vi } from "vitest";
import { translators } from "./i18n";

const zh = { "doses.count": "{n} 次服药", hello: "你好，{name}", "only.zh": "只有中文" };
const en = {
  "doses.count": "{n} doses",
  "doses.count_one": "{n} dose",
  "doses.count_other": "{n} doses",
  hello: "Hello, {name}",
  "only.zh": "",
};
type Key = keyof typeof zh;
const t = translators<Key>({ "zh-CN": zh, en });

describe("translators", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("English picks the plural form by count; Chinese has one form", () => {
    expect(t.en("doses.count", { n: 1 })).toBe("1 dose");
    expect(t.en("doses.count", { n: 2 })).toBe("2 doses");
    expect(t.en("doses.count", { n: 0 })).toBe("0 doses");
    expect(t["zh-CN"]("doses.count", { n: 1 })).toBe("1 次服药");
    expect(t["zh-CN"]("doses.count", { n: 5 })).toBe("5 次服药");
  });

  it("fills {placeholders} without escaping, and falls back to Chinese for an empty English text", () => {
    expect(t.en("hello", { name: "<Mei>" })).toBe("Hello, <Mei>");
    expect(t["zh-CN"]("hello", { name: "梅" })).toBe("你好，梅");
    expect(t.en("only.zh")).toBe("只有中文");
  });

  it("keeps plurals where a runtime has no Intl (WeChat's older base libraries)", () => {
    // i18next says so on the console; quiet here.
    const { console } = globalThis as unknown as { console: { error(...a: unknown[]): void } };
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.stubGlobal("Intl", undefined);
    const bare = translators<Key>({ "zh-CN": zh, en });
    expect(bare.en("doses.count", { n: 1 })).toBe("1 dose");
    expect(bare.en("doses.count", { n: 3 })).toBe("3 doses");
    expect(bare["zh-CN"]("doses.count", { n: 1 })).toBe("1 次服药");
  });
});
