// Response schemas: what the API answers (docs/api.md), in the same zod/mini as the request
// schemas, so the OpenAPI document describes its 2xx bodies from one source. Objects are loose:
// a client must ignore fields it does not know, and adding a field is not a breaking change.
// worker/src/openapi.test.ts checks real answers of the API against these.
import * as z from "zod/mini";
import { PATIENT_CONDITIONS } from "./conditions";
import { bpPair, date, disclosed, iso, ROLES } from "./response-parts";

/**
 * The type a handler's answer must satisfy: the schema's output without the index signature
 * that loose objects add (`[k: string]: unknown`), which interfaces such as PlanView cannot
 * meet. Extra fields stay allowed (`satisfies` checks the declared ones only).
 */
export type Known<T> = T extends readonly (infer U)[]
  ? Known<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: Known<T[K]> }
    : T;

const TIERS = ["urgent", "attention", "silent", "stable"] as const;

export const healthResponse = z.looseObject({
  ok: z.boolean(),
  version: z.string(),
  db: z.enum(["ok", "unreachable"]),
});

export type HealthResponse = Known<z.output<typeof healthResponse>>;

export const wechatLoginResponse = z.looseObject({
  token: z.string(),
  patientId: z.string(),
  enrolled: z.boolean(),
});

export type WechatLoginResponse = Known<z.output<typeof wechatLoginResponse>>;

export const portalLoginResponse = z.looseObject({
  user: z.looseObject({ id: z.string(), role: z.enum(ROLES), name: z.string(), email: z.string() }),
});

export type PortalLoginResponse = Known<z.output<typeof portalLoginResponse>>;

export const whoAmIResponse = z.union([
  z.looseObject({ role: z.literal("patient"), patientId: z.string() }),
  z.looseObject({ role: z.enum(ROLES), id: z.string(), name: z.string() }),
]);

export type WhoAmIResponse = Known<z.output<typeof whoAmIResponse>>;

export const meResponse = z.looseObject({
  patientId: z.string(),
  profile: z.looseObject({
    name: z.nullable(z.string()),
    birthYear: z.nullable(z.number()),
    sex: z.nullable(z.string()),
    phone: z.nullable(z.string()),
    timezone: z.string(),
  }),
  bpTarget: bpPair,
  enrolment: z.nullable(
    z.looseObject({
      id: z.string(),
      status: z.string(),
      clinic: z.looseObject({ name: z.string() }),
      doctor: z.looseObject({ name: z.string() }),
      enrolledAt: iso,
    }),
  ),
  consent: z.nullable(z.looseObject({ version: z.string(), acceptedAt: iso })),
});

/** Tablets on hand and the forecast of a plan that tracks its supply (issue 13). */
export const supplyResponse = z.looseObject({
  onHand: z.number(),
  perDose: z.number(),
  packSize: z.nullable(z.number()),
  countedAt: iso,
  stock: z.number(),
  runOutDate: z.nullable(date),
  daysLeft: z.nullable(z.number()),
  gaps: z.array(z.looseObject({ from: date, to: date, doses: z.number(), open: z.boolean() })),
  refills: z.array(z.looseObject({ id: z.string(), tablets: z.number(), at: iso })),
});

export const planResponse = z.looseObject({
  id: z.string(),
  drug: z.string(),
  dose: z.string(),
  times: z.array(z.string()),
  startDate: date,
  endDate: z.nullable(date),
  stoppedAt: z.nullable(iso),
  prescribedBy: z.nullable(z.string()),
  version: z.number(),
  supply: z.nullable(supplyResponse),
  history: z.array(
    z.looseObject({
      validFrom: iso,
      drug: z.string(),
      dose: z.string(),
      times: z.array(z.string()),
      changedBy: z.string(),
    }),
  ),
});
export type PlanResponse = Known<z.output<typeof planResponse>>;
export const planListResponse = z.looseObject({ plans: z.array(planResponse) });

/** One dose slot of a day, with what became of it. */
export const slotResponse = z.looseObject({
  planId: z.string(),
  scheduledAt: iso,
  status: z.enum(["due", "taken", "skipped", "upcoming"]),
});

export const todayResponse = z.looseObject({
  date,
  timezone: z.string(),
  slots: z.array(slotResponse),
});

export const doseRecordResponse = z.looseObject({
  id: z.string(),
  planId: z.string(),
  scheduledAt: iso,
  status: z.enum(["taken", "skipped"]),
});

export const bpReadingResponse = z.looseObject({
  id: z.string(),
  systolic: z.number(),
  diastolic: z.number(),
  pulse: z.nullable(z.number()),
  measuredAt: iso,
  category: z.string(),
});

export const glucoseReadingResponse = z.looseObject({
  id: z.string(),
  measuredAt: iso,
  context: z.string(),
});

export const readingsResponse = z.looseObject({
  readings: z.array(z.union([bpReadingResponse, glucoseReadingResponse])),
});

export const syncResponse = z.looseObject({
  results: z.array(
    z.looseObject({
      id: z.nullable(z.string()),
      status: z.enum(["created", "duplicate", "conflict", "rejected"]),
    }),
  ),
});

export const accessLogResponse = z.looseObject({
  entries: z.array(z.looseObject({ at: iso, role: z.string(), name: z.string(), action: z.string() })),
});

export const smsContactResponse = z.looseObject({
  phone: z.nullable(z.string()),
  consent: z.boolean(),
  consentVersion: z.nullable(z.string()),
  currentConsentVersion: z.string(),
});

export const revisitResponse = z.looseObject({
  revisit: z.nullable(
    z.looseObject({
      date,
      hospital: z.nullable(z.string()),
      department: z.nullable(z.string()),
      setBy: z.enum(["patient", "clinician"]),
      setAt: iso,
      overdue: z.boolean(),
    }),
  ),
});
export type RevisitResponse = Known<z.output<typeof revisitResponse>>;

export const triageRowResponse = z.looseObject({
  patientId: z.string(),
  name: z.nullable(z.string()),
  doctorName: z.nullable(z.string()),
  condition: z.nullable(z.enum(PATIENT_CONDITIONS)),
  tier: z.enum(TIERS),
  reasons: z.array(z.string()),
  reasonCodes: z.array(z.looseObject({ code: z.string(), count: z.optional(z.number()) })),
  openAlerts: z.number(),
});
export const triageListResponse = z.array(triageRowResponse);

export const patientSummaryResponse = z.looseObject({
  patient: z.looseObject({ id: z.string(), name: z.nullable(z.string()), timezone: z.string() }),
  from: date,
  to: date,
  days: z.number(),
  dosesTaken: z.number(),
  dosesDue: z.number(),
  calendar: z.array(z.looseObject({ date, due: z.number(), taken: z.number(), skipped: z.number() })),
});

export const patientDosesResponse = z.looseObject({
  doses: z.array(
    z.looseObject({
      id: z.string(),
      planId: z.string(),
      scheduledAt: iso,
      status: z.enum(["taken", "skipped"]),
    }),
  ),
});

export const diaryResponse = z.looseObject({
  month: z.string(),
  from: date,
  to: date,
  timezone: z.string(),
  days: z.array(z.looseObject({ date, due: z.number(), taken: z.number() })),
  bpTarget: bpPair,
});

export const codeListResponse = z.array(
  z.looseObject({ code: z.string(), clinicId: z.string(), clinicName: z.string(), doctorName: z.string() }),
);

export const clinicReportResponse = z.array(
  z.looseObject({
    clinicId: z.string(),
    name: z.string(),
    // Disclosure control (ADR 0013): counts rounded to 5, "<5" for 1–4.
    enrolled: disclosed,
    active7d: disclosed,
    adherent90d: disclosed,
    dataThrough: z.string(),
  }),
);

export const programmeSettingsResponse = z.looseObject({
  id: z.string(),
  name: z.string(),
  conditions: z.array(z.string()),
  targets: z.looseObject({
    baselineAdherence: z.number(),
    targetAdherence: z.number(),
    enrolmentTarget: z.number(),
  }),
  version: z.number(),
});

export const staffResponse = z.looseObject({
  staff: z.array(z.looseObject({ id: z.string(), name: z.string(), role: z.string() })),
});

export const alertListResponse = z.looseObject({
  alerts: z.array(z.looseObject({ id: z.string(), kind: z.string(), raisedAt: iso })),
});

export const safetySettingsResponse = z.looseObject({
  programmeId: z.string(),
  rule: z.looseObject({ hours: z.number() }),
  calendar: z.looseObject({ holidays: z.array(z.string()) }),
});

/** GET /openapi.json: an OpenAPI 3.1 document (its own schema would be the OpenAPI meta-schema). */
export const openApiResponse = z.looseObject({
  openapi: z.string().check(z.regex(/^3\.1\./, "OpenAPI 3.1")),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
  components: z.looseObject({ schemas: z.record(z.string(), z.looseObject({})) }),
});
