import { describe, expect, it } from "vitest";
import { doctorName, shownVersion } from "../../src/lib/people";

describe("names and versions as the patient reads them", () => {
  it("writes the doctor's title once, whatever the directory holds", () => {
    expect(doctorName("陈晓东 医生")).toBe("陈晓东");
    expect(doctorName("陈晓东医生")).toBe("陈晓东");
    expect(doctorName("王海燕")).toBe("王海燕");
    expect(doctorName("医生")).toBe("医生"); // never empty
  });
  it("drops the internal tag of a consent version", () => {
    expect(shownVersion("family-2026-01")).toBe("2026-01");
    expect(shownVersion("sms-2026-01")).toBe("2026-01");
    expect(shownVersion("2026-01")).toBe("2026-01");
  });
});
