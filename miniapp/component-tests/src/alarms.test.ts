// Which phone alarms the plans need, and what changed since the app added some.

import { planBase } from "@steady/shared/test-support";
import { describe, expect, it } from "vitest";
import { type AddedAlarms, type AlarmPlan, alarmChanges, desiredAlarms } from "../../src/lib/alarms";

const plan = (over: Partial<AlarmPlan> & { id: string }): AlarmPlan & { id: string } => ({
  ...planBase,
  ...over,
});
const TODAY = "2026-11-20";

describe("desiredAlarms", () => {
  it("one alarm per time shared by the plans due then; stopped and ended plans ring no more", () => {
    const alarms = desiredAlarms(
      [
        plan({ id: "a", times: ["20:00", "08:00"] }),
        plan({ id: "b", drug: "二甲双胍", dose: "0.5 g", times: ["08:00"], endDate: "2026-12-31" }),
        plan({ id: "c", drug: "停了的药", times: ["12:00"], stoppedAt: "2026-11-10T00:00:00.000Z" }),
        plan({ id: "d", drug: "吃完了的药", times: ["13:00"], endDate: "2026-11-19" }),
        plan({ id: "e", drug: "下周开始", times: ["21:00"], startDate: "2026-11-27", endDate: "2026-12-03" }),
      ],
      TODAY,
    );
    expect(alarms).toEqual([
      // Open-ended "a" wins over b's end date; both drugs are named.
      { time: "08:00", startDate: TODAY, endDate: null, what: ["氨氯地平 5 mg", "二甲双胍 0.5 g"] },
      { time: "20:00", startDate: TODAY, endDate: null, what: ["氨氯地平 5 mg"] },
      { time: "21:00", startDate: "2026-11-27", endDate: "2026-12-03", what: ["下周开始 5 mg"] },
    ]);
  });
});

describe("alarmChanges", () => {
  const added: AddedAlarms = {
    "08:00": {
      time: "08:00",
      startDate: TODAY,
      endDate: null,
      what: ["氨氯地平 5 mg"],
      addedAt: 1,
      via: "calendar",
    },
    "21:00": {
      time: "21:00",
      startDate: TODAY,
      endDate: null,
      what: ["他汀 20 mg"],
      addedAt: 1,
      via: "calendar",
    },
  };

  it("offers the times without an alarm and names the ones no plan needs any more", () => {
    const desired = desiredAlarms([plan({ id: "a", times: ["08:00", "20:00"] })], TODAY);
    const c = alarmChanges(desired, added);
    expect(c.add.map((a) => a.time)).toEqual(["20:00"]);
    expect(c.remove.map((a) => a.time)).toEqual(["21:00"]);
  });

  it("offers an alarm again when its days changed (a plan now ends), not when only the drug list did", () => {
    const ends = desiredAlarms([plan({ id: "a", endDate: "2026-12-31" })], TODAY);
    expect(
      alarmChanges(ends, { "08:00": added["08:00"] as AddedAlarms[string] }).add.map((a) => a.endDate),
    ).toEqual(["2026-12-31"]);
    const renamed = desiredAlarms([plan({ id: "a", drug: "另一个药" })], TODAY);
    expect(alarmChanges(renamed, { "08:00": added["08:00"] as AddedAlarms[string] })).toEqual({
      add: [],
      remove: [],
    });
  });
});
