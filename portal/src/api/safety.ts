// Safety reporting (docs/api.md, Safety reporting), called with plain fetch and hand-declared types
// until the worker's safety routes are merged; then these become typed-client calls (`api.…`).
// Errors go through the same `json()` as every other call, so pages explain them the same way.
import type {
  AdverseEventBody,
  CallSafety,
  CaseFollowUpBody,
  CaseSource,
  CaseStatus,
  CaseTriageBody,
  FollowUpBody,
  MissedDoseReason,
  RepSafetyReportBody,
  SeriousnessCriterion,
  SpecialSituation,
} from "@steady/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ClientResponse } from "hono/client";
import { ApiError, json } from "./client";

// --- response types, field for field as in docs/api.md---------------------------------------

export interface CaseReceipt {
  id?: string;
  caseNumber: string;
  awareAt: string;
}

export interface SafetyCase {
  id: string;
  caseNumber: string;
  source: CaseSource;
  awareAt: string;
  day0: string | null;
  receivedAt: string;
  forwardDueAt: string;
  regulatoryDueAt: string | null;
  serious: boolean;
  seriousness: SeriousnessCriterion[];
  /** Criteria as the reporter gave them (the triaged list above never drops one). */
  seriousnessReported?: SeriousnessCriterion[];
  specialSituations: SpecialSituation[];
  status: CaseStatus;
  valid: boolean;
  missing: string[];
  reporterQualification: number | null;
  reporter?: { name?: string | null; contact?: string | null; role?: string | null } | null;
  patient: {
    ref: string;
    initials: string | null;
    sex: string | null;
    ageYears?: number | null;
    ageGroup?: string | null;
  };
  suspectDrugs: Array<{ name: string; dose: string | null; startedOn: string | null }>;
  concomitantDrugs: Array<{ name: string; dose: string | null; startedOn: string | null }>;
  events: Array<{
    verbatim: string;
    onsetOn?: string | null;
    endedOn?: string | null;
    outcome?: string | null;
    seriousness?: SeriousnessCriterion[];
  }>;
  description: string | null;
  mahCaseId?: string | null;
  // Detail-only fields (GET /safety/cases/:id); absent in the list.
  version?: number;
  latestInfoAt?: string | null;
  forwardedAt?: string | null;
  causalityAssessed?: string | null;
  outcome?: string | null;
  narrative?: string | null;
  notForwardedReason?: string | null;
  followUps?: Array<{
    id: string;
    to: "patient" | "clinician";
    question: string;
    askedAt: string;
    answer?: string | null;
    answeredAt?: string | null;
  }>;
}

export interface AuditEntry {
  at: string;
  by: { role: string; name: string } | string | null;
  field?: string;
  action?: string;
  old?: unknown;
  new?: unknown;
  why?: string | null;
}

export type CountCell = number | "<5" | "hidden";
export interface SafetyReport {
  byMonth: Array<{ month: string; count: CountCell }>;
  bySource: Array<{ source: CaseSource; count: CountCell }>;
  bySeriousness: Array<{ serious: boolean; count: CountCell }>;
  forwardedOnTime: number | null;
  total?: CountCell;
}

// --- transport --------------------------------------------------------------------------------

/** Same origin as the portal, spelled out as the typed client does (fetch in tests needs it). */
const url = (path: string) =>
  `${typeof window === "undefined" ? "http://localhost" : window.location.origin}/api/v1${path}`;

/** A same-origin JSON request through the shared error handling of the typed client. */
export function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  const res = fetch(url(path), init) as unknown as Promise<ClientResponse<T, number, "json">>;
  return json(res) as Promise<T>;
}

/** The case with its ETag, for the If-Match of the next triage edit. */
export async function getCase(id: string): Promise<{ data: SafetyCase; etag: string | null }> {
  let res: Response;
  try {
    res = await fetch(url(`/safety/cases/${encodeURIComponent(id)}`), {
      headers: { Accept: "application/json" },
    });
  } catch {
    throw new ApiError(0, "network");
  }
  if (!res.ok) {
    // reuse the common error path (it reads the problem body and handles 401)
    return json(Promise.resolve(res) as unknown as Promise<ClientResponse<never, number, "json">>);
  }
  const data = (await res.json()) as SafetyCase;
  return { data, etag: res.headers.get("ETag") ?? (data.version !== undefined ? `"${data.version}"` : null) };
}

// --- queries ------------------------------------------------------------------------------------

export const skeys = {
  all: ["safety"] as const,
  cases: (f: { status?: string; overdue?: boolean }) => ["safety", "cases", f] as const,
  case: (id: string) => ["safety", "case", id] as const,
  audit: (id: string) => ["safety", "audit", id] as const,
  receipts: ["safety", "receipts"] as const,
  report: ["safety", "report"] as const,
};

export function useSafetyCases(f: { status?: string; overdue?: boolean }) {
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.overdue) q.set("overdue", "true");
  const qs = q.toString();
  return useQuery({
    queryKey: skeys.cases(f),
    queryFn: () =>
      request<SafetyCase[] | { cases: SafetyCase[] }>("GET", `/safety/cases${qs ? `?${qs}` : ""}`).then(
        (r) => (Array.isArray(r) ? r : r.cases),
      ),
  });
}

export function useSafetyCase(id: string) {
  return useQuery({ queryKey: skeys.case(id), queryFn: () => getCase(id), retry: false });
}

export function useCaseAudit(id: string) {
  return useQuery({
    queryKey: skeys.audit(id),
    queryFn: () =>
      request<AuditEntry[] | { audit: AuditEntry[] }>(
        "GET",
        `/safety/cases/${encodeURIComponent(id)}/audit`,
      ).then((r) => (Array.isArray(r) ? r : r.audit)),
  });
}

export function useRepReceipts() {
  return useQuery({
    queryKey: skeys.receipts,
    queryFn: () =>
      request<CaseReceipt[] | { reports: CaseReceipt[] }>("GET", "/safety/reports").then((r) =>
        Array.isArray(r) ? r : r.reports,
      ),
  });
}

export function useSafetyReport() {
  return useQuery({ queryKey: skeys.report, queryFn: () => request<SafetyReport>("GET", "/reports/safety") });
}

// --- writes ------------------------------------------------------------------------------------

function useSafetyWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: skeys.all }) });
}

export const useReportAdverseEvent = (patientId: string) =>
  useSafetyWrite((body: AdverseEventBody) =>
    request<CaseReceipt>("POST", `/patients/${encodeURIComponent(patientId)}/adverse-events`, body),
  );

export const useRepReport = () =>
  useSafetyWrite((body: RepSafetyReportBody) => request<CaseReceipt>("POST", "/safety/reports", body));

/**
 * A follow-up call with the safety answer and why doses were missed. `missedDoseReasons` is an
 * addition beside the contract's fields (named in this branch's report).
 */
export type CallWithSafety = FollowUpBody & { safety?: CallSafety; missedDoseReasons?: MissedDoseReason[] };
export function recordCall(patientId: string, body: CallWithSafety) {
  return request<unknown>("POST", `/patients/${encodeURIComponent(patientId)}/follow-ups`, body);
}

export function useTriageCase(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, etag }: { body: CaseTriageBody; etag: string | null }) =>
      request<SafetyCase>(
        "PATCH",
        `/safety/cases/${encodeURIComponent(id)}`,
        body,
        etag ? { "If-Match": etag } : {},
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: skeys.all }),
  });
}

export const useForwardCase = (id: string) =>
  useSafetyWrite(() => request<SafetyCase>("POST", `/safety/cases/${encodeURIComponent(id)}/forward`, {}));

export const useAcknowledgeCase = (id: string) =>
  useSafetyWrite((mahCaseId: string) =>
    request<SafetyCase>("PUT", `/safety/cases/${encodeURIComponent(id)}/acknowledgement`, { mahCaseId }),
  );

export const useCaseFollowUp = (id: string) =>
  useSafetyWrite((body: CaseFollowUpBody) =>
    request<unknown>("POST", `/safety/cases/${encodeURIComponent(id)}/follow-ups`, body),
  );

export const caseDownloads = (id: string) => ({
  e2b: `/api/v1/safety/cases/${encodeURIComponent(id)}/e2b.xml`,
  fhir: `/api/v1/safety/cases/${encodeURIComponent(id)}/fhir`,
});
export const CASES_CSV = "/api/v1/safety/cases.csv";
