// A case as exported to the MAH: ICH E2B(R3) ICSR (HL7 v3 PORR_IN049016UV in its batch wrapper),
// FHIR R4 AdverseEvent, and the reconciliation CSV. Verbatim event terms only: MedDRA is licensed
// and the MAH codes. The patient appears by initials, sex and age only — never name or phone.
import { SHANGHAI_OFFSET_MS } from "@steady/shared";
import { type CsvCell, toCsv as writeCsv } from "../http/csv";
import type { CaseRow } from "./cases";

const ICH = "2.16.840.1.113883.3.989.2.1";
const OBS = `${ICH}.1.19`; // E2B(R3) observation codes
export const E2B_OIDS = {
  batchNumber: `${ICH}.3.22`, // N.1.2
  batchSender: `${ICH}.3.13`, // N.1.3
  batchReceiver: `${ICH}.3.14`, // N.1.4
  messageId: `${ICH}.3.1`, // N.2.r.1 and C.1.1
  messageSender: `${ICH}.3.11`, // N.2.r.2
  messageReceiver: `${ICH}.3.12`, // N.2.r.3
  worldwideCaseId: `${ICH}.3.2`, // C.1.8.1
  observation: OBS,
  reportType: `${ICH}.1.2`, // C.1.3 values
  reportCharacteristic: `${ICH}.1.23`,
  qualification: `${ICH}.1.6`, // C.2.r.4
  senderType: `${ICH}.1.7`, // C.3.1
  studyType: `${ICH}.1.8`, // C.5.4
  ageGroup: `${ICH}.1.9`, // D.2.3
  outcome: `${ICH}.1.11`, // E.i.7
  characterisation: `${ICH}.1.13`, // G.k.1
  organizer: `${ICH}.1.20`,
  sourceReport: `${ICH}.1.22`,
} as const;
/**
 * NMPA regional elements (China E2B(R3) regional guide): this programme's fixed values. They are
 * emitted as coded observations named by their element id; the regional code-system OID must be
 * taken from the NMPA guide the MAH's gateway validates against (not guessed here).
 */
export const NMPA = { reportSource: "7", reportCategory: "12" } as const;

const SERIOUSNESS_CODES: [string, string, string][] = [
  ["death", "34", "resultsInDeath"],
  ["life_threatening", "21", "isLifeThreatening"],
  ["hospitalisation", "33", "requiresInpatientHospitalization"],
  ["disability", "35", "resultsInPersistentOrSignificantDisability"],
  ["congenital_anomaly", "12", "congenitalAnomalyBirthDefect"],
  ["medically_important", "26", "otherMedicallyImportantCondition"],
];
const OUTCOME_CODES: Record<string, string> = {
  recovered: "1",
  recovering: "2",
  not_recovered: "3",
  recovered_with_sequelae: "4",
  fatal: "5",
  unknown: "0",
};
const AGE_GROUP_CODES: Record<string, string> = {
  neonate: "1",
  infant: "2",
  child: "3",
  adolescent: "4",
  adult: "5",
  elderly: "6",
};
/** ISO 5218 (D.5): 1 male, 2 female; anything else is not stated. */
const SEX_CODES: Record<string, string> = { male: "1", female: "2" };

export const xmlEscape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch] as string,
  );

/** HL7 TS in Shanghai time: YYYYMMDDHHMMSS+0800. */
export function hl7Ts(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}+0800`;
}
const hl7Date = (day: string) => day.replaceAll("-", "");

export interface E2bOptions {
  senderId: string;
  receiverId: string;
  programmeName: string;
  now: number;
}

/** The case as an ICH E2B(R3) ICSR. */
export function e2bXml(r: CaseRow, o: E2bOptions): string {
  const e = xmlEscape;
  const created = hl7Ts(o.now);
  const safetyReportId = `CN-${o.senderId}-${r.caseNumber}`;
  const narrative = [r.narrative, r.description].filter(Boolean).join("\n\n");
  const drugs = [
    ...r.suspectDrugs.map((d) => ({ ...d, role: "1" })),
    ...r.concomitantDrugs.map((d) => ({ ...d, role: "2" })),
  ].map((d, i) => ({ ...d, ref: `${r.id}-drug-${i + 1}` }));
  const events = r.events.length ? r.events : r.description ? [{ verbatim: r.description }] : [];
  const criteria = (ev: { seriousness?: string[] }) => new Set([...r.seriousness, ...(ev.seriousness ?? [])]);

  const reactions = events
    .map((ev, i) => {
      const c = criteria(ev);
      const when =
        "onsetOn" in ev && (ev.onsetOn || ev.endedOn)
          ? `<effectiveTime xsi:type="IVL_TS">${ev.onsetOn ? `<low value="${hl7Date(ev.onsetOn)}"/>` : ""}${ev.endedOn ? `<high value="${hl7Date(ev.endedOn)}"/>` : ""}</effectiveTime>`
          : "";
      const outcome = ("outcome" in ev && ev.outcome) || r.outcome;
      return `<subjectOf2 typeCode="SBJ"><observation classCode="OBS" moodCode="EVN">
<id root="${e(r.id)}-reaction-${i + 1}"/>
<code code="29" codeSystem="${OBS}" displayName="reaction"/>${when}
<value xsi:type="CE"><originalText language="zh">${e(ev.verbatim)}</originalText></value>
${SERIOUSNESS_CODES.map(
  ([key, code, name]) =>
    `<outboundRelationship2 typeCode="PERT"><observation classCode="OBS" moodCode="EVN"><code code="${code}" codeSystem="${OBS}" displayName="${name}"/><value xsi:type="BL" ${c.has(key) ? 'value="true"' : 'nullFlavor="NI"'}/></observation></outboundRelationship2>`,
).join("\n")}
<outboundRelationship2 typeCode="PERT"><observation classCode="OBS" moodCode="EVN"><code code="27" codeSystem="${OBS}" displayName="outcome"/><value xsi:type="CE" code="${OUTCOME_CODES[outcome ?? "unknown"] ?? "0"}" codeSystem="${E2B_OIDS.outcome}"/></observation></outboundRelationship2>
</observation></subjectOf2>`;
    })
    .join("\n");

  const drugXml = drugs.length
    ? `<subjectOf2 typeCode="SBJ"><organizer classCode="CATEGORY" moodCode="EVN"><code code="4" codeSystem="${E2B_OIDS.organizer}" displayName="drugInformation"/>
${drugs
  .map(
    (d) =>
      `<component typeCode="COMP"><substanceAdministration classCode="SBADM" moodCode="EVN"><id root="${e(d.ref)}"/>${
        d.dose ? `<text>${e(d.dose)}</text>` : ""
      }${d.startedOn ? `<effectiveTime xsi:type="IVL_TS"><low value="${hl7Date(d.startedOn)}"/></effectiveTime>` : ""}<consumable typeCode="CSM"><instanceOfKind classCode="INST"><kindOfProduct classCode="MMAT" determinerCode="KIND"><name>${e(d.name)}</name></kindOfProduct></instanceOfKind></consumable></substanceAdministration></component>`,
  )
  .join("\n")}
</organizer></subjectOf2>`
    : "";

  const characterisations = drugs
    .map(
      (d) =>
        `<component typeCode="COMP"><causalityAssessment classCode="OBS" moodCode="EVN"><code code="20" codeSystem="${OBS}" displayName="interventionCharacterization"/><value xsi:type="CE" code="${d.role}" codeSystem="${E2B_OIDS.characterisation}"/><subject2 typeCode="SUBJ"><productUseReference classCode="SBADM" moodCode="EVN"><id root="${e(d.ref)}"/></productUseReference></subject2></causalityAssessment></component>`,
    )
    .join("\n");

  const patient = `<player1 classCode="PSN" determinerCode="INSTANCE">
${r.patientInitials ? `<name>${e(r.patientInitials)}</name>` : `<name nullFlavor="UNK"/>`}
${SEX_CODES[r.patientSex ?? ""] ? `<administrativeGenderCode code="${SEX_CODES[r.patientSex ?? ""]}" codeSystem="1.0.5218"/>` : `<administrativeGenderCode nullFlavor="UNK"/>`}
</player1>`;
  const age =
    r.patientAgeYears != null
      ? `<subjectOf2 typeCode="SBJ"><observation classCode="OBS" moodCode="EVN"><code code="3" codeSystem="${OBS}" displayName="age"/><value xsi:type="PQ" value="${r.patientAgeYears}" unit="a"/></observation></subjectOf2>`
      : "";
  const ageGroup = r.patientAgeGroup
    ? `<subjectOf2 typeCode="SBJ"><observation classCode="OBS" moodCode="EVN"><code code="4" codeSystem="${OBS}" displayName="ageGroup"/><value xsi:type="CE" code="${AGE_GROUP_CODES[r.patientAgeGroup] ?? "5"}" codeSystem="${E2B_OIDS.ageGroup}"/></observation></subjectOf2>`
    : "";
  const expedited = r.seriousness.length > 0;

  return `<?xml version="1.0" encoding="UTF-8"?>
<MCCI_IN200100UV01 ITSVersion="XML_1.0" xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<id root="${E2B_OIDS.batchNumber}" extension="${e(`${r.caseNumber}-${created}`)}"/>
<creationTime value="${created}"/>
<responseModeCode code="D"/>
<interactionId root="2.16.840.1.113883.1.6" extension="MCCI_IN200100UV01"/>
<name code="1" codeSystem="${ICH}.1.1" displayName="ichicsr"/>
<PORR_IN049016UV>
<id root="${E2B_OIDS.messageId}" extension="${e(safetyReportId)}"/>
<creationTime value="${created}"/>
<interactionId root="2.16.840.1.113883.1.6" extension="PORR_IN049016UV"/>
<processingCode code="P"/>
<processingModeCode code="T"/>
<acceptAckCode code="AL"/>
<receiver typeCode="RCV"><device classCode="DEV" determinerCode="INSTANCE"><id root="${E2B_OIDS.messageReceiver}" extension="${e(o.receiverId)}"/></device></receiver>
<sender typeCode="SND"><device classCode="DEV" determinerCode="INSTANCE"><id root="${E2B_OIDS.messageSender}" extension="${e(o.senderId)}"/></device></sender>
<controlActProcess classCode="CACT" moodCode="EVN">
<code code="PORR_TE049016UV" codeSystem="2.16.840.1.113883.1.18"/>
<effectiveTime value="${created}"/>
<subject typeCode="SUBJ">
<investigationEvent classCode="INVSTG" moodCode="EVN">
<id root="${E2B_OIDS.messageId}" extension="${e(safetyReportId)}"/>
<id root="${E2B_OIDS.worldwideCaseId}" extension="${e(safetyReportId)}"/>
<code code="PAT_ADV_EVNT" codeSystem="2.16.840.1.113883.5.4"/>
<text>${e(narrative)}</text>
<statusCode code="active"/>
<effectiveTime><low value="${hl7Ts(r.awareAt)}"/></effectiveTime>
<availabilityTime value="${hl7Ts(r.latestInfoAt ?? r.awareAt)}"/>
<component typeCode="COMP">
<adverseEventAssessment classCode="INVSTG" moodCode="EVN">
<subject1 typeCode="SBJ">
<primaryRole classCode="INVSBJ">
${patient}
${age}
${ageGroup}
${reactions}
${drugXml}
<subjectOf1 typeCode="SBJ"><researchStudy classCode="CLNTRL" moodCode="EVN"><id extension="${e(r.programmeId ?? "steady")}" root="2.16.840.1.113883.3.989.2.1.3.5"/><code code="4" codeSystem="${E2B_OIDS.studyType}" displayName="patientSupportProgramme"/><title>${e(o.programmeName)}</title></researchStudy></subjectOf1>
</primaryRole>
</subject1>
${characterisations}
</adverseEventAssessment>
</component>
<component typeCode="COMP"><observationEvent classCode="OBS" moodCode="EVN"><code code="23" codeSystem="${OBS}" displayName="localCriteriaForExpedited"/><value xsi:type="BL" value="${expedited}"/></observationEvent></component>
<component typeCode="COMP"><observationEvent classCode="OBS" moodCode="EVN"><code code="C.1.CN.1" displayName="nmpaReportSource"/><value xsi:type="CE" code="${NMPA.reportSource}"/></observationEvent></component>
<component typeCode="COMP"><observationEvent classCode="OBS" moodCode="EVN"><code code="C.1.CN.2" displayName="nmpaReportCategory"/><value xsi:type="CE" code="${NMPA.reportCategory}"/></observationEvent></component>
<outboundRelationship typeCode="SPRT"><priorityNumber value="1"/><relatedInvestigation classCode="INVSTG" moodCode="EVN"><code code="2" codeSystem="${E2B_OIDS.sourceReport}" displayName="sourceReport"/><subjectOf2 typeCode="SUBJ"><controlActEvent classCode="CACT" moodCode="EVN"><author typeCode="AUT"><assignedEntity classCode="ASSIGNED">${
    r.reporterName
      ? `<assignedPerson classCode="PSN" determinerCode="INSTANCE"><name>${e(r.reporterName)}</name></assignedPerson>`
      : ""
  }<code code="${r.reporterQualification ?? 5}" codeSystem="${E2B_OIDS.qualification}"/></assignedEntity></author></controlActEvent></subjectOf2></relatedInvestigation></outboundRelationship>
<subjectOf1 typeCode="SUBJ"><controlActEvent classCode="CACT" moodCode="EVN"><author typeCode="AUT"><assignedEntity classCode="ASSIGNED"><code code="3" codeSystem="${E2B_OIDS.senderType}" displayName="other"/><representedOrganization classCode="ORG" determinerCode="INSTANCE"><name>${e(o.programmeName)}</name></representedOrganization></assignedEntity></author></controlActEvent></subjectOf1>
<subjectOf2 typeCode="SUBJ"><investigationCharacteristic classCode="OBS" moodCode="EVN"><code code="1" codeSystem="${E2B_OIDS.reportCharacteristic}" displayName="ichReportType"/><value xsi:type="CE" code="2" codeSystem="${E2B_OIDS.reportType}"/></investigationCharacteristic></subjectOf2>
<subjectOf2 typeCode="SUBJ"><investigationCharacteristic classCode="OBS" moodCode="EVN"><code code="2" codeSystem="${E2B_OIDS.reportCharacteristic}" displayName="otherCaseIds"/><value xsi:type="BL" nullFlavor="NI"/></investigationCharacteristic></subjectOf2>
</investigationEvent>
</subject>
</controlActProcess>
</PORR_IN049016UV>
<receiver typeCode="RCV"><device classCode="DEV" determinerCode="INSTANCE"><id root="${E2B_OIDS.batchReceiver}" extension="${e(o.receiverId)}"/></device></receiver>
<sender typeCode="SND"><device classCode="DEV" determinerCode="INSTANCE"><id root="${E2B_OIDS.batchSender}" extension="${e(o.senderId)}"/></device></sender>
</MCCI_IN200100UV01>
`;
}

const FHIR_SERIOUS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
const FHIR_OUTCOME = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
const FHIR_OUTCOMES: Record<string, string> = {
  recovered: "resolved",
  recovering: "recovering",
  not_recovered: "ongoing",
  recovered_with_sequelae: "resolvedWithSequelae",
  fatal: "fatal",
  unknown: "unknown",
};

/** The case as a FHIR R4 AdverseEvent (actuality "actual": an event, not a risk). */
export function fhirAdverseEvent(r: CaseRow, o: { now: number }) {
  const serious = r.seriousness.length > 0;
  const outcome = r.outcome ?? r.events.find((ev) => ev.outcome)?.outcome;
  const firstOnset = r.events
    .map((ev) => ev.onsetOn)
    .filter(Boolean)
    .sort()[0];
  return {
    resourceType: "AdverseEvent",
    id: r.id,
    meta: { lastUpdated: new Date(o.now).toISOString() },
    identifier: { system: "urn:steady:safety-case", value: r.caseNumber },
    actuality: "actual",
    category: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/adverse-event-category",
            code: "medication-mishap",
            display: "Medication Mishap",
          },
        ],
      },
    ],
    event: { text: [...r.events.map((ev) => ev.verbatim)].join("；") || r.description || "" },
    // A pseudonymous reference: no name travels in the resource.
    subject: r.patientId
      ? { reference: `Patient/${r.patientId}`, display: r.patientInitials ?? undefined }
      : {
          display:
            [r.patientInitials, r.patientSex, r.patientAgeYears].filter((x) => x != null).join(" ") ||
            "unknown",
        },
    ...(firstOnset ? { date: firstOnset } : {}),
    detected: new Date(r.awareAt).toISOString(),
    recordedDate: new Date(r.receivedAt).toISOString(),
    seriousness: {
      coding: [
        {
          system: FHIR_SERIOUS,
          code: serious ? "serious" : "non-serious",
          display: serious ? "Serious" : "Non-serious",
        },
      ],
    },
    ...(outcome
      ? { outcome: { coding: [{ system: FHIR_OUTCOME, code: FHIR_OUTCOMES[outcome] ?? "unknown" }] } }
      : {}),
    suspectEntity: r.suspectDrugs.map((d) => ({
      instance: { display: [d.name, d.dose].filter(Boolean).join(" ") },
    })),
    ...(r.concomitantDrugs.length
      ? {
          extension: [
            {
              url: "urn:steady:fhir:concomitant-medication",
              valueString: r.concomitantDrugs.map((d) => d.name).join(", "),
            },
          ],
        }
      : {}),
  };
}

/** The reconciliation CSV: RFC 4180 through the worker's one CSV writer (http/csv.ts). */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return writeCsv(header, rows);
}
