// Every CSV the API serves parses with a strict RFC 4180 reader (csv-parse with no relaxation):
// CRLF record ends, quotes only around whole fields, every record as wide as the header, no
// trailing one-cell note row. The aggregate exports' note is served beside them (Link header).
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "./app.test-support";
import { POLICY } from "./auth/policy";
import { ROUTE_ANSWERS } from "./openapi-responses";

let t: TestApp;
const who: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp({ patients: 12 });
  Object.assign(who, await t.staffLogins(["doctor", "rep", "manager", "safety"]));
});
afterAll(() => t.close());

/** Parses as RFC 4180 strictly, and checks what csv-parse does not: no bare CR/LF outside quotes. */
function strictCsv(text: string): string[][] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  expect(body.endsWith("\r\n"), "the last record ends with CRLF").toBe(true);
  const records = parse(body, {
    record_delimiter: "\r\n",
    relax_quotes: false,
    relax_column_count: false,
    skip_empty_lines: false,
    skip_records_with_error: false,
    raw: true,
  }) as unknown as { record: string[]; raw: string }[];
  for (const { record, raw } of records) {
    for (const field of record) {
      if (/[\r\n]/.test(field))
        expect(raw, "a line break inside a field is quoted").toContain(`"${field.replaceAll('"', '""')}"`);
    }
  }
  return records.map((r) => r.record);
}

/** Every CSV route of the API, with the queries that choose its tables and languages. */
const CSV_ROUTES = Object.entries(ROUTE_ANSWERS)
  .filter(([, a]) => a.type === "text/csv")
  .map(([key]) => key.split(" ")[1] as string);

const URLS: string[] = CSV_ROUTES.flatMap((path) =>
  path === "/api/v1/reports/programme.csv"
    ? ["clinics", "regions", "months", "cohorts"].flatMap((table) =>
        ["zh-CN", "en"].map((lang) => `${path}?table=${table}&lang=${lang}`),
      )
    : [`${path}`, `${path}?lang=en`],
);

describe("CSV exports", () => {
  it("covers every CSV route of the API", () => {
    expect(CSV_ROUTES.sort()).toEqual([
      "/api/v1/patients/export.csv",
      "/api/v1/reports/clinics.csv",
      "/api/v1/reports/programme.csv",
      "/api/v1/safety/cases.csv",
    ]);
  });

  it.each(URLS)("%s parses as strict RFC 4180, one header and rows as wide as it", async (url) => {
    const path = url.split("?")[0] as string;
    const roles = POLICY[`GET ${path}`] as readonly string[];
    const r = await t.call("GET", url, { cookie: who[roles.find((x) => who[x]) as string] });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const records = strictCsv(r.json as string);
    const [header, ...rows] = records;
    expect(header?.length).toBeGreaterThan(1);
    expect(new Set(header).size, "header names are distinct").toBe(header?.length);
    for (const row of rows) expect(row.length).toBe(header?.length);
    // The old export ended with a one-cell note row; nothing like it is left.
    expect((r.json as string).includes("说明：") || (r.json as string).includes("Note: to protect")).toBe(
      false,
    );
    if (!path.startsWith("/api/v1/safety")) expect(rows.length, url).toBeGreaterThan(0);
  });

  it("names the disclosure note of the aggregate exports in a Link header, and serves it", async () => {
    for (const [url, lang] of [
      ["/api/v1/reports/clinics.csv", "zh-CN"],
      ["/api/v1/reports/programme.csv?table=regions&lang=en", "en"],
    ] as const) {
      const r = await t.call("GET", url, { cookie: who.manager });
      const link = r.headers.get("link") ?? "";
      expect(link).toBe(
        `</api/v1/reports/disclosure-note?lang=${lang}>; rel="describedby"; type="text/plain"`,
      );
      const target = link.slice(1, link.indexOf(">"));
      const note = await t.call("GET", target, { cookie: who.rep });
      expect(note.status).toBe(200);
      expect(note.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(note.json).toContain(lang === "en" ? 'show as "<5"' : "显示为“<5”");
    }
    // Patients' own data is not an aggregate: no note, and no note for roles without exports.
    expect(
      (await t.call("GET", "/api/v1/patients/export.csv", { cookie: who.doctor })).headers.get("link"),
    ).toBeNull();
    expect((await t.call("GET", "/api/v1/reports/disclosure-note", { cookie: who.doctor })).status).toBe(403);
  });
});
