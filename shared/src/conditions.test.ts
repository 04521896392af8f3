import { describe, expect, it } from "vitest";
import {
  type CONDITION_FILTERS,
  conditionsOf,
  matchesCondition,
  PATIENT_CONDITIONS,
  type PatientCondition,
} from "./conditions";
import { PROGRAMME_CONDITIONS } from "./programme-schemas";

describe("patient conditions", () => {
  it("are the programme's conditions plus both", () => {
    expect([...PATIENT_CONDITIONS]).toEqual([...PROGRAMME_CONDITIONS, "both"]);
    expect(conditionsOf("both")).toEqual([...PROGRAMME_CONDITIONS]);
    expect(conditionsOf(null)).toEqual([]);
  });

  it("filters: a single condition includes the comorbid, both and unset are exact", () => {
    const all: (PatientCondition | null)[] = ["hypertension", "diabetes", "both", null];
    const pass = (f: (typeof CONDITION_FILTERS)[number]) => all.filter((c) => matchesCondition(c, f));
    expect(pass("hypertension")).toEqual(["hypertension", "both"]);
    expect(pass("diabetes")).toEqual(["diabetes", "both"]);
    expect(pass("both")).toEqual(["both"]);
    expect(pass("unset")).toEqual([null]);
  });
});
