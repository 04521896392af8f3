// A patient's home readings as a FHIR R4 Bundle (type "collection") for hospital systems:
// one Patient, a Condition per programme condition recorded for them (SNOMED CT and ICD-10),
// a blood-pressure panel per BP reading (systolic/diastolic components), a heart rate per
// reading that has a pulse, a capillary glucose per glucose reading. LOINC codes per
// docs/definitions.md; units are UCUM.
import { conditionsOf, type PatientCondition, type ProgrammeCondition } from "@steady/shared";

const LOINC = "http://loinc.org";
const UCUM = "http://unitsofmeasure.org";
const CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
const SNOMED = "http://snomed.info/sct";
const ICD10 = "http://hl7.org/fhir/sid/icd-10";
const CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
const CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";

/** The programme's conditions as SNOMED CT and ICD-10 codings. */
export const CONDITION_CODES: Record<ProgrammeCondition, { text: string; coding: Coding[] }> = {
  hypertension: {
    text: "Hypertension",
    coding: [
      { system: SNOMED, code: "38341003", display: "Hypertensive disorder, systemic arterial (disorder)" },
      { system: ICD10, code: "I10", display: "Essential (primary) hypertension" },
    ],
  },
  diabetes: {
    text: "Type 2 diabetes mellitus",
    coding: [
      { system: SNOMED, code: "44054006", display: "Diabetes mellitus type 2 (disorder)" },
      { system: ICD10, code: "E11", display: "Type 2 diabetes mellitus" },
    ],
  },
};

export const FHIR_CODES = {
  bpPanel: { code: "85354-9", display: "Blood pressure panel with all children optional" },
  systolic: { code: "8480-6", display: "Systolic blood pressure" },
  diastolic: { code: "8462-4", display: "Diastolic blood pressure" },
  heartRate: { code: "8867-4", display: "Heart rate" },
  glucose: { code: "14743-9", display: "Glucose [Moles/volume] in Capillary blood by Glucometer" },
} as const;

export interface FhirPatientInput {
  id: string;
  name: string | null;
  sex: string | null;
  birthYear: number | null;
  condition: PatientCondition | null;
}
export interface FhirBpInput {
  id: string;
  systolic: number;
  diastolic: number;
  pulse: number | null;
  measuredAt: number;
}
export interface FhirGlucoseInput {
  id: string;
  mmol: number;
  context: string;
  measuredAt: number;
}

type Coding = { system: string; code: string; display: string };
const loinc = (c: { code: string; display: string }): { coding: Coding[]; text: string } => ({
  coding: [{ system: LOINC, ...c }],
  text: c.display,
});
const category = (code: "vital-signs" | "laboratory") => [
  {
    coding: [{ system: CATEGORY, code, display: code === "vital-signs" ? "Vital Signs" : "Laboratory" }],
  },
];
const quantity = (value: number, unit: string, code: string) => ({ value, unit, system: UCUM, code });
const mmHg = (value: number) => quantity(value, "mmHg", "mm[Hg]");

const GLUCOSE_CONTEXT_TEXT: Record<string, string> = {
  fasting: "fasting",
  before_meal: "before a meal",
  after_meal_2h: "2 hours after a meal",
  bedtime: "at bedtime",
  random: "random (not timed to a meal)",
};

/**
 * A stable UUID for a resource derived from another id (the heart rate taken with a BP reading),
 * so exporting twice yields the same fullUrl: SHA-256 of the name, laid out as a UUIDv8.
 */
export async function derivedUuid(name: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name))).slice(
    0,
    16,
  );
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80; // version 8
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const GENDERS: Record<string, string> = { female: "female", male: "male", other: "other" };

export async function fhirBundle(input: {
  patient: FhirPatientInput;
  bp: FhirBpInput[];
  glucose: FhirGlucoseInput[];
  generatedAt: number;
}) {
  const { patient } = input;
  const subject = { reference: `urn:uuid:${patient.id}` };
  const iso = (ms: number) => new Date(ms).toISOString();
  const entries: { fullUrl: string; resource: Record<string, unknown> }[] = [
    {
      fullUrl: `urn:uuid:${patient.id}`,
      resource: {
        resourceType: "Patient",
        id: patient.id,
        ...(patient.name ? { name: [{ text: patient.name }] } : {}),
        gender: GENDERS[patient.sex ?? ""] ?? "unknown",
        // FHIR dates may be just a year: only the birth year is collected.
        ...(patient.birthYear ? { birthDate: String(patient.birthYear) } : {}),
      },
    },
  ];
  for (const c of conditionsOf(patient.condition)) {
    const id = await derivedUuid(`condition:${patient.id}:${c}`);
    entries.push({
      fullUrl: `urn:uuid:${id}`,
      resource: {
        resourceType: "Condition",
        id,
        clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: "active", display: "Active" }] },
        category: [
          {
            coding: [{ system: CONDITION_CATEGORY, code: "problem-list-item", display: "Problem List Item" }],
          },
        ],
        code: CONDITION_CODES[c],
        subject,
      },
    });
  }
  for (const r of input.bp) {
    entries.push({
      fullUrl: `urn:uuid:${r.id}`,
      resource: {
        resourceType: "Observation",
        id: r.id,
        status: "final",
        category: category("vital-signs"),
        code: loinc(FHIR_CODES.bpPanel),
        subject,
        effectiveDateTime: iso(r.measuredAt),
        component: [
          { code: loinc(FHIR_CODES.systolic), valueQuantity: mmHg(r.systolic) },
          { code: loinc(FHIR_CODES.diastolic), valueQuantity: mmHg(r.diastolic) },
        ],
      },
    });
    if (r.pulse != null) {
      const id = await derivedUuid(`heart-rate:${r.id}`);
      entries.push({
        fullUrl: `urn:uuid:${id}`,
        resource: {
          resourceType: "Observation",
          id,
          status: "final",
          category: category("vital-signs"),
          code: loinc(FHIR_CODES.heartRate),
          subject,
          effectiveDateTime: iso(r.measuredAt),
          valueQuantity: quantity(r.pulse, "beats/minute", "/min"),
          derivedFrom: [{ reference: `urn:uuid:${r.id}` }],
        },
      });
    }
  }
  for (const g of input.glucose) {
    entries.push({
      fullUrl: `urn:uuid:${g.id}`,
      resource: {
        resourceType: "Observation",
        id: g.id,
        status: "final",
        category: category("laboratory"),
        code: loinc(FHIR_CODES.glucose),
        subject,
        effectiveDateTime: iso(g.measuredAt),
        valueQuantity: quantity(g.mmol, "mmol/L", "mmol/L"),
        note: [{ text: `Home glucometer, ${GLUCOSE_CONTEXT_TEXT[g.context] ?? g.context}` }],
      },
    });
  }
  return {
    resourceType: "Bundle",
    id: await derivedUuid(`bundle:${patient.id}:${input.generatedAt}`),
    type: "collection",
    timestamp: iso(input.generatedAt),
    entry: entries,
  };
}
