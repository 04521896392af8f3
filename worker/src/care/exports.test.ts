// CSV cells and FHIR resources built by hand-checkable rules.
import { describe, expect, it } from "vitest";
import type { TriageRow } from "../triage/list";
import { csvText, triageCsv } from "./csv";
import { derivedUuid, fhirBundle } from "./fhir";

describe("csvText", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvText("王, 秀英")).toBe('"王, 秀英"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText("a\nb")).toBe('"a\nb"');
    expect(csvText("plain")).toBe("plain");
  });

  it("keeps a would-be formula as text", () => {
    expect(csvText("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvText("+1")).toBe("'+1");
    expect(csvText("@x,y")).toBe(`"'@x,y"`);
  });
});

describe("triageCsv", () => {
  const row: TriageRow = {
    patientId: "p1",
    name: "李梅",
    doctorName: "陈晓东 医生",
    condition: "both",
    tier: "attention",
    reasons: ["7 天平均血压 152/94（目标 <135/85）", "14 天内服药 6/14 次"],
    reasonCodes: [],
    doseAdherence14d: 6 / 14,
    daysCovered30d: 0.5,
    bpMean7d: { systolic: 152, diastolic: 94 },
    lastActivityAt: "2026-11-19T23:30:00.000Z",
    enrolledAt: "2026-09-01T02:00:00.000Z",
    openAlerts: 0,
    urgentAlert: null,
    unreachable: null,
  };

  it("writes one line per row in the clinic's clock", () => {
    const lines = triageCsv([row], "zh-CN").slice(1).split("\r\n");
    // 6/14 = 42.9 % → 43%; 23:30Z is 07:30 the next day in Shanghai.
    expect(lines[1]).toBe(
      "需关注,李梅,陈晓东 医生,高血压+2型糖尿病,7 天平均血压 152/94（目标 <135/85）；14 天内服药 6/14 次,43%,50%,152/94,2026-11-20 07:30,0,2026-09-01,p1",
    );
    expect(lines[2]).toBe("");
  });

  it("leaves the condition empty when nobody has recorded it, and writes it in English", () => {
    const csv = triageCsv(
      [
        { ...row, condition: null },
        { ...row, condition: "diabetes" },
      ],
      "en",
    );
    const cells = csv.split("\r\n").map((l) => l.split(","));
    expect(cells[0]?.[3]).toBe("Condition");
    expect([cells[1]?.[3], cells[2]?.[3]]).toEqual(["", "Type 2 diabetes"]);
  });
});

type Component = { code: { coding: { code: string }[] }; valueQuantity: { value: number; code: string } };
type Resource = Record<string, unknown> & { component: Component[] };

describe("FHIR", () => {
  it("derives a stable, well-formed UUID for resources without an id of their own", async () => {
    const a = await derivedUuid("heart-rate:x");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await derivedUuid("heart-rate:x")).toBe(a);
    expect(await derivedUuid("heart-rate:y")).not.toBe(a);
  });

  it("builds a BP panel with systolic/diastolic components in mm[Hg] and a pulse as its own observation", async () => {
    const bundle = await fhirBundle({
      patient: {
        id: "0194f3a0-0000-7000-8000-000000000001",
        name: "李梅",
        sex: "female",
        birthYear: 1958,
        condition: null,
      },
      bp: [
        {
          id: "0194f3a0-0000-7000-8000-000000000002",
          systolic: 150,
          diastolic: 92,
          pulse: 70,
          measuredAt: Date.parse("2026-11-20T00:00:00Z"),
        },
      ],
      glucose: [],
      generatedAt: Date.parse("2026-11-20T02:00:00Z"),
    });
    expect(bundle.timestamp).toBe("2026-11-20T02:00:00.000Z");
    const [patient, panel, pulse] = bundle.entry.map((e) => e.resource) as Resource[];
    expect(patient).toMatchObject({ resourceType: "Patient", gender: "female", birthDate: "1958" });
    expect(
      panel?.component.map((c) => [c.code.coding[0]?.code, c.valueQuantity.value, c.valueQuantity.code]),
    ).toEqual([
      ["8480-6", 150, "mm[Hg]"],
      ["8462-4", 92, "mm[Hg]"],
    ]);
    expect(panel?.effectiveDateTime).toBe("2026-11-20T00:00:00.000Z");
    expect(pulse).toMatchObject({
      code: { coding: [{ code: "8867-4" }] },
      valueQuantity: { value: 70, code: "/min" },
    });
    expect(new Set(bundle.entry.map((e) => e.fullUrl)).size).toBe(3);
  });

  it("states each recorded condition as an active Condition coded in SNOMED CT and ICD-10", async () => {
    const patient = { id: "p-both", name: null, sex: null, birthYear: null };
    const build = (condition: "both" | "diabetes" | null) =>
      fhirBundle({ patient: { ...patient, condition }, bp: [], glucose: [], generatedAt: 0 });
    const conditions = (b: Awaited<ReturnType<typeof build>>) =>
      b.entry
        .map(
          (e) =>
            e.resource as { resourceType: string; code?: { coding: { system: string; code: string }[] } },
        )
        .filter((r) => r.resourceType === "Condition")
        .map((r) => r.code?.coding.map((c) => `${c.system.split("/").pop()}:${c.code}`).join(" "));
    expect(conditions(await build("both"))).toEqual(["sct:38341003 icd-10:I10", "sct:44054006 icd-10:E11"]);
    expect(conditions(await build("diabetes"))).toEqual(["sct:44054006 icd-10:E11"]);
    expect(conditions(await build(null))).toEqual([]);
    const [, first] = (await build("both")).entry;
    expect(first?.resource).toMatchObject({
      subject: { reference: "urn:uuid:p-both" },
      clinicalStatus: { coding: [{ code: "active" }] },
    });
  });
});
