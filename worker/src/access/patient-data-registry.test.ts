// The registry must list every table that holds data about a patient: a new table with a
// patient column that is not registered would be left out of the export and survive erasure.
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { rawRows } from "../db/driver";
import { PATIENT_TABLES, tableNameOf } from "./patient-data-registry";

/** Columns that identify a patient or hold their contact details. */
const PATIENT_COLUMNS = new Set(["patient_id", "follower_id", "patient_ids", "openid", "phone", "plan_id"]);
/** Tables with such a column that hold no data about a patient, and why. */
const NOT_PATIENT_DATA: Record<string, string> = {
  users: "portal staff accounts (their own phone, not a patient's)",
};

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

it("lists every table that has a patient column (or explains why not)", async () => {
  const tables = (
    await rawRows(
      t.db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
      [],
    )
  ).map((r) => String(r[0]));
  const registered = new Set(PATIENT_TABLES.map(tableNameOf));
  const missing: string[] = [];
  for (const name of tables) {
    const cols = (await rawRows(t.db, `SELECT name FROM pragma_table_info('${name}')`, [])).map((r) =>
      String(r[0]),
    );
    const holdsPatientData = name === "patients" || cols.some((c) => PATIENT_COLUMNS.has(c));
    if (holdsPatientData && !registered.has(name) && !NOT_PATIENT_DATA[name]) missing.push(name);
  }
  expect(missing, "tables with patient data missing from access/patient-data-registry.ts").toEqual([]);
  // and nothing registered is a table that does not exist
  expect([...registered].filter((n) => !tables.includes(n))).toEqual([]);
});

it("says why each table left out of the export is left out, and why kept rows are kept", () => {
  for (const e of PATIENT_TABLES) {
    if (e.export === null || e.erase === "keep")
      expect(e.why?.length ?? 0, tableNameOf(e)).toBeGreaterThan(20);
  }
});
