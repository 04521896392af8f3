// Data for the pages via TanStack Query: cached per key, refetched after the writes that change it.
import type {
  ConditionBody,
  FollowUpBody,
  NoteBody,
  PlanCreateBody,
  PlanPatchBody,
  RevisitBody,
  TargetsBody,
} from "@steady/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ifMatch, type JsonOf, json } from "./client";
import { skeys } from "./safety";

/** New alerts must show "at once": the inbox and its badge poll while the portal is open. */
export const ALERT_POLL_MS = 30_000;

export const keys = {
  me: ["me"] as const,
  triage: ["triage"] as const,
  alerts: (status: "open" | "all") => ["alerts", status] as const,
  followUps: ["follow-ups"] as const,
  staff: ["staff"] as const,
  summary: (id: string) => ["patient", id, "summary"] as const,
  readings: (id: string, kind: "bp" | "glucose") => ["patient", id, "readings", kind] as const,
  notes: (id: string) => ["patient", id, "notes"] as const,
  calls: (id: string) => ["patient", id, "calls"] as const,
  reminders: (id: string) => ["patient", id, "reminders"] as const,
  patient: (id: string) => ["patient", id] as const,
};

export const fetchMe = () => json(api.auth.me.$get());
export type Me = Awaited<ReturnType<typeof fetchMe>>;

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

export const fetchTriage = () => json(api.patients.$get({ query: { sort: "risk" } }));
export type TriageRowView = Awaited<ReturnType<typeof fetchTriage>>[number];

export function useTriage() {
  return useQuery({ queryKey: keys.triage, queryFn: fetchTriage, staleTime: 60_000 });
}

export function useStaff() {
  return useQuery({ queryKey: keys.staff, queryFn: () => json(api.staff.$get()), staleTime: 10 * 60_000 });
}

export function useAlerts(status: "open" | "all") {
  return useQuery({
    queryKey: keys.alerts(status),
    queryFn: () => json(api.alerts.$get({ query: { status } })),
    refetchInterval: ALERT_POLL_MS,
  });
}
export type InboxAlertView = NonNullable<ReturnType<typeof useAlerts>["data"]>["alerts"][number];

export function useFollowUps() {
  return useQuery({ queryKey: keys.followUps, queryFn: () => json(api["follow-ups"].$get()) });
}
export type WorklistRowView = NonNullable<ReturnType<typeof useFollowUps>["data"]>["rows"][number];

export const fetchSummary = (id: string) =>
  json(api.patients[":id"].summary.$get({ param: { id }, query: { days: "90" } }));
export type Summary = Awaited<ReturnType<typeof fetchSummary>>;
export type PlanViewT = Summary["plans"][number];

export function useSummary(id: string) {
  return useQuery({ queryKey: keys.summary(id), queryFn: () => fetchSummary(id), retry: false });
}

const DAY = 86_400_000;

export function useReadings<K extends "bp" | "glucose">(id: string, kind: K, enabled = true) {
  return useQuery({
    queryKey: keys.readings(id, kind),
    queryFn: () =>
      json(
        api.patients[":id"].readings.$get({
          param: { id },
          query: { kind, from: String(Date.now() - 90 * DAY) },
        }),
      ),
    enabled,
    retry: false,
  });
}

/** Without a month, the server answers the patient's current month (in their zone). */
export function useDiary(id: string, month: string | undefined) {
  return useQuery({
    queryKey: ["patient", id, "diary", month ?? "current"] as const,
    queryFn: () => json(api.patients[":id"].diary.$get({ param: { id }, query: month ? { month } : {} })),
    retry: false,
  });
}
export type DiaryView = JsonOf<Awaited<ReturnType<(typeof api.patients)[":id"]["diary"]["$get"]>>>;

export function useSelfReports(id: string) {
  return useQuery({
    queryKey: ["patient", id, "self-reports"] as const,
    queryFn: () => json(api.patients[":id"]["self-reports"].$get({ param: { id } })),
    retry: false,
  });
}

export function useNotes(id: string) {
  return useQuery({
    queryKey: keys.notes(id),
    queryFn: () => json(api.patients[":id"].notes.$get({ param: { id } })),
    retry: false,
  });
}

export function useCalls(id: string) {
  return useQuery({
    queryKey: keys.calls(id),
    queryFn: () => json(api.patients[":id"]["follow-ups"].$get({ param: { id } })),
    retry: false,
  });
}
export type CallViewT = NonNullable<ReturnType<typeof useCalls>["data"]>["calls"][number];

export function useReminders(id: string) {
  return useQuery({
    queryKey: keys.reminders(id),
    queryFn: () => json(api.patients[":id"].reminders.$get({ param: { id } })),
    retry: false,
  });
}

// --- writes --------------------------------------------------------------------------

export function useAckAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (alertId: string) => json(api.alerts[":id"].ack.$post({ param: { id: alertId } })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ["alerts"] });
      qc.invalidateQueries({ queryKey: keys.triage });
      qc.invalidateQueries({ queryKey: ["patient"] });
    },
  });
}

export function useAddNote(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NoteBody) =>
      json(api.patients[":id"].notes.$post({ param: { id: patientId }, json: body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notes(patientId) }),
  });
}

export function useRecordCall(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FollowUpBody) =>
      json(api.patients[":id"]["follow-ups"].$post({ param: { id: patientId }, json: body })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: keys.followUps });
      qc.invalidateQueries({ queryKey: keys.calls(patientId) });
      qc.invalidateQueries({ queryKey: keys.triage });
      // A call's answer to the safety question may have opened a case.
      qc.invalidateQueries({ queryKey: skeys.all });
    },
  });
}

export function useResolveEscalation(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (callId: string) => json(api["follow-ups"][":id"].resolve.$post({ param: { id: callId } })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: keys.calls(patientId) });
      qc.invalidateQueries({ queryKey: keys.triage });
    },
  });
}

function usePatientWrite<V>(patientId: string, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  const refresh = () => {
    qc.invalidateQueries({ queryKey: keys.patient(patientId) });
    qc.invalidateQueries({ queryKey: keys.triage });
  };
  return useMutation({
    mutationFn: fn,
    onSuccess: refresh,
    // A 412 means the page shows an old version: reload it behind the conflict notice.
    onError: (e) => {
      if (e instanceof Error && "status" in e && e.status === 412) refresh();
    },
  });
}

export function useCreatePlan(patientId: string) {
  return usePatientWrite(patientId, (body: PlanCreateBody) =>
    json(api.patients[":id"].plans.$post({ param: { id: patientId }, json: body })),
  );
}

// Edits name the version they were based on (If-Match); a stale one fails with 412 (ADR 0011).
export function useUpdatePlan(patientId: string) {
  return usePatientWrite(
    patientId,
    ({ planId, patch, version }: { planId: string; patch: PlanPatchBody; version: number }) =>
      json(
        api.patients[":id"].plans[":planId"].$patch(
          { param: { id: patientId, planId }, json: patch },
          ifMatch(version),
        ),
      ),
  );
}

export function useStopPlan(patientId: string) {
  return usePatientWrite(patientId, ({ planId, version }: { planId: string; version: number }) =>
    json(
      api.patients[":id"].plans[":planId"].$delete({ param: { id: patientId, planId } }, ifMatch(version)),
    ),
  );
}

export function useSetTargets(patientId: string) {
  return usePatientWrite(patientId, ({ version, ...body }: TargetsBody & { version: number }) =>
    json(api.patients[":id"].targets.$put({ param: { id: patientId }, json: body }, ifMatch(version))),
  );
}

/** The next visit (复诊), set by the clinic: a PUT replaces the one set before. */
export function useSetRevisit(patientId: string) {
  return usePatientWrite(patientId, (body: RevisitBody) =>
    json(api.patients[":id"].revisit.$put({ param: { id: patientId }, json: body })),
  );
}

export function useSetCondition(patientId: string) {
  return usePatientWrite(patientId, ({ version, ...body }: ConditionBody & { version: number }) =>
    json(api.patients[":id"].condition.$put({ param: { id: patientId }, json: body }, ifMatch(version))),
  );
}
