// Export holds everything about the patient (notes and calls about them, who read their record);
// erasure removes it from the database files themselves, not only from query results.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { rawRows } from "../db/driver";

let t: TestApp;
let token: string;
let patientId: string;
let doctor: string;
const NAME = "蔺秋菊";
const NOTE = "随访备注-蔺秋菊-独有文本-7f3a";
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

beforeAll(async () => {
  t = await makeTestApp();
  token = await t.enrolledPatient(NAME);
  patientId = (await t.call("GET", "/api/v1/me", { token })).json.patientId;
  doctor = await t.portalLogin("doctor.a@demo.test");
  const n = await t.call("POST", `/api/v1/patients/${patientId}/notes`, {
    cookie: doctor,
    body: { id: uuid(1), body: NOTE },
  });
  expect(n.status).toBe(201);
  await t.call("POST", "/api/v1/me/bp", {
    token,
    body: { id: uuid(2), systolic: 150, diastolic: 95, measuredAt: t.now - 60_000 },
  });
  expect((await t.call("GET", "/api/v1/patients", { cookie: doctor })).status).toBe(200);
  expect((await t.call("GET", `/api/v1/patients/${patientId}/summary`, { cookie: doctor })).status).toBe(200);
});
afterAll(() => t.close());

describe("export", () => {
  it("includes clinician notes about the patient and who read the record", async () => {
    const ex = await t.call("GET", "/api/v1/me/export", { token });
    expect(ex.status).toBe(200);
    expect(ex.json.notes.map((n: { body: string }) => n.body)).toEqual([NOTE]);
    expect(ex.json.followUpCalls).toEqual([]);
    const log = ex.json.accessLog as { role: string; name: string; action: string }[];
    // the list read (with this patient among the rows), the summary read and the note
    expect(log.map((e) => e.action).sort()).toEqual(["list_patients", "read_summary", "write_note"]);
    expect(log.every((e) => e.role === "doctor" && e.name === "陈晓东 医生")).toBe(true);
  });

  it("lists who read the record for the mini-program's page, newest first", async () => {
    const r = await t.call("GET", "/api/v1/me/access-log", { token });
    expect(r.status).toBe(200);
    expect(r.json.entries[0]).toMatchObject({ role: "doctor", name: "陈晓东 医生" });
    const times = r.json.entries.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe("erasure", () => {
  it("leaves no trace of the patient's name or a note about them in the database files", async () => {
    const file = String(
      (await rawRows(t.db, "SELECT file FROM pragma_database_list WHERE name = 'main'", []))[0]?.[0],
    );
    const dir = dirname(file);
    const grep = (needle: string) =>
      readdirSync(dir)
        .filter((f) => f.startsWith("t.db"))
        .filter((f) => readFileSync(join(dir, f)).includes(Buffer.from(needle, "utf8")));
    expect(grep(NOTE).length, "the note is in the files before erasure").toBeGreaterThan(0);
    expect((await t.call("DELETE", "/api/v1/me", { token })).status).toBe(204);
    expect(grep(NOTE)).toEqual([]);
    expect(grep(NAME)).toEqual([]);
  });
});
