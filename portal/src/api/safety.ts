// Safety reporting (docs/api.md, Safety reporting) through Hono's typed client, like the rest of the
// portal: a route or shape changed in the worker breaks this build. Response types are the
// server's own (JsonOf), so the pages read exactly what the API answers.
import type { AdverseEventBody, CasePatchBody, RepReportBody } from "@steady/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, json } from "./client";

const cases = api.safety.cases;

/** The case with its ETag, for the If-Match of the next triage edit. */
export async function getCase(id: string) {
  const res = await cases[":id"].$get({ param: { id } }).catch(() => null);
  // json() explains a failure (network, 404, 401) the same way as every other call.
  const data = await json(res ? Promise.resolve(res) : Promise.reject(new Error("network")));
  return { data, etag: res?.headers.get("etag") ?? null };
}
export type SafetyCase = Awaited<ReturnType<typeof getCase>>["data"];

const fetchCases = (f: CaseFilter) =>
  json(
    cases.$get({
      query: { ...(f.status ? { status: f.status } : {}), ...(f.overdue ? { overdue: "true" } : {}) },
    }),
  );
export type SafetyCaseRow = Awaited<ReturnType<typeof fetchCases>>[number];
type CaseFilter = { status?: SafetyCase["status"]; overdue?: boolean };

const fetchAudit = (id: string) => json(cases[":id"].audit.$get({ param: { id } }));
export type CaseAudit = Awaited<ReturnType<typeof fetchAudit>>;

const fetchReport = () => json(api.reports.safety.$get());
export type SafetyReport = Awaited<ReturnType<typeof fetchReport>>;
/** A count as the manager sees it: small counts are withheld. */
export type CountCell = SafetyReport["total"];

// --- queries ------------------------------------------------------------------------------------

export const skeys = {
  all: ["safety"] as const,
  cases: (f: CaseFilter) => ["safety", "cases", f] as const,
  case: (id: string) => ["safety", "case", id] as const,
  audit: (id: string) => ["safety", "audit", id] as const,
  receipts: ["safety", "receipts"] as const,
  report: ["safety", "report"] as const,
};

export const useSafetyCases = (f: CaseFilter) =>
  useQuery({ queryKey: skeys.cases(f), queryFn: () => fetchCases(f) });

export const useSafetyCase = (id: string) =>
  useQuery({ queryKey: skeys.case(id), queryFn: () => getCase(id), retry: false });

export const useCaseAudit = (id: string) =>
  useQuery({ queryKey: skeys.audit(id), queryFn: () => fetchAudit(id) });

export const useRepReceipts = () =>
  useQuery({ queryKey: skeys.receipts, queryFn: () => json(api.safety.reports.$get()) });

export const useSafetyReport = () => useQuery({ queryKey: skeys.report, queryFn: fetchReport });

// --- writes ------------------------------------------------------------------------------------

function useSafetyWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: skeys.all }) });
}

export const useReportAdverseEvent = (patientId: string) =>
  useSafetyWrite((body: AdverseEventBody) =>
    json(api.patients[":id"]["adverse-events"].$post({ param: { id: patientId }, json: body })),
  );

export const useRepReport = () =>
  useSafetyWrite((body: RepReportBody) => json(api.safety.reports.$post({ json: body })));

/** Triage with If-Match: a stale ETag answers 412 (the page shows what changed meanwhile). */
export const useTriageCase = (id: string) =>
  useSafetyWrite(({ body, etag }: { body: CasePatchBody; etag: string | null }) =>
    json(
      cases[":id"].$patch(
        { param: { id }, json: body },
        etag ? { headers: { "if-match": etag } } : undefined,
      ),
    ),
  );

export const useForwardCase = (id: string) =>
  useSafetyWrite((etag: string | null) =>
    json(
      cases[":id"].forward.$post(
        { param: { id }, json: {} },
        etag ? { headers: { "if-match": etag } } : undefined,
      ),
    ),
  );

export const useAcknowledgeCase = (id: string) =>
  useSafetyWrite(({ mahCaseId, etag }: { mahCaseId: string; etag: string | null }) =>
    json(
      cases[":id"].acknowledgement.$put(
        { param: { id }, json: { mahCaseId } },
        etag ? { headers: { "if-match": etag } } : undefined,
      ),
    ),
  );

export const useCaseFollowUp = (id: string) =>
  useSafetyWrite((body: { id: string; to: "patient" | "clinician"; question: string }) =>
    json(cases[":id"]["follow-ups"].$post({ param: { id }, json: body })),
  );

/** Same-origin paths of the exports (the browser downloads them with the session cookie). */
export const caseDownloads = (id: string) => ({
  e2b: new URL(cases[":id"]["e2b.xml"].$url({ param: { id } })).pathname,
  fhir: new URL(cases[":id"].fhir.$url({ param: { id } })).pathname,
});
export const CASES_CSV = new URL(api.safety["cases.csv"].$url()).pathname;
