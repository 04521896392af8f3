import { describe, expect, it } from "vitest";
import {
  addWorkingHours,
  caseNumber,
  DEFAULT_WORK_CALENDAR,
  droppedCriteria,
  forwardDueAt,
  isWorkingDay,
  mergeSeriousness,
  missingElements,
  regulatoryDueAt,
  shanghaiDate,
  startOfShanghaiDay,
} from "./safety-dates";

/** An instant from a Shanghai wall-clock time. */
const sh = (local: string) => Date.parse(`${local}+08:00`);
const iso = (t: number) => new Date(t).toISOString();

describe("forwardDueAt: one working day on the Asia/Shanghai calendar", () => {
  it("Tuesday 10:00 → Wednesday 10:00", () => {
    expect(iso(forwardDueAt(sh("2026-12-08T10:00:00"), []))).toBe(iso(sh("2026-12-09T10:00:00")));
  });
  it("Friday 10:00 → Monday 10:00 (the weekend does not count)", () => {
    expect(iso(forwardDueAt(sh("2026-12-04T10:00:00"), []))).toBe(iso(sh("2026-12-07T10:00:00")));
  });
  it("heard on Saturday 10:00 → due by the end of Monday (Tuesday 00:00 Shanghai)", () => {
    expect(iso(forwardDueAt(sh("2026-12-05T10:00:00"), []))).toBe("2026-12-07T16:00:00.000Z");
  });
  it("Monday 00:00 exactly → Tuesday 00:00", () => {
    expect(iso(forwardDueAt(sh("2026-12-07T00:00:00"), []))).toBe(iso(sh("2026-12-08T00:00:00")));
  });
  it("the day before National Day (Wed 30 Sep 15:00) → Thu 8 Oct 15:00 (1–7 Oct are holidays)", () => {
    expect(iso(forwardDueAt(sh("2026-09-30T15:00:00"), []))).toBe(iso(sh("2026-10-08T15:00:00")));
  });
  it("Spring Festival: Fri 13 Feb 09:00 → Sat 14 Feb 09:00 (an adjusted working Saturday)", () => {
    expect(iso(forwardDueAt(sh("2026-02-13T09:00:00"), []))).toBe(iso(sh("2026-02-14T09:00:00")));
  });
  it("…and → Tue 24 Feb 09:00 when adjusted working days are not counted", () => {
    const cal = { ...DEFAULT_WORK_CALENDAR, countAdjustedWorkingDays: false };
    expect(iso(forwardDueAt(sh("2026-02-13T09:00:00"), [], undefined, cal))).toBe(
      iso(sh("2026-02-24T09:00:00")),
    );
  });
  it("a configurable holiday list: a company day off moves the deadline", () => {
    const cal = { ...DEFAULT_WORK_CALENDAR, holidays: [...DEFAULT_WORK_CALENDAR.holidays, "2026-12-09"] };
    expect(iso(forwardDueAt(sh("2026-12-08T10:00:00"), [], undefined, cal))).toBe(
      iso(sh("2026-12-10T10:00:00")),
    );
  });
  it("the programme may shorten it for serious and fatal cases", () => {
    const rule = { hours: 24, seriousHours: 8, fatalHours: 4 };
    const at = sh("2026-12-08T10:00:00");
    expect(iso(forwardDueAt(at, ["hospitalisation"], rule))).toBe(iso(sh("2026-12-08T18:00:00")));
    expect(iso(forwardDueAt(at, ["death"], rule))).toBe(iso(sh("2026-12-08T14:00:00")));
    expect(iso(forwardDueAt(at, [], rule))).toBe(iso(sh("2026-12-09T10:00:00")));
    // Without the setting, serious cases keep one working day.
    expect(iso(forwardDueAt(at, ["death"]))).toBe(iso(sh("2026-12-09T10:00:00")));
  });
  it("knows weekends, holidays and adjusted days", () => {
    expect(isWorkingDay("2026-12-07")).toBe(true);
    expect(isWorkingDay("2026-12-06")).toBe(false);
    expect(isWorkingDay("2026-10-01")).toBe(false);
    expect(isWorkingDay("2026-10-10")).toBe(true);
  });
  it("working hours add up across several days", () => {
    expect(iso(addWorkingHours(sh("2026-12-04T10:00:00"), 48))).toBe(iso(sh("2026-12-08T10:00:00")));
  });
});

describe("regulatoryDueAt (for information)", () => {
  const day0 = sh("2026-12-08T10:00:00");
  it("serious: day0 + 15 days; other: + 30; a death at once", () => {
    expect(iso(regulatoryDueAt(day0, ["hospitalisation"]))).toBe(iso(sh("2026-12-23T10:00:00")));
    expect(iso(regulatoryDueAt(day0, []))).toBe(iso(sh("2027-01-07T10:00:00")));
    expect(regulatoryDueAt(day0, ["death", "hospitalisation"])).toBe(day0);
  });
});

describe("rep awareness and case numbers", () => {
  it("awareOn is the start of that day in Shanghai", () => {
    expect(iso(startOfShanghaiDay("2026-12-07"))).toBe("2026-12-06T16:00:00.000Z");
    expect(shanghaiDate(startOfShanghaiDay("2026-12-07"))).toBe("2026-12-07");
  });
  it("numbers cases STD-<year>-<000123>", () => {
    expect(caseNumber(123, sh("2026-12-08T10:00:00"))).toBe("STD-2026-000123");
    // 00:30 on 1 January in Shanghai is still 31 December in UTC: the year is Shanghai's.
    expect(caseNumber(1, sh("2027-01-01T00:30:00"))).toBe("STD-2027-000001");
  });
});

describe("validity: the four minimum elements", () => {
  const full = {
    patient: { initials: "ZW" },
    reporter: { known: true },
    suspectDrugs: [{ name: "氨氯地平" }],
    events: [{ verbatim: "头晕" }],
    specialSituations: [],
  };
  it("a complete report is valid", () => {
    expect(missingElements(full)).toEqual([]);
  });
  it("names each missing element", () => {
    expect(
      missingElements({
        patient: {},
        reporter: { known: false },
        suspectDrugs: [],
        events: [],
        specialSituations: [],
      }),
    ).toEqual(["patient", "reporter", "suspect_drug", "event"]);
    expect(missingElements({ ...full, suspectDrugs: [{ name: " " }] })).toEqual(["suspect_drug"]);
  });
  it("a special situation stands in for the event; so does a description", () => {
    expect(missingElements({ ...full, events: [], specialSituations: ["pregnancy"] })).toEqual([]);
    expect(missingElements({ ...full, events: [], description: "吃了药起疹子" })).toEqual([]);
  });
  it("a patient known by age or sex alone is identifiable", () => {
    expect(missingElements({ ...full, patient: { ageYears: 67 } })).toEqual([]);
    expect(missingElements({ ...full, patient: { sex: "female" } })).toEqual([]);
  });
});

describe("seriousness is never downgraded", () => {
  it("triage adds criteria, keeps the reporter's", () => {
    expect(mergeSeriousness(["hospitalisation"], ["medically_important"])).toEqual([
      "hospitalisation",
      "medically_important",
    ]);
    expect(mergeSeriousness(["death"], [])).toEqual(["death"]);
  });
  it("names the criteria a triage would drop", () => {
    expect(droppedCriteria(["hospitalisation", "death"], ["death"])).toEqual(["hospitalisation"]);
    expect(droppedCriteria([], ["death"])).toEqual([]);
  });
});
