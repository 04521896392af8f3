import { describe, expect, it } from "vitest";
import {
  doctorsOf,
  filterFromParams,
  filterToParams,
  filterTriage,
  NO_FILTER,
  tierCounts,
} from "./triage-filter";

const rows = [
  { name: "黄丽华", doctorName: "陈晓东 医生", tier: "urgent" as const },
  { name: "郑志强", doctorName: "陈晓东 医生", tier: "attention" as const },
  { name: "黄建国", doctorName: "王海燕 医生", tier: "attention" as const },
  { name: "Li Mei", doctorName: "王海燕 医生", tier: "stable" as const },
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
      filterTriage(rows, { tier: "attention", doctor: "王海燕 医生", q: "" }).map((r) => r.name),
    ).toEqual(["黄建国"]);
  });

  it("matches Latin names without regard to case, ignoring surrounding spaces", () => {
    expect(filterTriage(rows, { ...NO_FILTER, q: "  li mei " }).map((r) => r.name)).toEqual(["Li Mei"]);
  });
});

describe("tierCounts", () => {
  it("counts each tier under the other filters, not under the tier filter itself", () => {
    // Doctor 陈: 1 urgent + 1 attention; the tier filter "stable" must not zero the other buttons.
    expect(tierCounts(rows, { tier: "stable", doctor: "陈晓东 医生", q: "" })).toEqual({
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

  it("round-trips filters through the URL and ignores an unknown tier", () => {
    const f = { tier: "silent" as const, doctor: "王海燕 医生", q: "黄" };
    expect(filterFromParams(filterToParams(f))).toEqual(f);
    expect(filterFromParams(new URLSearchParams("tier=bogus"))).toEqual(NO_FILTER);
    expect(filterToParams(NO_FILTER).toString()).toBe("");
  });
});
