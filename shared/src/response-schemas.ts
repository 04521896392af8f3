// Response schemas: what the API answers (docs/api.md), in the same zod/mini as the request
// schemas, so the OpenAPI document describes its 2xx bodies from one source. Objects are loose:
// a client must ignore fields it does not know, and adding a field is not a breaking change.
// worker/src/openapi.test.ts checks real answers of the API against these.
import * as z from "zod/mini";
import { PATIENT_CONDITIONS } from "./conditions";

const iso = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T/, "an ISO 8601 instant"));
const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"));
const bpPair = z.looseObject({ systolic: z.number(), diastolic: z.number() });
const ROLES = ["patient", "doctor", "assistant", "rep", "manager", "admin", "safety"] as const;
const TIERS = ["urgent", "attention", "silent", "stable"] as const;

export const healthResponse = z.looseObject({
  ok: z.boolean(),
  version: z.string(),
  db: z.enum(["ok", "unreachable"]),
});

export type HealthResponse = z.output<typeof healthResponse>;

export const wechatLoginResponse = z.looseObject({
  token: z.string(),
  patientId: z.string(),
  enrolled: z.boolean(),
});

export type WechatLoginResponse = z.output<typeof wechatLoginResponse>;

export const portalLoginResponse = z.looseObject({
  user: z.looseObject({ id: z.string(), role: z.enum(ROLES), name: z.string(), email: z.string() }),
});

export type PortalLoginResponse = z.output<typeof portalLoginResponse>;

export const whoAmIResponse = z.union([
  z.looseObject({ role: z.literal("patient"), patientId: z.string() }),
  z.looseObject({ role: z.enum(ROLES), id: z.string(), name: z.string() }),
]);

export type WhoAmIResponse = z.output<typeof whoAmIResponse>;

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

export const planResponse = z.looseObject({
  id: z.string(),
  name: z.string(),
  dose: z.string(),
  times: z.array(z.string()),
  startDate: date,
  version: z.number(),
});
export const planListResponse = z.looseObject({ plans: z.array(planResponse) });

export const todayResponse = z.looseObject({
  date,
  timezone: z.string(),
  slots: z.array(
    z.looseObject({
      planId: z.string(),
      scheduledAt: iso,
      status: z.enum(["due", "taken", "skipped", "upcoming"]),
    }),
  ),
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

export const revisitResponse = z.looseObject({ revisit: z.nullable(z.looseObject({})) });

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

export const clinicListResponse = z.array(
  z.looseObject({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    stage: z.string(),
    doctors: z.number(),
  }),
);

/** A count under disclosure control (ADR 0013): a number rounded to 5, or "<5". */
const disclosed = z.union([z.number(), z.string()]);

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

/** Answers whose fields are listed under one key (rows of a feature not described field by field yet). */
export const listOf = (key: string) => z.looseObject({ [key]: z.array(z.looseObject({})) });
