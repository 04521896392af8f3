// The exports of a case, checked over the real app: the ICH E2B(R3) ICSR element by element,
// the FHIR R4 AdverseEvent's required structure, and RFC 4180 quoting.
//
// E2B(R3) elements checked (ICH E2B(R3) implementation guide; the batch/message wrapper and the
// case's mandatory elements, plus what this programme fixes):
//   N.1.1 type of messages in batch (ichicsr = 1)      N.1.2 batch number
//   N.1.3 batch sender id                              N.1.4 batch receiver id
//   N.1.5 date of batch transmission                   N.2.r.1 message identifier
//   N.2.r.2 message sender id                          N.2.r.3 message receiver id
//   N.2.r.4 date of message creation                   interaction id PORR_IN049016UV
//   C.1.1 sender's safety report unique id             C.1.2 date of creation
//   C.1.3 type of report = 2 (report from study)       C.1.4 date report first received from source
//   C.1.5 date of most recent information              C.1.7 fulfil local criteria for expedited report
//   C.1.8.1 worldwide unique case identification       C.2.r.4 qualification (primary source)
//   C.2.r.5 primary source for regulatory purposes     C.3.1 sender type
//   C.5.4 study type where reaction(s) observed = 4 (patient support programme)
//   C.1.CN.1 = 7, C.1.CN.2 = 12 (NMPA regional)         D.1 patient (initials)
//   D.2.2 age at time of onset (value, unit a)         D.5 sex (ISO 5218)
//   E.i.1.1a reaction as reported (verbatim, no MedDRA) E.i.3.2a–f seriousness criteria
//   E.i.7 outcome                                      G.k.1 characterisation of drug role
//   G.k.2.2 medicinal product name as reported         H.1 case narrative
// Not emitted (documented gaps, to confirm against the MAH's gateway): C.1.8.2 first sender,
// C.1.9.1 is sent as "no information", and MedDRA codes (E.i.2.1), which the MAH assigns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { csvField, toCsv } from "./exports";

// jsdom ships without type declarations here; this is the little of it the test uses.
// biome-ignore lint/suspicious/noExplicitAny: untyped module boundary.
type AnyNode = any;
const { JSDOM } = (await import("jsdom")) as unknown as {
  JSDOM: new () => { window: { DOMParser: new () => { parseFromString(s: string, t: string): AnyNode } } };
};

const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const OBS = "2.16.840.1.113883.3.989.2.1.1.19";

let t: TestApp;
let safety: string;
let doc: AnyNode;
let xml: string;
const win = new JSDOM().window;

const HL7 = "urn:hl7-org:v3";

/**
 * A small XPath subset over the hl7 namespace (jsdom's XPath does not resolve namespaces):
 * `/`-separated `h:name` steps with predicates `[h:code/@a='v' and @b='w']` or `[n]`, and a last
 * `@attr` step. Enough to name each E2B element by its path.
 */
function nodes(path: string, ctx: AnyNode = doc): AnyNode[] {
  const steps: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of path.replace(/^\//, "")) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (ch === "/" && depth === 0) {
      steps.push(cur);
      cur = "";
    } else cur += ch;
  }
  steps.push(cur);
  let set: AnyNode[] = [ctx];
  for (const step of steps) {
    if (step.startsWith("@")) {
      set = set.filter((n) => n.hasAttribute(step.slice(1))).map((n) => n.getAttributeNode(step.slice(1)));
      continue;
    }
    const m = /^h:(\w+)((?:\[[^\]]*\])*)$/.exec(step);
    if (!m) throw new Error(`unsupported step ${step}`);
    const preds = [...(m[2] ?? "").matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] as string);
    set = set.flatMap((n) => {
      let kids = Array.from(n.childNodes as ArrayLike<AnyNode>).filter(
        (k) => k.nodeType === 1 && k.localName === m[1] && k.namespaceURI === HL7,
      );
      for (const pred of preds) {
        if (/^\d+$/.test(pred)) {
          kids = kids.slice(Number(pred) - 1, Number(pred));
          continue;
        }
        kids = kids.filter((k) =>
          pred.split(" and ").every((cond) => {
            const c = /^(?:h:(\w+)\/)?@(\w+)='([^']*)'$/.exec(cond.trim());
            if (!c) throw new Error(`unsupported predicate ${cond}`);
            const holders = c[1] ? nodes(`h:${c[1]}`, k) : [k];
            return holders.some((h) => h.getAttribute(c[2]) === c[3]);
          }),
        );
      }
      return kids;
    });
  }
  return set;
}
const one = (path: string) => {
  const found = nodes(path);
  expect(found.length, path).toBe(1);
  return found[0];
};
const attr = (path: string, name: string) => one(path).getAttribute(name) as string;

const ICSR = "/h:MCCI_IN200100UV01/h:PORR_IN049016UV";
const CASE = `${ICSR}/h:controlActProcess/h:subject/h:investigationEvent`;
const ROLE = `${CASE}/h:component/h:adverseEventAssessment/h:subject1/h:primaryRole`;

beforeAll(async () => {
  t = await makeTestApp();
  const token = await t.enrolledPatient("Li Mei");
  await t.call("POST", "/api/v1/me/plans", {
    token,
    body: {
      id: uuid(900),
      drug: "氨氯地平片 <Norvasc>",
      dose: "5 mg",
      times: ["08:00"],
      startDate: "2026-11-01",
    },
  });
  await t.call("POST", "/api/v1/me/plans", {
    token,
    body: { id: uuid(901), drug: "二甲双胍", dose: "500 mg", times: ["08:00"], startDate: "2026-10-01" },
  });
  const r = await t.call("POST", "/api/v1/me/side-effects", {
    token,
    body: {
      id: uuid(1),
      description: "吃药后头晕 & 摔倒，去了急诊住院",
      symptoms: ["头晕", "摔倒"],
      planIds: [uuid(900)],
      startedOn: "2026-11-18",
      stillHappening: false,
      seriousness: ["hospitalisation"],
      contactConsent: true,
    },
  });
  expect(r.status).toBe(201);
  safety = await t.portalLogin("safety@demo.test");
  const res = await t.call("GET", `/api/v1/safety/cases/${uuid(1)}/e2b.xml`, { cookie: safety });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/xml");
  xml = res.json as string;
  doc = new win.DOMParser().parseFromString(xml, "application/xml");
  expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
});
afterAll(() => t.close());

describe("E2B(R3) ICSR", () => {
  it("batch wrapper: N.1.1–N.1.5", () => {
    expect(attr("/h:MCCI_IN200100UV01/h:name", "code")).toBe("1");
    expect(attr("/h:MCCI_IN200100UV01/h:id", "root")).toBe("2.16.840.1.113883.3.989.2.1.3.22");
    expect(attr("/h:MCCI_IN200100UV01/h:id", "extension")).toMatch(/^STD-2026-000001-/);
    expect(attr("/h:MCCI_IN200100UV01/h:sender/h:device/h:id", "root")).toBe(
      "2.16.840.1.113883.3.989.2.1.3.13",
    );
    expect(attr("/h:MCCI_IN200100UV01/h:receiver/h:device/h:id", "root")).toBe(
      "2.16.840.1.113883.3.989.2.1.3.14",
    );
    expect(attr("/h:MCCI_IN200100UV01/h:creationTime", "value")).toBe("20261120100000+0800");
  });

  it("message header: N.2.r.1–N.2.r.4 and the interaction PORR_IN049016UV", () => {
    expect(attr(`${ICSR}/h:interactionId`, "extension")).toBe("PORR_IN049016UV");
    expect(attr(`${ICSR}/h:id`, "root")).toBe("2.16.840.1.113883.3.989.2.1.3.1");
    expect(attr(`${ICSR}/h:sender/h:device/h:id`, "root")).toBe("2.16.840.1.113883.3.989.2.1.3.11");
    expect(attr(`${ICSR}/h:receiver/h:device/h:id`, "root")).toBe("2.16.840.1.113883.3.989.2.1.3.12");
    expect(attr(`${ICSR}/h:creationTime`, "value")).toMatch(/^\d{14}\+0800$/);
    expect(attr(`${ICSR}/h:controlActProcess/h:code`, "code")).toBe("PORR_TE049016UV");
  });

  it("C.1: ids, dates, report type 2, expedited flag", () => {
    expect(attr(`${ICSR}/h:controlActProcess/h:effectiveTime`, "value")).toMatch(/^\d{14}\+0800$/); // C.1.2
    const ids = nodes(`${CASE}/h:id`);
    expect(ids.map((n) => n.getAttribute("root"))).toEqual([
      "2.16.840.1.113883.3.989.2.1.3.1", // C.1.1
      "2.16.840.1.113883.3.989.2.1.3.2", // C.1.8.1
    ]);
    expect(ids[0].getAttribute("extension")).toBe("CN-STEADY-STD-2026-000001");
    expect(attr(`${CASE}/h:effectiveTime/h:low`, "value")).toBe("20261120100000+0800"); // C.1.4
    expect(attr(`${CASE}/h:availabilityTime`, "value")).toBe("20261120100000+0800"); // C.1.5
    const reportType = one(
      `${CASE}/h:subjectOf2/h:investigationCharacteristic[h:code/@code='1' and h:code/@codeSystem='2.16.840.1.113883.3.989.2.1.1.23']/h:value`,
    );
    expect(reportType.getAttribute("code")).toBe("2"); // C.1.3
    expect(reportType.getAttribute("codeSystem")).toBe("2.16.840.1.113883.3.989.2.1.1.2");
    expect(
      attr(
        `${CASE}/h:component/h:observationEvent[h:code/@code='23' and h:code/@codeSystem='${OBS}']/h:value`,
        "value",
      ),
    ).toBe("true"); // C.1.7 (serious)
  });

  it("NMPA regional codes C.1.CN.1 = 7 and C.1.CN.2 = 12", () => {
    expect(attr(`${CASE}/h:component/h:observationEvent[h:code/@code='C.1.CN.1']/h:value`, "code")).toBe("7");
    expect(attr(`${CASE}/h:component/h:observationEvent[h:code/@code='C.1.CN.2']/h:value`, "code")).toBe(
      "12",
    );
  });

  it("C.2 primary source (qualification 5, consumer; priority 1) and C.3.1 sender type", () => {
    const src = `${CASE}/h:outboundRelationship[@typeCode='SPRT']`;
    expect(attr(`${src}/h:priorityNumber`, "value")).toBe("1"); // C.2.r.5
    const q = one(
      `${src}/h:relatedInvestigation/h:subjectOf2/h:controlActEvent/h:author/h:assignedEntity/h:code`,
    );
    expect(q.getAttribute("code")).toBe("5"); // C.2.r.4
    expect(q.getAttribute("codeSystem")).toBe("2.16.840.1.113883.3.989.2.1.1.6");
    expect(
      attr(`${CASE}/h:subjectOf1/h:controlActEvent/h:author/h:assignedEntity/h:code`, "codeSystem"),
    ).toBe("2.16.840.1.113883.3.989.2.1.1.7"); // C.3.1
  });

  it("C.5.4 study type 4: patient support programme", () => {
    const study = one(`${ROLE}/h:subjectOf1/h:researchStudy/h:code`);
    expect(study.getAttribute("code")).toBe("4");
    expect(study.getAttribute("codeSystem")).toBe("2.16.840.1.113883.3.989.2.1.1.8");
  });

  it("D: the patient by initials, sex and age only — no name", () => {
    expect(one(`${ROLE}/h:player1/h:name`).textContent).toBe("LM"); // D.1
    const sex = one(`${ROLE}/h:player1/h:administrativeGenderCode`);
    expect([sex.getAttribute("code"), sex.getAttribute("codeSystem")]).toEqual(["2", "1.0.5218"]); // D.5
    const age = one(
      `${ROLE}/h:subjectOf2/h:observation[h:code/@code='3' and h:code/@codeSystem='${OBS}']/h:value`,
    );
    expect([age.getAttribute("value"), age.getAttribute("unit")]).toEqual(["68", "a"]); // D.2.2
    expect(xml).not.toContain("Li Mei");
  });

  it("E: each reaction verbatim (no MedDRA), its seriousness criteria and outcome", () => {
    const reactions = nodes(
      `${ROLE}/h:subjectOf2/h:observation[h:code/@code='29' and h:code/@codeSystem='${OBS}']`,
    );
    expect(reactions.length).toBe(2);
    const verbatims = reactions.map((r) => nodes("h:value/h:originalText", r)[0].textContent);
    expect(nodes("h:value/@code", reactions[1]).length).toBe(0);
    expect(verbatims).toEqual(["头晕", "摔倒"]); // E.i.1.1a
    expect(nodes("h:value/@code", reactions[0]).length).toBe(0); // no MedDRA code
    const crit = (code: string) =>
      nodes(`h:outboundRelationship2/h:observation[h:code/@code='${code}']/h:value`, reactions[0])[0];
    expect(crit("33").getAttribute("value")).toBe("true"); // E.i.3.2c hospitalisation
    for (const code of ["34", "21", "35", "12", "26"]) {
      expect(crit(code).getAttribute("nullFlavor"), code).toBe("NI"); // E.i.3.2a,b,d,e,f
    }
    expect(nodes("h:effectiveTime/h:low", reactions[0])[0].getAttribute("value")).toBe("20261118"); // E.i.4
    expect(crit("27").getAttribute("code")).toBe("1"); // E.i.7 recovered (no longer happening)
  });

  it("G: suspect and concomitant drugs by name as reported, with their role", () => {
    const drugs = nodes(`${ROLE}/h:subjectOf2/h:organizer/h:component/h:substanceAdministration`);
    const names = drugs.map(
      (d) => nodes("h:consumable/h:instanceOfKind/h:kindOfProduct/h:name", d)[0].textContent,
    );
    expect(names).toEqual(["氨氯地平片 <Norvasc>", "二甲双胍"]); // G.k.2.2, escaped and read back
    expect(xml).toContain("氨氯地平片 &lt;Norvasc&gt;");
    const roles = nodes(`${CASE}/h:component/h:adverseEventAssessment/h:component/h:causalityAssessment`).map(
      (c) => [
        nodes("h:value", c)[0].getAttribute("code"),
        nodes("h:subject2/h:productUseReference/h:id", c)[0].getAttribute("root"),
      ],
    );
    expect(roles).toEqual([
      ["1", drugs[0].getElementsByTagName("id")[0].getAttribute("root")],
      ["2", drugs[1].getElementsByTagName("id")[0].getAttribute("root")],
    ]); // G.k.1: suspect, concomitant
  });

  it("H.1: the narrative carries the report's words", () => {
    expect(one(`${CASE}/h:text`).textContent).toContain("吃药后头晕 & 摔倒");
  });
});

describe("FHIR R4 AdverseEvent", () => {
  it("has the required elements and no name", async () => {
    const r = await t.call("GET", `/api/v1/safety/cases/${uuid(1)}/fhir`, { cookie: safety });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/fhir+json");
    const ae = r.json;
    expect(ae.resourceType).toBe("AdverseEvent");
    expect(ae.actuality).toBe("actual"); // 1..1 in R4
    expect(ae.subject.reference).toMatch(/^Patient\//); // 1..1 in R4
    expect(ae.seriousness.coding[0]).toMatchObject({
      system: "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness",
      code: "serious",
    });
    expect(ae.outcome.coding[0].code).toBe("resolved");
    expect(ae.suspectEntity).toEqual([{ instance: { display: "氨氯地平片 <Norvasc> 5 mg" } }]);
    expect(ae.date).toBe("2026-11-18");
    expect(ae.identifier.value).toBe("STD-2026-000001");
    expect(JSON.stringify(ae)).not.toContain("Li Mei");
  });
});

describe("RFC 4180", () => {
  it("quotes fields with commas, quotes and line breaks; lines end in CRLF", () => {
    expect(csvField('说"不"')).toBe('"说""不"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField(null)).toBe("");
    expect(toCsv(["x", "y"], [[1, "a,b"]])).toBe('x,y\r\n1,"a,b"\r\n');
  });
});
