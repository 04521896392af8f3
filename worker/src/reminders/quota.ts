// Subscription quota: WeChat lets us send one message per one-time acceptance (docs/product.md), so
// we count acceptances the mini-program reports and spend one per message (the scheduler
// reserves a message before sending and refunds it when WeChat did not deliver).
import { eq, sql } from "drizzle-orm";
import { affected } from "../db/affected";
import { subscriptionGrants, subscriptionQuota } from "../db/schema";
import type { Db } from "../env";
import { ProblemError } from "../http/problem";
import { type CreateOutcome, canonicalJson, replayOutcome } from "../records/idempotency";

/** What quota bookkeeping needs of a template: reminder templates and the family-notice one. */
export interface QuotaTemplate {
  purpose: string;
  templateId: string;
  longTerm: boolean;
}
type Templates = ReadonlyMap<string, QuotaTemplate>;

export interface SubscriptionReport {
  id?: string;
  templateId: string;
  result: string;
}

export interface QuotaView {
  templateId: string;
  purposes: string[];
  longTerm: boolean;
  /** Messages left; null for a long-term subscription (no count). */
  remaining: number | null;
  acceptedTotal: number;
  lastAcceptedAt: string | null;
  /** WeChat refused a message (43101): the patient has to accept again. */
  refusedAt: string | null;
}

/** WeChat's result per template is "accept", "reject", "ban" or "filter"; only accept is consent. */
export const isConsent = (result: string) => result.startsWith("accept");

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/**
 * Records one result of `wx.requestSubscribeMessage`. With a client id it is idempotent: a replay
 * answers "duplicate" and adds nothing. An acceptance adds one message (a long-term template:
 * marks the subscription as active).
 */
export async function recordSubscription(
  db: Db,
  patientId: string,
  report: SubscriptionReport,
  templates: Templates,
  now: number,
): Promise<{ outcome: CreateOutcome; accepted: boolean; quota: QuotaView }> {
  const template = [...templates.values()].find((t) => t.templateId === report.templateId);
  if (!template) {
    throw new ProblemError(422, "invalid request body", [
      { path: "templateId", message: "not a template this programme sends" },
    ]);
  }
  const id = report.id ?? crypto.randomUUID();
  const accepted = isConsent(report.result);
  const requestJson = canonicalJson({ templateId: report.templateId, result: report.result });
  const insertGrant = db
    .insert(subscriptionGrants)
    .values({
      id,
      patientId,
      templateId: report.templateId,
      result: report.result,
      accepted,
      at: now,
      requestJson,
    })
    .onConflictDoNothing();
  // In the same transaction, `changes()` is 1 only when the grant above was new, so a replayed
  // report adds nothing even if two replays race.
  const countIt = db.run(sql`
    INSERT INTO subscription_quota
      (patient_id, template_id, remaining, long_term, accepted_total, last_accepted_at, refused_at, updated_at)
    VALUES (${patientId}, ${report.templateId}, changes(), ${template.longTerm ? 1 : 0}, changes(), ${now}, NULL, ${now})
    ON CONFLICT (patient_id, template_id) DO UPDATE SET
      remaining = remaining + excluded.remaining,
      accepted_total = accepted_total + excluded.accepted_total,
      long_term = CASE WHEN excluded.remaining > 0 THEN excluded.long_term ELSE long_term END,
      refused_at = CASE WHEN excluded.remaining > 0 THEN NULL ELSE refused_at END,
      last_accepted_at = CASE WHEN excluded.remaining > 0 THEN excluded.last_accepted_at ELSE last_accepted_at END,
      updated_at = excluded.updated_at`);
  const [inserted] = accepted ? await db.batch([insertGrant, countIt]) : await db.batch([insertGrant]);
  let outcome: CreateOutcome = "created";
  if (!affected(inserted)) {
    const [stored] = await db.select().from(subscriptionGrants).where(eq(subscriptionGrants.id, id));
    outcome = replayOutcome(stored, patientId, requestJson);
  }
  const quota = (await quotaViews(db, patientId, templates)).find((q) => q.templateId === report.templateId);
  return { outcome, accepted, quota: quota ?? emptyQuota(template, templates) };
}

function purposesOf(templateId: string, templates: Templates): string[] {
  return [...templates.values()].filter((t) => t.templateId === templateId).map((t) => t.purpose);
}

function emptyQuota(t: QuotaTemplate, templates: Templates): QuotaView {
  return {
    templateId: t.templateId,
    purposes: purposesOf(t.templateId, templates),
    longTerm: false,
    remaining: 0,
    acceptedTotal: 0,
    lastAcceptedAt: null,
    refusedAt: null,
  };
}

/** The patient's quota for every template in use (templates never accepted show 0). */
export async function quotaViews(db: Db, patientId: string, templates: Templates): Promise<QuotaView[]> {
  const rows = await db.select().from(subscriptionQuota).where(eq(subscriptionQuota.patientId, patientId));
  const byId = new Map(rows.map((r) => [r.templateId, r]));
  const seen = new Set<string>();
  const out: QuotaView[] = [];
  for (const t of templates.values()) {
    if (seen.has(t.templateId)) continue;
    seen.add(t.templateId);
    const r = byId.get(t.templateId);
    out.push(
      r
        ? {
            templateId: t.templateId,
            purposes: purposesOf(t.templateId, templates),
            longTerm: r.longTerm,
            remaining: r.longTerm ? null : r.remaining,
            acceptedTotal: r.acceptedTotal,
            lastAcceptedAt: iso(r.lastAcceptedAt),
            refusedAt: iso(r.refusedAt),
          }
        : emptyQuota(t, templates),
    );
  }
  return out;
}
