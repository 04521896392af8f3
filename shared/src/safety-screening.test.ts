import { describe, expect, it } from "vitest";
import { overlappingVerbatim, screenText } from "./safety-screening";

const concepts = (t: string) => screenText(t).map((h) => h.concept);

describe("screening: true hits", () => {
  it.each([
    ["吃了新药以后头晕，两天了", ["dizziness"]],
    ["背上起了皮疹，很痒", ["rash"]],
    ["上周因为心慌住院三天", ["palpitations", "hospitalisation"]],
    ["对这个药过敏", ["allergy"]],
    ["脚踝肿了", ["oedema"]],
    ["不小心吃多了两片", ["overdose"]],
    ["她怀孕了还在吃药", ["pregnancy"]],
    ["吃了一个月血压降不下来，药没效果", ["lack_of_efficacy"]],
    ["Patient developed a rash after the new tablets", ["rash"]],
    ["felt dizzy in the mornings", ["dizziness"]],
    ["was hospitalised last week with chest pain", ["hospitalisation"]],
    ["no longer dizzy but was dizzy for a week", ["dizziness"]],
    ["无头晕，但有皮疹", ["rash"]],
    ["Denies dizziness, but reports a rash", ["rash"]],
    ["patient passed away on Monday", ["death"]],
  ])("%s → %j", (text, expected) => {
    expect(concepts(text)).toEqual(expected);
  });

  it("carries the seriousness or special situation a word implies", () => {
    expect(screenText("因为低血糖送急诊抢救")).toEqual([
      { concept: "hypoglycaemia", term: "低血糖" },
      { concept: "hospitalisation", term: "急诊", seriousness: "hospitalisation" },
      { concept: "life_threatening", term: "抢救", seriousness: "life_threatening" },
    ]);
    expect(screenText("took a double dose by mistake")[0]).toMatchObject({ situation: "overdose" });
  });
});

describe("screening: false hits stay out", () => {
  it.each([
    "无头晕",
    "无头晕、皮疹",
    "没有明显头晕",
    "否认过敏",
    "过敏史：无",
    "药物过敏史: 无",
    "未见皮疹",
    "No rash.",
    "no rash or dizziness",
    "denies any allergies",
    "Allergies: none",
    "not dizzy today",
    "血压 162/98 mmHg，心率 88",
    "BP 165/100, glucose 3.1 mmol/L",
    "按时吃药，情况稳定",
    "went to the hospital for a routine check",
    "crash diet advice given",
    "to switch pharmacy",
  ])("%s → nothing", (text) => {
    expect(concepts(text)).toEqual([]);
  });
});

describe("overlapping verbatim (duplicate linking)", () => {
  it("shares a concept across languages and wording", () => {
    expect(overlappingVerbatim("头晕", "早上起来头昏，站不稳")).toBe(true);
    expect(overlappingVerbatim("rash on arms", "手臂起皮疹")).toBe(true);
  });
  it("different events do not overlap", () => {
    expect(overlappingVerbatim("头晕", "咳嗽")).toBe(false);
  });
  it("unknown words fall back to containment", () => {
    expect(overlappingVerbatim("耳鸣", "最近耳鸣")).toBe(true);
    expect(overlappingVerbatim("耳鸣", "视物模糊")).toBe(false);
  });
});
