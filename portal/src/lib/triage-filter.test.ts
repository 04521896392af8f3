import { describe, expect, it } from "vitest";
import {
  conditionCounts,
  doctorsOf,
  filterFromParams,
  filterToParams,
  filterTriage,
  NO_FILTER,
  tierCounts,
} from "./triage-filter";

const rows = [
  { name: "黄丽华", doctorName: "陈晓东 医生", tier: "urgent" as const, condition: "hypertension" as const },
  { name: "郑志强", doctorName: "陈晓东 医生", tier: "attention" as const, condition: "both" as const },
  { name: "黄建国", doctorName: "王海燕 医生", tier: "attention" as const, condition: "diabetes" as const },
  { name: "Li Mei", doctorName: "王海燕 医生", tier: "stable" as const, condition: null },
];

describe("filterTriage", () => {
  it("keeps the server's order and applies tier, doctor and name together", () => {
    expect(filterTriage(rows, NO_FILTER).map((r) => r.name)).toEqual([
      "黄丽华",
      "郑志强",
      "黄建国",
      "Li Mei",
    ]);
    expect(filterTriage(rows, { ...NO_FILTER, q: "黄" }).map((r) => r.name)).toEqual(["黄丽华", "黄建国"]);
    expect(
      filterTriage(rows, { ...NO_FILTER, tier: "attention", doctor: "王海燕 医生" }).map((r) => r.name),
    ).toEqual(["黄建国"]);
  });

  it("matches Latin names without regard to case, ignoring surrounding spaces", () => {
    expect(filterTriage(rows, { ...NO_FILTER, q: "  li mei " }).map((r) => r.name)).toEqual(["Li Mei"]);
  });
});

describe("condition filter", () => {
  const names = (f: Partial<typeof NO_FILTER>) =>
    filterTriage(rows, { ...NO_FILTER, ...f }).map((r) => r.name);

  it("selects everyone treated for a condition, the comorbid included; both and unset are exact", () => {
    expect(names({ condition: "diabetes" })).toEqual(["郑志强", "黄建国"]);
    expect(names({ condition: "hypertension" })).toEqual(["黄丽华", "郑志强"]);
    expect(names({ condition: "both" })).toEqual(["郑志强"]);
    expect(names({ condition: "unset" })).toEqual(["Li Mei"]);
    // A row from an older server without the field counts as not set.
    expect(
      filterTriage([{ name: "老", doctorName: "x", tier: "stable" as const }], {
        ...NO_FILTER,
        condition: "unset",
      }),
    ).toHaveLength(1);
    expect(names({ condition: "diabetes", tier: "attention", doctor: "王海燕 医生" })).toEqual(["黄建国"]);
  });

  it("counts each choice under the other filters, not under the condition filter itself", () => {
    // Doctor 陈: 黄丽华 (hypertension) and 郑志强 (both) → hypertension 2, diabetes 1, both 1.
    expect(conditionCounts(rows, { ...NO_FILTER, condition: "unset", doctor: "陈晓东 医生" })).toEqual({
      all: 2,
      hypertension: 2,
      diabetes: 1,
      both: 1,
      unset: 0,
    });
  });
});

describe("tierCounts", () => {
  it("counts each tier under the other filters, not under the tier filter itself", () => {
    // Doctor 陈: 1 urgent + 1 attention; the tier filter "stable" must not zero the other buttons.
    expect(tierCounts(rows, { ...NO_FILTER, tier: "stable", doctor: "陈晓东 医生" })).toEqual({
      all: 2,
      urgent: 1,
      attention: 1,
      silent: 0,
      stable: 0,
    });
  });
});

describe("doctorsOf / URL params", () => {
  it("lists each doctor once", () => {
    expect(doctorsOf(rows)).toHaveLength(2);
  });

  it("round-trips filters through the URL and ignores an unknown tier or condition", () => {
    const f = { tier: "silent" as const, doctor: "王海燕 医生", condition: "diabetes" as const, q: "黄" };
    expect(filterToParams(f).get("condition")).toBe("diabetes");
    expect(filterFromParams(filterToParams(f))).toEqual(f);
    expect(filterFromParams(new URLSearchParams("tier=bogus&condition=asthma"))).toEqual(NO_FILTER);
    expect(filterToParams(NO_FILTER).toString()).toBe("");
  });
});
