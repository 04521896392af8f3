import { planCreateBody } from "@steady/shared";
import { describe, expect, it } from "vitest";
import { fieldMessages, parseTimes } from "./forms";

describe("parseTimes", () => {
  it("accepts the ways people type times", () => {
    expect(parseTimes("08:00 20:00")).toEqual(["08:00", "20:00"]);
    expect(parseTimes("8:00,20:00")).toEqual(["08:00", "20:00"]);
    expect(parseTimes(" 07:30，18：30 ")).toEqual(["07:30", "18:30"]);
    expect(parseTimes("")).toEqual([]);
  });
});

describe("fieldMessages", () => {
  it("keys the shared schema's messages by field, as the API names them", () => {
    const r = planCreateBody.safeParse({
      id: "0194f3a0-0000-7000-8000-000000000001",
      drug: "",
      dose: "5 mg",
      times: parseTimes("25:00"),
      startDate: "2026-11-20",
    });
    const m = fieldMessages(r.error);
    expect(Object.keys(m).sort()).toEqual(["drug", "times.0"]);
  });
});
