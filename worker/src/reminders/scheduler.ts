// The reminder scheduler: one run per minute (Workers cron; a timer in the Node server). A run
// finds what is due, claims each message with an insert on its unique key (slot + kind) *before*
// sending — so overlapping or retried runs never send twice — reserves quota, sends through the
// channel, and records the outcome. Work per run is bounded; what is left waits a minute, and
// anything older than the send window is dropped rather than sent late.
//
// Messages move through in slices: one transaction claims a slice, one reserves its quota, the
// sends run concurrently, one transaction records the outcomes. No statement binds more than
// `maxBoundParams` parameters (D1 allows 100; libSQL far more, and fewer statements are faster).
import { localDateOf, localTimeOf } from "@steady/shared";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { patients, type ReminderKind, reminderSends, type SentMessage } from "../db/schema";
import type { Db } from "../env";
import type { SmsSender } from "../sms/sender";
import { TemplateValueError } from "../wechat/template-data";
import { type DueReminder, dueDoseReminders, dueTips, patientZones } from "./due";
import { dueRefills, dueRevisits } from "./due-supply";
import { doseMessage, refillMessage, revisitMessage, tipMessage } from "./messages";
import { DEFAULT_OPTIONS, type SchedulerOptions } from "./options";
import {
  backoffUntil,
  type Claimed,
  chunk,
  reserveSendRecord,
  runBatch,
  type SendContext,
} from "./send-steps";
import type { ReminderSender } from "./sender";
import { loadTemplates, type ReminderTemplate } from "./templates";

export interface SchedulerDeps {
  db: Db;
  clock: () => number;
  sender: ReminderSender;
  /** The SMS channel (channels.ts decides who gets SMS); absent or null: WeChat only. */
  sms?: SmsSender | null;
}

export interface RunReport {
  at: string;
  /** Patients whose plans the run expanded (the SQL step leaves out slots already dealt with). */
  examined: number;
  /** Messages found due this run (before the per-run bound). */
  due: number;
  /** Delivered through WeChat (or the console in local mode). */
  sent: number;
  /** Delivered by SMS because WeChat could not carry them. */
  sms: number;
  /** No channel could reach the patient (no WeChat quota and no SMS: see reminder_channels). */
  noQuota: number;
  refused: number;
  failed: number;
  /** Will be tried again by a later run (rate limit or WeChat busy). */
  retry: number;
  /** Claimed by an overlapping run first. */
  taken: number;
  /** Retries whose send window closed. */
  expired: number;
  /** WeChat asked us to slow down: this run (or the rest of it) sent nothing. */
  backedOff: boolean;
}

/** Messages per slice: claimed, reserved and recorded together. */
const SLICE = 200;
/** Parameters bound per inserted reminder_sends row. */
export const PARAMS_PER_ROW = 14;

export async function runScheduler(
  deps: SchedulerDeps,
  options: Partial<SchedulerOptions> = {},
): Promise<RunReport> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const { db, sender } = deps;
  const now = deps.clock();
  const report: RunReport = {
    at: new Date(now).toISOString(),
    examined: 0,
    due: 0,
    sent: 0,
    sms: 0,
    noQuota: 0,
    refused: 0,
    failed: 0,
    retry: 0,
    taken: 0,
    expired: 0,
    backedOff: false,
  };
  const windowStart = now - opts.sendWindowMinutes * 60_000;

  report.expired = await expireRetries(db, windowStart, now);
  if (sender.channel === "wechat" && (await backoffUntil(db)) > now) {
    report.backedOff = true;
    return report;
  }
  const templates = await templatesForRun(db);
  if (!templates.size) return report;

  // Priority: retries (oldest), dose reminders, follow-ups, then the weekly tip.
  const retries = await db
    .select({ row: reminderSends, openid: patients.openid, timezone: patients.timezone })
    .from(reminderSends)
    .innerJoin(patients, eq(patients.id, reminderSends.patientId))
    .where(and(eq(reminderSends.status, "retry"), lte(reminderSends.nextAttemptAt, now)))
    .limit(opts.maxPerRun);
  const zones = await patientZones(db);
  const fresh: DueReminder[] = [];
  for (const kind of ["dose", "follow_up"] as const) {
    if (!templates.has(kind)) continue;
    const found = await dueDoseReminders(db, kind, zones, now, opts);
    fresh.push(...found.due);
    report.examined += found.examined;
  }
  const budget = Math.max(0, opts.maxPerRun - retries.length);
  if (templates.has("refill") && fresh.length < budget)
    fresh.push(...(await dueRefills(db, zones, now, budget - fresh.length)));
  if (templates.has("revisit") && fresh.length < budget)
    fresh.push(...(await dueRevisits(db, zones, now, budget - fresh.length)));
  if (templates.has("tip") && fresh.length < budget)
    fresh.push(...(await dueTips(db, zones, now, opts, budget - fresh.length)));
  report.due = retries.length + fresh.length;

  const state = { stopped: false };
  const ctx: RunContext = {
    db,
    sender,
    sms: deps.sms ?? null,
    now,
    opts,
    templates,
    report,
    state,
    clock: deps.clock,
    // Room for the other parameters of the statement besides the list or the rows.
    idsPerStatement: Math.max(1, opts.maxBoundParams - 10),
    rowsPerInsert: Math.max(1, Math.floor(opts.maxBoundParams / PARAMS_PER_ROW)),
  };
  const IDS_PER_STATEMENT = ctx.idsPerStatement;

  // Retries first: each moves back to "sending" by compare-and-set, so only one run takes it.
  if (retries.length) {
    const won = await runBatch(
      db,
      retries.map((r) =>
        db
          .update(reminderSends)
          .set({ status: "sending", attempts: sql`${reminderSends.attempts} + 1`, updatedAt: now })
          .where(and(eq(reminderSends.id, r.row.id), eq(reminderSends.status, "retry")))
          .returning({ id: reminderSends.id, attempts: reminderSends.attempts }),
      ),
    );
    const claimed: Claimed[] = [];
    const unusable: number[] = [];
    for (const [i, r] of retries.entries()) {
      const w = (won[i] as { id: number; attempts: number }[])[0];
      if (!w) {
        report.taken++;
        continue;
      }
      const template = templates.get(r.row.kind);
      if (!template || !r.row.message || template.templateId !== r.row.templateId) {
        unusable.push(w.id);
        continue;
      }
      claimed.push({
        id: w.id,
        kind: r.row.kind,
        patientId: r.row.patientId,
        openid: r.openid,
        localTime: localTimeOf(r.row.scheduledAt, r.timezone),
        template,
        message: r.row.message,
        attempts: w.attempts,
        label: `patient ${r.row.patientId.slice(0, 8)} ${r.row.kind} (retry ${w.attempts})`,
      });
    }
    if (unusable.length) {
      report.failed += unusable.length;
      await runBatch(
        db,
        chunk(unusable, IDS_PER_STATEMENT).map((ids) =>
          db
            .update(reminderSends)
            .set({ status: "failed", error: "the template changed before the retry", updatedAt: now })
            .where(inArray(reminderSends.id, ids)),
        ),
      );
    }
    for (const slice of slices(claimed, (c) => `${c.patientId}|${c.template.templateId}`)) {
      if (state.stopped) break;
      await reserveSendRecord(ctx, slice);
    }
  }

  for (const slice of slices(
    fresh.slice(0, budget),
    (d) => `${d.patientId}|${templates.get(d.kind)?.templateId}`,
  )) {
    if (state.stopped) break;
    const claimed = await claimFresh(ctx, slice);
    await reserveSendRecord(ctx, claimed);
  }
  report.backedOff = state.stopped;
  return report;
}

/**
 * The templates in use. Refill and revisit reminders go on the dose reminders' template (issue
 * 13): the patient's one acceptance ("用药提醒") carries them, through the same quota and channels.
 */
export async function templatesForRun(db: Db): Promise<Map<ReminderKind, ReminderTemplate>> {
  const templates = await loadTemplates(db);
  const doseTemplate = templates.get("dose");
  if (doseTemplate) {
    for (const kind of ["refill", "revisit"] as const)
      if (!templates.has(kind)) templates.set(kind, { ...doseTemplate, purpose: kind });
  }
  return templates;
}

interface RunContext extends SendContext {
  templates: Map<ReminderKind, ReminderTemplate>;
  report: RunReport;
  rowsPerInsert: number;
}

/**
 * Slices of at most SLICE items in which no patient appears twice for the same template, so one
 * set-based quota update per slice takes exactly one message per item.
 */
export function slices<T>(items: T[], pairOf: (t: T) => string, size = SLICE): T[][] {
  const out: T[][] = [];
  let pending = items;
  while (pending.length) {
    const slice: T[] = [];
    const seen = new Set<string>();
    const later: T[] = [];
    for (const item of pending) {
      const pair = pairOf(item);
      if (slice.length < size && !seen.has(pair)) {
        seen.add(pair);
        slice.push(item);
      } else later.push(item);
    }
    out.push(slice);
    pending = later;
  }
  return out;
}

/** Claims a slice of due messages in one transaction; returns the ones this run now holds. */
async function claimFresh(ctx: RunContext, items: DueReminder[]): Promise<Claimed[]> {
  const claimed = await claimRows(ctx, items, "sending");
  ctx.report.taken += items.length - claimed.inserted;
  ctx.report.failed += claimed.unbuildable;
  return claimed.claimed;
}

export interface ClaimContext {
  db: Db;
  now: number;
  templates: Map<ReminderKind, ReminderTemplate>;
  sender: ReminderSender;
  rowsPerInsert: number;
}

/**
 * Inserts one reminder_sends row per due message under its unique key (patient, kind, slot):
 * "sending" for the one-pass scheduler, "queued" for the queue producer. Only the rows this
 * call inserted come back: a slot another run (or an earlier cron) claimed is not claimed again.
 */
export async function claimRows(
  ctx: ClaimContext,
  items: DueReminder[],
  status: "sending" | "queued",
): Promise<{ claimed: Claimed[]; inserted: number; unbuildable: number }> {
  const { db, now, templates, sender } = ctx;
  const rows: (typeof reminderSends.$inferInsert)[] = [];
  const byKey = new Map<
    string,
    { item: DueReminder; template: ReminderTemplate; message: SentMessage | null }
  >();
  for (const item of items) {
    const template = templates.get(item.kind) as ReminderTemplate;
    let message: SentMessage | null = null;
    let error: string | null = null;
    try {
      message = buildMessage(item, template);
    } catch (e) {
      if (!(e instanceof TemplateValueError)) throw e;
      error = e.message;
    }
    byKey.set(`${item.patientId}|${item.kind}|${item.slotKey}`, { item, template, message });
    rows.push({
      patientId: item.patientId,
      kind: item.kind,
      slotKey: item.slotKey,
      planId: item.planId,
      scheduledAt: item.scheduledAt,
      dueAt: item.dueAt,
      templateId: template.templateId,
      message,
      // A message we cannot build is recorded as failed (and never retried): it is our bug.
      channel: message ? sender.channel : "none",
      status: message ? status : "failed",
      error,
      claimedAt: now,
      updatedAt: now,
    });
  }
  const results = await runBatch(
    db,
    chunk(rows, ctx.rowsPerInsert).map((part) =>
      db.insert(reminderSends).values(part).onConflictDoNothing().returning({
        id: reminderSends.id,
        patientId: reminderSends.patientId,
        kind: reminderSends.kind,
        slotKey: reminderSends.slotKey,
      }),
    ),
  );
  const claimed: Claimed[] = [];
  let inserted = 0;
  let unbuildable = 0;
  for (const r of results.flat() as {
    id: number;
    patientId: string;
    kind: ReminderKind;
    slotKey: string;
  }[]) {
    inserted++;
    const hit = byKey.get(`${r.patientId}|${r.kind}|${r.slotKey}`);
    if (!hit) continue;
    if (!hit.message) {
      unbuildable++;
      continue;
    }
    claimed.push({
      id: r.id,
      kind: r.kind,
      patientId: r.patientId,
      openid: hit.item.openid,
      localTime: localTimeOf(hit.item.scheduledAt, hit.item.timezone),
      template: hit.template,
      message: hit.message,
      attempts: 1,
      label: labelOf(hit.item),
    });
  }
  return { claimed, inserted, unbuildable };
}

export function buildMessage(item: DueReminder, template: ReminderTemplate): SentMessage {
  if (item.kind === "tip" && item.tip) return tipMessage(template, item.tip, item.locale);
  if (item.kind === "refill" && item.refill)
    return refillMessage(template, { ...item.refill, timezone: item.timezone, locale: item.locale });
  if (item.kind === "revisit" && item.revisit)
    return revisitMessage(template, { ...item.revisit, timezone: item.timezone, locale: item.locale });
  if ((item.kind === "dose" || item.kind === "follow_up") && item.dose && item.planId) {
    return doseMessage(item.kind, template, {
      planId: item.planId,
      drug: item.dose.drug,
      dose: item.dose.dose,
      scheduledAt: item.scheduledAt,
      timezone: item.timezone,
      locale: item.locale,
    });
  }
  throw new TemplateValueError("(message)", `nothing to say for ${item.kind} ${item.slotKey}`);
}

export function labelOf(item: DueReminder): string {
  const when = `${localDateOf(item.scheduledAt, item.timezone)} ${localTimeOf(item.scheduledAt, item.timezone)} ${item.timezone}`;
  const what: Record<ReminderKind, string> = {
    dose: `dose ${item.dose?.drug ?? ""} ${item.dose?.dose ?? ""}`,
    follow_up: `follow-up ${item.dose?.drug ?? ""} ${item.dose?.dose ?? ""}`,
    tip: `weekly tip ${item.tip?.id ?? ""}`,
    refill: `refill ${item.refill?.drug ?? ""} runs out ${item.refill?.runOutDate ?? ""}`,
    revisit: `revisit ${item.revisit?.date ?? ""} (${item.revisit?.when ?? ""})`,
  };
  return `patient ${item.patientId.slice(0, 8)} ${what[item.kind]} @ ${when}`;
}

async function expireRetries(db: Db, windowStart: number, now: number): Promise<number> {
  const rows = await db
    .update(reminderSends)
    .set({ status: "expired", updatedAt: now })
    .where(and(eq(reminderSends.status, "retry"), lte(reminderSends.dueAt, windowStart)))
    .returning({ id: reminderSends.id });
  return rows.length;
}
