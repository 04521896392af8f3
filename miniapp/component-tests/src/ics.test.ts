// The .ics file for the browser build, parsed back with ical.js (an independent RFC 5545
// implementation): the events repeat daily at the plan times and stop after the plan's end.
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, icsCalendar } from "../../src/lib/ics";

const NOW = Date.parse("2026-11-20T02:00:00Z");

function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
}

/** The first `n` start times of an event, as "YYYY-MM-DD HH:MM" wall-clock strings. */
function occurrences(e: ICAL.Event, n: number): string[] {
  const it = e.iterator();
  const out: string[] = [];
  for (let next = it.next(); next && out.length < n; next = it.next()) {
    out.push(next.toString().replace("T", " ").slice(0, 16));
  }
  return out;
}

describe("icsCalendar", () => {
  it("one daily event per time, with an alarm at the time, parsable by an independent reader", () => {
    const text = icsCalendar(
      [
        {
          time: "08:00",
          startDate: "2026-11-20",
          endDate: null,
          summary: "该吃药了",
          description: "08:00 要吃：氨氯地平 5 mg",
        },
        {
          time: "20:00",
          startDate: "2026-11-20",
          endDate: "2026-11-22",
          summary: "该吃药了",
          description: "20:00 要吃：二甲双胍 0.5 g",
        },
      ],
      { now: NOW, uidPrefix: "steady-p1" },
    );
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("\r\n").every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
    const [morning, evening] = parse(text);
    expect(morning?.summary).toBe("该吃药了");
    expect(morning?.description).toBe("08:00 要吃：氨氯地平 5 mg");
    expect(morning?.uid).toBe("steady-p1-0800@steady");
    // Floating time: 08:00 on the phone's own clock, every day, without end.
    expect(morning?.startDate.zone?.tzid).toBe("floating");
    expect(morning?.startDate.toString()).toBe("2026-11-20T08:00:00");
    expect(occurrences(morning as ICAL.Event, 3)).toEqual([
      "2026-11-20 08:00",
      "2026-11-21 08:00",
      "2026-11-22 08:00",
    ]);
    // The evening plan ends on the 22nd (inclusive): three rings, then none.
    expect(occurrences(evening as ICAL.Event, 10)).toEqual([
      "2026-11-20 20:00",
      "2026-11-21 20:00",
      "2026-11-22 20:00",
    ]);
    const alarm = (morning as ICAL.Event).component.getFirstSubcomponent("valarm");
    expect(alarm?.getFirstPropertyValue("action")).toBe("DISPLAY");
    expect(String(alarm?.getFirstPropertyValue("trigger"))).toBe("PT0S");
  });

  it("escapes text and folds long lines without splitting a character", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const long = `DESCRIPTION:${"氨氯地平".repeat(12)}`; // 12 + 48 × 3 = 156 octets
    const folded = foldLine(long).split("\r\n");
    expect(folded.length).toBe(3);
    expect(folded.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join("")).toBe(long);
    const text = icsCalendar(
      [
        {
          time: "07:30",
          startDate: "2026-11-20",
          endDate: null,
          summary: "该吃药了",
          description: `07:30 要吃：${"药,名;".repeat(20)}`,
        },
      ],
      { now: NOW, uidPrefix: "x" },
    );
    expect(parse(text)[0]?.description).toBe(`07:30 要吃：${"药,名;".repeat(20)}`);
  });
});
