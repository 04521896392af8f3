// Clinical urgency in the triage list and the alert inbox (ADR 0012), worked through the real app
// and a real libSQL file: nine patients of clinic A with open alerts raised over the past week,
// one of whom logs BP 185/115 and glucose 2.8 mmol/L minutes ago (issue #15). Before ADR 0012
// the 紧急 tier was sorted by 14-day adherence, then name, which put that patient 8th of 9.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../app.test-support";
import type { TriageRow } from "./list";
import { triageListFromScratch } from "./snapshot-scratch.test-support";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

let t: TestApp;
let doctorA: string;
const ids = new Map<string, string>();
let n = 100;

type Reading = { bp: [number, number] } | { glucose: number };

/** Each patient and their readings: minutes before T0 that each was logged (and raised its alert). */
const PATIENTS: [name: string, readings: [Reading, number][]][] = [
  ["安宁", [[{ bp: [178, 112] }, 6 * DAY]]], // grade 3 → bp_urgent
  ["白雪", [[{ glucose: 18.2 }, 26 * HOUR]]], // > 16.7 → glucose_very_high
  ["陈东", [[{ bp: [192, 104] }, 3 * DAY]]], // > 180 → bp_crisis
  ["丁香", [[{ glucose: 2.6 }, 5 * DAY]]], // < 3.0 → glucose_hypo_l2
  ["方圆", [[{ bp: [176, 111] }, 9 * HOUR]]],
  ["高山", [[{ glucose: 17.4 }, 40 * MIN]]],
  [
    "胡杨",
    [
      [{ bp: [180, 100] }, 2 * DAY],
      [{ bp: [182, 108] }, 4 * DAY], // > 180 → bp_crisis, older
    ],
  ],
  // The patient: BP 185/115 three minutes ago, glucose 2.8 two minutes ago.
  [
    "郑好",
    [
      [{ bp: [185, 115] }, 3 * MIN],
      [{ glucose: 2.8 }, 2 * MIN],
    ],
  ],
  ["周全", [[{ bp: [179, 113] }, 2 * DAY]]],
];

async function enrol(name: string) {
  const token = await t.enrolledPatient(name);
  const me = await t.call("GET", "/api/v1/auth/me", { token });
  return { token, id: me.json.patientId as string };
}

beforeAll(async () => {
  t = await makeTestApp({ patients: 0, now: T0 - 8 * DAY });
  const events: { token: string; reading: Reading; at: number }[] = [];
  for (const [name, readings] of PATIENTS) {
    const { token, id } = await enrol(name);
    ids.set(name, id);
    for (const [reading, ago] of readings) events.push({ token, reading, at: T0 - ago });
  }
  // Logged in time order, the server's clock at each: an alert is raised when its reading arrives.
  events.sort((a, b) => a.at - b.at);
  for (const { token, reading, at } of events) {
    t.setNow(at);
    const id = uuid(n++);
    const r =
      "bp" in reading
        ? await t.call("POST", "/api/v1/me/bp", {
            token,
            body: { id, systolic: reading.bp[0], diastolic: reading.bp[1], measuredAt: at },
          })
        : await t.call("POST", "/api/v1/me/glucose", {
            token,
            body: { id, value: reading.glucose, unit: "mmol/L", context: "fasting", measuredAt: at },
          });
    if (r.status !== 201 || !r.json.alert) throw new Error(`reading ${JSON.stringify(reading)}: ${r.status}`);
  }
  t.setNow(T0);
  doctorA = await t.portalLogin("doctor.a@demo.test");
});
afterAll(() => t.close());

const names = (rows: { patientId?: string; patient?: { id: string } }[]) => {
  const byId = new Map([...ids].map(([name, id]) => [id, name]));
  return rows.map((r) => byId.get(r.patientId ?? r.patient?.id ?? "") ?? "?");
};

describe("triage by clinical urgency", () => {
  it("the patient with BP 185/115 and glucose 2.8 minutes ago is first of 9 in 紧急", async () => {
    const r = await t.call("GET", "/api/v1/patients?tier=urgent", { cookie: doctorA });
    expect(r.status).toBe(200);
    const rows = r.json as TriageRow[];
    expect(rows).toHaveLength(9);
    // Critical alerts (hypo L2, BP crisis) newest first: 郑好 2 min, 陈东 3 d, 胡杨 4 d, 丁香 5 d;
    // then serious ones (grade-3 BP, > 16.7) newest first: 高山 40 min, 方圆 9 h, 白雪 26 h,
    // 周全 2 d, 安宁 6 d.
    expect(names(rows)).toEqual(["郑好", "陈东", "胡杨", "丁香", "高山", "方圆", "白雪", "周全", "安宁"]);
    const first = rows[0] as TriageRow;
    expect(first.openAlerts).toBe(2);
    // Its lead alert is the level-2 hypo, the newer of its two critical alerts.
    expect(first.urgentAlert).toEqual({
      kind: "glucose_hypo_l2",
      raisedAt: new Date(T0 - 2 * MIN).toISOString(),
    });
    // 胡杨's lead is its older crisis, not its newer grade-3 reading.
    expect(rows[2]?.urgentAlert).toEqual({
      kind: "bp_crisis",
      raisedAt: new Date(T0 - 4 * DAY).toISOString(),
    });
    // By the old order (adherence — nothing due for anyone here — then name) 郑好 was 8th of 9.
    const old = [...rows].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    expect(names(old).indexOf("郑好")).toBe(7);
  });

  it("the snapshot list and the from-scratch reference agree on that order", async () => {
    const fromScratch = await triageListFromScratch(t.db, ["clinic-a"], t.now, "zh-CN");
    const r = await t.call("GET", "/api/v1/patients", { cookie: doctorA });
    expect(names(r.json)).toEqual(names(fromScratch));
    expect(r.json).toEqual(JSON.parse(JSON.stringify(fromScratch)));
  });

  it("acknowledging the hypo leaves the crisis as the lead; acknowledging both moves the patient out of 紧急", async () => {
    const open = (await t.call("GET", "/api/v1/alerts?status=open", { cookie: doctorA })).json.alerts;
    const mine = open.filter((a: { patient: { id: string } }) => a.patient.id === ids.get("郑好"));
    expect(mine.map((a: { kind: string }) => a.kind)).toEqual(["glucose_hypo_l2", "bp_crisis"]);
    expect((await t.call("POST", `/api/v1/alerts/${mine[0].id}/ack`, { cookie: doctorA })).status).toBe(200);
    let rows = (await t.call("GET", "/api/v1/patients?tier=urgent", { cookie: doctorA })).json as TriageRow[];
    // Still critical and the newest critical one (3 min): still first.
    expect(names(rows)[0]).toBe("郑好");
    expect(rows[0]?.urgentAlert?.kind).toBe("bp_crisis");
    expect(rows[0]?.openAlerts).toBe(1);
    expect((await t.call("POST", `/api/v1/alerts/${mine[1].id}/ack`, { cookie: doctorA })).status).toBe(200);
    rows = (await t.call("GET", "/api/v1/patients?tier=urgent", { cookie: doctorA })).json as TriageRow[];
    expect(names(rows)).toEqual(["陈东", "胡杨", "丁香", "高山", "方圆", "白雪", "周全", "安宁"]);
    const all = (await t.call("GET", "/api/v1/patients", { cookie: doctorA })).json as TriageRow[];
    const zheng = all.find((x) => x.patientId === ids.get("郑好"));
    expect(zheng?.tier).not.toBe("urgent");
    expect(zheng?.urgentAlert).toBeNull();
  });
});

describe("alert inbox by clinical urgency", () => {
  it("open alerts: critical first, newest first within a level; acknowledged ones after", async () => {
    const r = await t.call("GET", "/api/v1/alerts", { cookie: doctorA });
    expect(r.status).toBe(200);
    const alerts = r.json.alerts as {
      kind: string;
      raisedAt: string;
      patient: { id: string };
      acknowledged: unknown;
    }[];
    const open = alerts.filter((a) => !a.acknowledged);
    // 郑好's two were acknowledged above: they follow the open ones.
    expect(names(open)).toEqual(["陈东", "胡杨", "丁香", "高山", "方圆", "白雪", "胡杨", "周全", "安宁"]);
    expect(open.map((a) => a.kind)).toEqual([
      "bp_crisis",
      "bp_crisis",
      "glucose_hypo_l2",
      "glucose_very_high",
      "bp_urgent",
      "glucose_very_high",
      "bp_urgent",
      "bp_urgent",
      "bp_urgent",
    ]);
    expect(names(alerts.slice(open.length))).toEqual(["郑好", "郑好"]);
    expect(alerts.slice(0, open.length).every((a) => !a.acknowledged)).toBe(true);
  });

  it("a new crisis goes to the top of the inbox at once", async () => {
    t.setNow(T0 + 5 * MIN);
    doctorA = await t.portalLogin("doctor.a@demo.test");
    const token = await t.patientLogin("周全");
    const posted = await t.call("POST", "/api/v1/me/glucose", {
      token,
      body: { id: uuid(999), value: 2.4, unit: "mmol/L", context: "bedtime", measuredAt: T0 + 4 * MIN },
    });
    expect(posted.json.alert.kind).toBe("glucose_hypo_l2");
    const open = (await t.call("GET", "/api/v1/alerts?status=open", { cookie: doctorA })).json.alerts;
    expect(open[0].id).toBe(posted.json.alert.id);
    const rows = (await t.call("GET", "/api/v1/patients?tier=urgent", { cookie: doctorA }))
      .json as TriageRow[];
    expect(names(rows)[0]).toBe("周全");
  });
});
