// The one shape of an audit row: who (actor id and role), did what, to which patient — or, for a
// list or CSV read, to which patients — and when. Every writer in the app goes through here.
import { auditEvents } from "../db/schema";
import type { Db } from "../env";

export interface AuditEntry {
  actorId: string;
  role: string;
  action: string;
  /** The one patient concerned. */
  patientId?: string | null;
  /** Every patient a list, CSV or report read showed (their ids, not their data). */
  patientIds?: readonly string[];
  at: number;
}

/** The insert, for callers that put it into a batch with the change it records. */
export function auditInsert(db: Db, e: AuditEntry) {
  return db.insert(auditEvents).values({
    actorId: e.actorId,
    role: e.role,
    action: e.action,
    patientId: e.patientId ?? null,
    patientIds: e.patientIds?.length ? JSON.stringify(e.patientIds) : null,
    at: e.at,
  });
}

export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await auditInsert(db, e);
}
