// Fuzz every route of the API with requests built from its own OpenAPI description (which is
// generated from the shared zod schemas): bodies and queries that follow the schema, bodies with
// one field replaced by something hostile, and path parameters that are real ids, foreign ids or
// junk. Two properties for every route, role and tenant: the answer is never a 5xx, and a refused
// request (4xx) leaves the database exactly as it was (nothing half-written).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "./app.test-support";
import { POLICY } from "./auth/policy";
import { rawRows } from "./db/driver";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
};

/** Values that broke or could break a handler: overflowing instants, pre-2000 dates, junk types. */
const HOSTILE: unknown[] = [
  8.64e15,
  -1,
  0,
  1e308,
  Number.MAX_SAFE_INTEGER,
  "0000-01-01T00:00:00Z",
  "0050-06-01T08:00:00+08:00",
  "9999-12-31T23:59:59Z",
  "",
  " ",
  "x".repeat(5000),
  "💊".repeat(50),
  "'; DROP TABLE patients; --",
  null,
  true,
  [],
  {},
  [1, "a", null],
  { nested: { deep: [1] } },
];

function fromSchema(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return fc.anything({ maxDepth: 1 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => fromSchema(a, depth + 1)));
  if (s.allOf?.length) return fromSchema(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const props = s.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = fromSchema(v, depth + 1);
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case "array":
      return fc.array(fromSchema(s.items, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) });
    case "integer":
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 2_000_000_000_000 });
    case "number":
      return fc.oneof(
        fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true }),
        fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
      );
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "string":
      if (s.format === "uuid") return fc.uuid();
      if (s.format === "date-time")
        return fc
          .date({ min: new Date("1990-01-01"), max: new Date("2110-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (s.format === "email") return fc.constantFrom("doctor.a@demo.test", "nobody@demo.test", "x@y.z");
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length < 200);
        } catch {
          return fc.string();
        }
      }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) });
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

/** A schema-shaped value, sometimes with one field replaced by a hostile one, or dropped. */
function bodyArb(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const base = fromSchema(s);
  const mutated = fc
    .tuple(base, fc.constantFrom(...HOSTILE), fc.nat(), fc.boolean())
    .map(([v, bad, n, drop]) => {
      if (!v || typeof v !== "object" || Array.isArray(v)) return bad;
      const keys = Object.keys(v);
      if (!keys.length) return { ...v, extra: bad };
      const key = keys[n % keys.length] as string;
      const copy: Record<string, unknown> = { ...v };
      if (drop) delete copy[key];
      else copy[key] = bad;
      return copy;
    });
  return fc.oneof({ weight: 3, arbitrary: base }, { weight: 2, arbitrary: mutated });
}

let t: TestApp;
const creds: Record<string, { token?: string; cookie?: string }> = {};
let doc: { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>> };
/** Real ids of this database (own tenant and the other clinic's), per path-parameter name. */
const ids: Record<string, string[]> = {};

beforeAll(async () => {
  t = await makeTestApp({ patients: 4 });
  creds.patient = { token: await t.enrolledPatient("fuzz-patient") };
  const staff = await t.staffLogins(["doctor", "assistant", "rep", "manager", "admin"]);
  for (const [role, cookie] of Object.entries(staff)) creds[role] = { cookie };
  doc = (await t.call("GET", "/api/v1/openapi.json")).json;
  const col = async (sql: string) => (await rawRows(t.db, sql, [])).map((r) => String(r[0]));
  const patients = await col("SELECT id FROM patients LIMIT 6");
  const plans = await col("SELECT id FROM medication_plans LIMIT 4");
  const clinics = await col("SELECT id FROM clinics");
  const alertIds = await col("SELECT id FROM alerts LIMIT 4");
  const followUps = await col("SELECT id FROM follow_ups LIMIT 4");
  ids.id = [...patients, ...plans, ...clinics, ...alertIds, ...followUps];
  ids.planId = plans;
  ids.code = ["A-DEMO-CHEN", "B-DEMO-WANG", "ZZZ"];
  ids.token = ["not-a-token"];
});
afterAll(() => t.close());

/** Every table's rows, so a refused request can be shown to have changed nothing. */
async function snapshot(): Promise<string> {
  const tables = (
    await rawRows(
      t.db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
      [],
    )
  ).map((r) => String(r[0]));
  const parts: string[] = [];
  for (const name of tables) {
    // Sign-in bookkeeping is written on refusals by design (failure counts, client limits), and
    // so is the audit trail: a clinician's access to a patient is recorded even when the thing
    // asked for then turns out not to exist.
    if (/login|attempt|rate_limit|session|audit/.test(name)) continue;
    const rows = await rawRows(t.db, `SELECT * FROM "${name}" ORDER BY rowid`, []);
    parts.push(name, JSON.stringify(rows.map((r) => Array.from(r))));
  }
  return parts.join("\n");
}

// Routes that end the caller's session or data run last, so the others run signed in.
const LAST = ["DELETE /api/v1/me", "POST /api/v1/auth/logout"];
const ROUTES = Object.entries(POLICY).sort(([a], [b]) => Number(LAST.includes(a)) - Number(LAST.includes(b)));
/** Refused sign-ins count failures on the account (users.failed_logins) by design. */
const SIGN_IN_ROUTES = ["POST /api/v1/auth/login", "POST /api/v1/invites/:token/accept"];
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

describe("fuzz: every route, every role allowed on it", () => {
  for (const [key, roles] of ROUTES) {
    const [method, path] = key.split(" ") as [string, string];
    const callers = roles.includes("public") ? ["anonymous", "patient"] : [...roles];
    it(`${key} never answers 5xx and refusals write nothing`, async () => {
      const op = doc.paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()] as {
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        parameters?: { name: string; in: string; schema: JsonSchema }[];
      };
      expect(op, key).toBeDefined();
      const bodySchema = op.requestBody?.content["application/json"]?.schema;
      const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
      const queryParams = (op.parameters ?? []).filter((p) => p.in === "query");
      const paramArb = (name: string) =>
        fc.oneof(
          fc.constantFrom(...(ids[name]?.length ? ids[name] : ["x"])),
          fc.uuid(),
          fc.string({ minLength: 1, maxLength: 20 }),
        );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...callers),
          fc.tuple(...params.map(paramArb), fc.constant("")),
          bodySchema ? bodyArb(bodySchema) : fc.constant(undefined),
          fc.record(
            Object.fromEntries(
              queryParams.map((q) => [q.name, fc.oneof(fromSchema(q.schema), fc.constantFrom(...HOSTILE))]),
            ),
            { requiredKeys: [] },
          ),
          async (caller, values, body, query) => {
            let url = path;
            params.forEach((p, i) => {
              url = url.replace(`:${p}`, encodeURIComponent(String(values[i])));
            });
            const qs = new URLSearchParams(
              Object.entries(query).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
            ).toString();
            const before = await snapshot();
            const r = await t.call(method, qs ? `${url}?${qs}` : url, {
              ...(creds[caller] ?? {}),
              ...(body !== undefined ? { body } : {}),
            });
            expect(r.status, `${key} as ${caller}: ${JSON.stringify(r.json)?.slice(0, 300)}`).toBeLessThan(
              500,
            );
            if (r.status >= 400 && !SIGN_IN_ROUTES.includes(key)) {
              expect(await snapshot(), `${key} as ${caller} answered ${r.status} but wrote`).toBe(before);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});
