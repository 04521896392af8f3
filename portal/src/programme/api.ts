// The rep and programme routes through the typed client, as TanStack Query hooks.
import type {
  AgreementBody,
  ClinicCreateBody,
  InviteBody,
  ProgrammeSettingsBody,
  SuppressedCount,
} from "@steady/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ifMatch, json } from "../api/client";

export const pkeys = {
  clinics: ["programme", "clinics"] as const,
  clinic: (id: string) => ["programme", "clinic", id] as const,
  repReport: ["programme", "report", "clinics"] as const,
  programmeReport: ["programme", "report", "programme"] as const,
  settings: ["programme", "settings"] as const,
  poster: (code: string) => ["programme", "poster", code] as const,
  invite: (token: string) => ["programme", "invite", token] as const,
  approvals: ["programme", "invite-approvals"] as const,
  deadLetters: ["programme", "reminder-dead-letters"] as const,
};

/** Reminder queue messages given up after their retries (ADR 0016), newest first. */
export function useDeadLetters() {
  return useQuery({
    queryKey: pkeys.deadLetters,
    queryFn: () => json(api.programme["reminder-dead-letters"].$get({ query: {} })),
  });
}

export function useClinics() {
  return useQuery({ queryKey: pkeys.clinics, queryFn: () => json(api.clinics.$get()) });
}

export function useClinic(id: string) {
  return useQuery({
    queryKey: pkeys.clinic(id),
    queryFn: () => json(api.clinics[":id"].$get({ param: { id } })),
    retry: false,
  });
}
export type ClinicDetail = NonNullable<ReturnType<typeof useClinic>["data"]>;

export function useClinicReport() {
  return useQuery({
    queryKey: pkeys.repReport,
    queryFn: () => json(api.reports.clinics.$get({ query: {} })),
  });
}
export type ClinicReportRow = NonNullable<ReturnType<typeof useClinicReport>["data"]>[number];

export function useProgrammeReport() {
  return useQuery({
    queryKey: pkeys.programmeReport,
    queryFn: () => json(api.reports.programme.$get({ query: {} })),
  });
}
export type ProgrammeReportView = NonNullable<ReturnType<typeof useProgrammeReport>["data"]>;

export function useSettings() {
  return useQuery({
    queryKey: pkeys.settings,
    queryFn: () => json(api.programme.settings.$get({ query: {} })),
  });
}
export type SettingsView = NonNullable<ReturnType<typeof useSettings>["data"]>;

export function usePoster(code: string) {
  return useQuery({
    queryKey: pkeys.poster(code),
    queryFn: () => json(api.codes[":code"].poster.$get({ param: { code } })),
    retry: false,
  });
}

export function useInvite(token: string) {
  return useQuery({
    queryKey: pkeys.invite(token),
    queryFn: () => json(api.invites[":token"].$get({ param: { token } })),
    retry: false,
  });
}

// --- writes --------------------------------------------------------------------------

function useProgrammeWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: ["programme"] }),
  });
}

export const useCreateClinic = () =>
  useProgrammeWrite((body: ClinicCreateBody) => json(api.clinics.$post({ json: body })));

export const useRecordAgreement = (id: string) =>
  useProgrammeWrite((body: AgreementBody) =>
    json(api.clinics[":id"].agreement.$post({ param: { id }, json: body })),
  );

export const useInviteToClinic = (id: string) =>
  useProgrammeWrite((body: InviteBody) =>
    json(api.clinics[":id"].invites.$post({ param: { id }, json: body })),
  );

export const useRevokeCode = () =>
  useProgrammeWrite(({ code, reason }: { code: string; reason: string }) =>
    json(api.codes[":code"].revoke.$post({ param: { code }, json: { reason } })),
  );

export const useReplaceCode = () =>
  useProgrammeWrite(({ code, reason }: { code: string; reason: string }) =>
    json(api.codes[":code"].replace.$post({ param: { code }, json: { reason } })),
  );

/** Saves over `version` only (If-Match, ADR 0011): a stale save is a 412 with the current settings. */
export const useSaveSettings = () =>
  useProgrammeWrite(({ body, version }: { body: ProgrammeSettingsBody; version: number }) =>
    json(api.programme.settings.$put({ query: {}, json: body }, ifMatch(version))),
  );

/** Invites made by reps that wait for the caller (a doctor of the clinic, or an admin). */
export function useInviteApprovals() {
  return useQuery({ queryKey: pkeys.approvals, queryFn: () => json(api["invite-approvals"].$get()) });
}

/** Approving sends the link to the invitee; the approver never sees it either. */
export function useApproveInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ clinicId, inviteId }: { clinicId: string; inviteId: string }) =>
      json(api.clinics[":id"].invites[":inviteId"].approve.$post({ param: { id: clinicId, inviteId } })),
    onSuccess: (_data, { clinicId }) => {
      void qc.invalidateQueries({ queryKey: pkeys.approvals });
      void qc.invalidateQueries({ queryKey: pkeys.clinic(clinicId) });
    },
  });
}

export function useAcceptInvite(token: string) {
  return useMutation({
    mutationFn: (body: { name: string; password: string }) =>
      json(api.invites[":token"].accept.$post({ param: { token }, json: body })),
  });
}

/** A count as shown: the number, "<5", or "—" for a count withheld to protect a small one. */
export function countText(v: SuppressedCount): string {
  return v === "hidden" ? "—" : String(v);
}
