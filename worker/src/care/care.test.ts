// The portal's care routes over the real app and a real libSQL file: notes, calls and
// escalations, doctor edits of plans and targets, the alert inbox, exports — and who may do what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../app.test-support";

const DAY = 86_400_000;
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

let t: TestApp;
let doctorA: string;
let assistantA: string;
let doctorB: string;
let patientToken: string;
let patientId: string;

beforeAll(async () => {
  t = await makeTestApp();
  patientToken = await t.enrolledPatient("张秀英");
  patientId = (await t.call("GET", "/api/v1/auth/me", { token: patientToken })).json.patientId;
  await signIn();
});

/** Portal sessions last 12 h: sign in again whenever the clock jumps. */
async function signIn() {
  doctorA = await t.portalLogin("doctor.a@demo.test");
  assistantA = await t.portalLogin("assistant.a@demo.test");
  doctorB = await t.portalLogin("doctor.b@demo.test");
}
async function setNow(ms: number) {
  t.setNow(ms);
  await signIn();
}
afterAll(() => t.close());

const audits = async (action: string) =>
  (await t.db.run(`SELECT count(*) AS n FROM audit_events WHERE action = '${action}'`)).rows[0]?.n;

describe("who may do what", () => {
  it("never lets an assistant change a plan or a target", async () => {
    const plan = { id: uuid(1), drug: "氨氯地平", dose: "5 mg", times: ["08:00"], startDate: "2026-11-20" };
    expect(
      (await t.call("POST", `/api/v1/patients/${patientId}/plans`, { cookie: assistantA, body: plan }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.call("PUT", `/api/v1/patients/${patientId}/targets`, {
          cookie: assistantA,
          body: { bp: null },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.call("PATCH", `/api/v1/patients/${patientId}/plans/${uuid(1)}`, {
          cookie: assistantA,
          body: { dose: "1" },
        })
      ).status,
    ).toBe(403);
  });

  it("answers 404 to another clinic's doctor on every patient route, and to nobody signed in 401", async () => {
    const paths = ["notes", "follow-ups", "fhir"];
    for (const p of paths) {
      const r = await t.call("GET", `/api/v1/patients/${patientId}/${p}`, { cookie: doctorB });
      expect(r.status, p).toBe(404);
    }
    const write = await t.call("POST", `/api/v1/patients/${patientId}/notes`, {
      cookie: doctorB,
      body: { id: uuid(2), body: "hello" },
    });
    expect(write.status).toBe(404);
    const target = await t.call("PUT", `/api/v1/patients/${patientId}/targets`, {
      cookie: doctorB,
      body: { bp: { systolic: 130, diastolic: 80 } },
    });
    expect(target.status).toBe(404);
    expect((await t.call("GET", `/api/v1/patients/${patientId}/notes`)).status).toBe(401);
  });

  it("refuses a cross-origin write with the session cookie (CSRF)", async () => {
    const r = await t.call("POST", `/api/v1/patients/${patientId}/notes`, {
      cookie: doctorA,
      origin: "https://evil.example",
      body: { id: uuid(3), body: "x" },
    });
    expect(r.status).toBe(403);
  });
});

describe("notes", () => {
  it("adds a note once however often it is sent, with its author, and audits the read", async () => {
    const body = { id: uuid(10), body: "电话随访：家属说最近在外地" };
    const first = await t.call("POST", `/api/v1/patients/${patientId}/notes`, { cookie: assistantA, body });
    expect(first.status).toBe(201);
    expect(first.json.author.name).toBe("林静 医学助理");
    expect(
      (await t.call("POST", `/api/v1/patients/${patientId}/notes`, { cookie: assistantA, body })).status,
    ).toBe(200);
    const other = await t.call("POST", `/api/v1/patients/${patientId}/notes`, {
      cookie: assistantA,
      body: { ...body, body: "changed" },
    });
    expect(other.status).toBe(409);
    const before = Number(await audits("read_notes"));
    const list = await t.call("GET", `/api/v1/patients/${patientId}/notes`, { cookie: doctorA });
    expect(list.json.notes.map((n: { body: string }) => n.body)).toEqual([body.body]);
    expect(Number(await audits("read_notes"))).toBe(before + 1);
  });

  it("names the empty field", async () => {
    const r = await t.call("POST", `/api/v1/patients/${patientId}/notes`, {
      cookie: doctorA,
      body: { id: uuid(11), body: "   " },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("body");
  });
});

describe("follow-up calls", () => {
  const worklist = async (cookie: string) =>
    (await t.call("GET", "/api/v1/follow-ups", { cookie })).json.rows as {
      patientId: string;
      dueDate: string;
      attempts: number;
      calledToday: boolean;
      phone: string | null;
    }[];

  it("is not due in the first month after enrolment, due 30 days after it", async () => {
    // Enrolled at T0 = 2026-11-20 10:00 Shanghai → first call due 2026-12-20.
    expect((await worklist(assistantA)).find((r) => r.patientId === patientId)).toBeUndefined();
    await setNow(T0 + 30 * DAY);
    const row = (await worklist(assistantA)).find((r) => r.patientId === patientId);
    expect(row?.dueDate).toBe("2026-12-20");
    expect(row?.attempts).toBe(0);
  });

  it("keeps a patient who was not reached on the list, counting the attempt", async () => {
    const r = await t.call("POST", `/api/v1/patients/${patientId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(20), outcome: "not_reached" },
    });
    expect(r.status).toBe(201);
    expect(r.json.dueDate).toBe("2026-12-20");
    const row = (await worklist(assistantA)).find((x) => x.patientId === patientId);
    expect(row?.attempts).toBe(1);
    expect(row?.calledToday).toBe(true);
  });

  it("asks why when escalating", async () => {
    const r = await t.call("POST", `/api/v1/patients/${patientId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(21), outcome: "escalated" },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("note");
  });

  it("an escalation puts the patient on the doctor's list until the doctor resolves it", async () => {
    await setNow(T0 + 31 * DAY);
    const r = await t.call("POST", `/api/v1/patients/${patientId}/follow-ups`, {
      cookie: assistantA,
      body: { id: uuid(22), outcome: "escalated", note: "头晕两天，想停药" },
    });
    expect(r.status).toBe(201);
    // A contact starts the next month: off the worklist.
    expect((await worklist(assistantA)).find((x) => x.patientId === patientId)).toBeUndefined();
    const list = await t.call("GET", "/api/v1/patients?lang=en", { cookie: doctorA });
    const row = list.json.find((x: { patientId: string }) => x.patientId === patientId);
    expect(row.reasons).toContain("escalated by assistant");
    expect(row.tier).toBe("attention");

    expect(
      (await t.call("POST", `/api/v1/follow-ups/${uuid(22)}/resolve`, { cookie: assistantA })).status,
    ).toBe(403);
    expect((await t.call("POST", `/api/v1/follow-ups/${uuid(22)}/resolve`, { cookie: doctorB })).status).toBe(
      404,
    );
    const resolved = await t.call("POST", `/api/v1/follow-ups/${uuid(22)}/resolve`, { cookie: doctorA });
    expect(resolved.status).toBe(200);
    expect(resolved.json.escalationResolvedAt).toBe(new Date(T0 + 31 * DAY).toISOString());
    const after = (await t.call("GET", "/api/v1/patients?lang=en", { cookie: doctorA })).json.find(
      (x: { patientId: string }) => x.patientId === patientId,
    );
    expect(after.reasons).not.toContain("escalated by assistant");

    const calls = await t.call("GET", `/api/v1/patients/${patientId}/follow-ups`, { cookie: doctorA });
    expect(calls.json.calls.map((c: { outcome: string }) => c.outcome)).toEqual(["escalated", "not_reached"]);
    expect(calls.json.calls[0].by.name).toBe("林静 医学助理");
  });

  it("the next call falls due 30 days after the escalation call", async () => {
    // Escalation call on 2026-12-21 (T0 + 31 d) → next due 2027-01-20.
    await setNow(T0 + 61 * DAY);
    const row = (await worklist(assistantA)).find((x) => x.patientId === patientId);
    expect(row?.dueDate).toBe("2027-01-20");
    expect(row?.attempts).toBe(0);
    await setNow(T0);
  });
});

describe("plans and targets edited by the doctor", () => {
  it("creates, changes and stops a plan; history says who changed it", async () => {
    const plan = { id: uuid(30), drug: "缬沙坦", dose: "80 mg", times: ["08:00"], startDate: "2026-11-20" };
    const made = await t.call("POST", `/api/v1/patients/${patientId}/plans`, { cookie: doctorA, body: plan });
    expect(made.status).toBe(201);
    expect(made.json.prescribedBy).toBe("user-doctorA");
    await setNow(T0 + 3600_000);
    const changed = await t.call("PATCH", `/api/v1/patients/${patientId}/plans/${uuid(30)}`, {
      cookie: doctorA,
      body: { dose: "160 mg", times: ["08:00", "20:00"] },
      headers: { "if-match": `"${made.json.version}"` },
    });
    expect(changed.status).toBe(200);
    expect(
      changed.json.history.map((h: { dose: string; changedBy: string }) => `${h.dose} ${h.changedBy}`),
    ).toEqual(["80 mg user-doctorA", "160 mg user-doctorA"]);
    // The patient sees the doctor's plan in the mini-program.
    const mine = await t.call("GET", "/api/v1/me/plans", { token: patientToken });
    expect(mine.json.plans.find((p: { id: string }) => p.id === uuid(30)).times).toEqual(["08:00", "20:00"]);
    const stopped = await t.call("DELETE", `/api/v1/patients/${patientId}/plans/${uuid(30)}`, {
      cookie: doctorA,
      headers: { "if-match": changed.headers.get("etag") ?? "" },
    });
    expect(stopped.json.stoppedAt).toBe(new Date(T0 + 3600_000).toISOString());
    await setNow(T0);
  });

  it("rejects a bad plan edit naming the field", async () => {
    const r = await t.call("POST", `/api/v1/patients/${patientId}/plans`, {
      cookie: doctorA,
      body: { id: uuid(31), drug: "x", dose: "1", times: ["25:00"], startDate: "2026-11-20" },
    });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].path).toBe("times.0");
  });

  it("sets the patient's home BP target, which the summary then uses; null restores the default", async () => {
    const bad = await t.call("PUT", `/api/v1/patients/${patientId}/targets`, {
      cookie: doctorA,
      body: { bp: { systolic: 90, diastolic: 80 } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toBe("bp.systolic");
    const before = await t.call("GET", `/api/v1/patients/${patientId}/summary?days=30`, { cookie: doctorA });
    const ok = await t.call("PUT", `/api/v1/patients/${patientId}/targets`, {
      cookie: doctorA,
      body: { bp: { systolic: 130, diastolic: 80 } },
      headers: { "if-match": `"${before.json.patient.targetsVersion}"` },
    });
    expect(ok.status).toBe(200);
    const summary = await t.call("GET", `/api/v1/patients/${patientId}/summary?days=30`, { cookie: doctorA });
    expect(summary.json.bp.target).toEqual({ systolic: 130, diastolic: 80 });
    await t.call("PUT", `/api/v1/patients/${patientId}/targets`, {
      cookie: doctorA,
      body: { bp: null },
      headers: { "if-match": `"${ok.json.version}"` },
    });
    const back = await t.call("GET", `/api/v1/patients/${patientId}/summary?days=30`, { cookie: doctorA });
    expect(back.json.bp.target).toEqual({ systolic: 135, diastolic: 85 });
  });
});

describe("alert inbox", () => {
  it("shows an urgent reading at once, and after acknowledgement who did it and when", async () => {
    const bp = { id: uuid(40), systolic: 180, diastolic: 104, pulse: 88, measuredAt: T0 - 60_000 };
    const posted = await t.call("POST", "/api/v1/me/bp", { token: patientToken, body: bp });
    expect(posted.json.alert.kind).toBe("bp_urgent");
    const open = await t.call("GET", "/api/v1/alerts?status=open", { cookie: assistantA });
    const alert = open.json.alerts.find((a: { patient: { id: string } }) => a.patient.id === patientId);
    expect(alert.reading).toEqual({ kind: "bp", systolic: 180, diastolic: 104, pulse: 88 });
    expect(alert.acknowledged).toBeNull();
    expect((await t.call("GET", "/api/v1/alerts", { cookie: doctorB })).json.alerts).toEqual([]);

    await setNow(T0 + 5 * 60_000);
    expect((await t.call("POST", `/api/v1/alerts/${alert.id}/ack`, { cookie: doctorA })).status).toBe(200);
    const all = await t.call("GET", "/api/v1/alerts", { cookie: doctorA });
    const acked = all.json.alerts.find((a: { id: string }) => a.id === alert.id);
    expect(acked.acknowledged).toEqual({
      by: { id: "user-doctorA", name: "陈晓东 医生" },
      at: new Date(T0 + 5 * 60_000).toISOString(),
    });
    expect((await t.call("GET", "/api/v1/alerts?status=open", { cookie: doctorA })).json.alerts).toEqual([]);
    await setNow(T0);
  });
});

describe("exports", () => {
  it("CSV of the triage list: BOM, localised header, one line per patient, tier filter", async () => {
    const res = await t.app.request("http://localhost/api/v1/patients/export.csv?lang=en", {
      headers: { cookie: doctorA },
    });
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(lines[0]?.startsWith("Tier,Name,Doctor,Condition,Reasons")).toBe(true);
    const list = await t.call("GET", "/api/v1/patients", { cookie: doctorA });
    expect(lines).toHaveLength(list.json.length + 1);
    expect(lines[1]).toContain("张秀英");
    const none = await t.app.request("http://localhost/api/v1/patients/export.csv?tier=silent", {
      headers: { cookie: doctorA },
    });
    expect((await none.text()).trimEnd().split("\r\n")).toHaveLength(1);
    const otherDoctor = await t.app.request(
      `http://localhost/api/v1/patients/export.csv?doctor=${encodeURIComponent("王海燕 医生")}`,
      { headers: { cookie: doctorA } },
    );
    expect((await otherDoctor.text()).trimEnd().split("\r\n")).toHaveLength(1);
  });

  it("FHIR R4 Bundle of the patient's readings with LOINC codes", async () => {
    await t.call("POST", "/api/v1/me/glucose", {
      token: patientToken,
      body: { id: uuid(41), value: 6.2, unit: "mmol/L", context: "fasting", measuredAt: T0 - 120_000 },
    });
    const r = await t.call("GET", `/api/v1/patients/${patientId}/fhir`, { cookie: doctorA });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/fhir+json");
    expect(r.json.resourceType).toBe("Bundle");
    expect(r.json.type).toBe("collection");
    const codes = r.json.entry.map(
      (e: { resource: { resourceType: string; code?: { coding: { code: string }[] } } }) =>
        e.resource.code?.coding[0]?.code ?? e.resource.resourceType,
    );
    // Patient, the BP panel of 180/104, its pulse, the glucose of 6.2.
    expect(codes).toEqual(["Patient", "85354-9", "8867-4", "14743-9"]);
    const glucose = r.json.entry[3].resource;
    expect(glucose.valueQuantity).toMatchObject({
      value: 6.2,
      code: "mmol/L",
      system: "http://unitsofmeasure.org",
    });
    expect(glucose.subject.reference).toBe(`urn:uuid:${patientId}`);
  });
});

describe("reminder history", () => {
  it("lists what the scheduler sent in the last 30 days and the WeChat quota left", async () => {
    await t.db.run(
      `INSERT INTO reminder_sends (patient_id, kind, slot_key, scheduled_at, due_at, channel, status, claimed_at, updated_at, errcode)
       VALUES ('${patientId}', 'dose', 'p@1', ${T0 - DAY}, ${T0 - DAY}, 'wechat', 'refused', ${T0 - DAY}, ${T0 - DAY}, 43101),
              ('${patientId}', 'dose', 'p@0', ${T0 - 40 * DAY}, ${T0 - 40 * DAY}, 'wechat', 'sent', ${T0 - 40 * DAY}, ${T0 - 40 * DAY}, NULL)`,
    );
    await t.db.run(
      `INSERT INTO subscription_quota (patient_id, template_id, remaining, updated_at) VALUES ('${patientId}', 'tpl-dose', 0, ${T0})`,
    );
    const r = await t.call("GET", `/api/v1/patients/${patientId}/reminders`, { cookie: doctorA });
    expect(r.status).toBe(200);
    // The send of 40 days ago is outside the window.
    expect(r.json.sends).toEqual([
      expect.objectContaining({
        kind: "dose",
        status: "refused",
        errcode: 43101,
        dueAt: new Date(T0 - DAY).toISOString(),
      }),
    ]);
    expect(r.json.quota).toEqual([{ templateId: "tpl-dose", remaining: 0, longTerm: false, refused: false }]);
    expect((await t.call("GET", `/api/v1/patients/${patientId}/reminders`, { cookie: doctorB })).status).toBe(
      404,
    );
  });
});
