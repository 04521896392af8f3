import { describe, expect, it } from "vitest";
import {
  formatChinaDateTime,
  formatDate,
  formatDateTime,
  formatShortDateTime,
  percent,
  relativeDay,
} from "./format";

describe("format", () => {
  it("rounds shares to whole percent and shows a dash for nothing", () => {
    expect(percent(6 / 14)).toBe("43%"); // 42.86 %
    expect(percent(null)).toBe("—");
    expect(percent(0)).toBe("0%");
  });

  it("counts calendar days, not 24-hour blocks", () => {
    const now = new Date(2026, 10, 20, 8, 0).getTime(); // 20 Nov 08:00 local
    expect(relativeDay(new Date(2026, 10, 19, 23, 0).toISOString(), now, "zh-CN")).toBe("昨天"); // 9 h ago
    expect(relativeDay(new Date(2026, 10, 20, 0, 5).toISOString(), now, "en")).toBe("today");
    expect(relativeDay(new Date(2026, 10, 11, 12, 0).toISOString(), now, "en")).toBe("9 days ago");
    expect(relativeDay(null, now, "zh-CN")).toBe("从未记录");
  });

  it("gives recent instants as month, day and time, without the year", () => {
    const at = new Date(2026, 11, 7, 14, 3).toISOString();
    expect(formatShortDateTime(at, "zh-CN")).toBe("12/07 14:03");
    expect(formatShortDateTime(at, "en")).toBe("12/07, 14:03");
    expect(formatShortDateTime(null, "en")).toBe("—");
  });

  it("gives full dates and times in the reader's zone, and programme events in China time", () => {
    const at = new Date(2026, 11, 7, 14, 3).toISOString();
    expect(formatDateTime(at, "zh-CN")).toBe("2026/12/07 14:03");
    expect(formatDate(at, "zh-CN")).toBe("2026/12/07");
    expect(formatDate(null, "zh-CN")).toBe("—");
    expect(formatChinaDateTime("2026-12-07T06:03:00Z", "zh-CN")).toBe("2026年12月7日 14:03");
    expect(formatChinaDateTime("2026-12-07T06:03:00Z", "en")).toBe("Dec 7, 2026, 2:03 PM");
    expect(formatChinaDateTime(null, "en")).toBe("");
  });
});
