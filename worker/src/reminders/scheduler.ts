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
import type { BatchItem } from "drizzle-orm/batch";
import {
  patients,
  type ReminderKind,
  reminderSends,
  type SentMessage,
  schedulerState,
  subscriptionQuota,
} from "../db/schema";
import type { Db } from "../env";
import type { SmsOutcome, SmsSender } from "../sms/sender";
import { smsParams } from "../sms/templates";
import { TemplateValueError } from "../wechat/template-data";
import {
  type ChannelChoice,
  type ChannelRecord,
  channelStatements,
  chooseChannel,
  type SmsContact,
  smsContactsOf,
  smsPurposeOf,
} from "./channels";
import { type DueReminder, dueDoseReminders, dueTips, patientZones } from "./due";
import { dueRefills, dueRevisits } from "./due-supply";
import { doseMessage, refillMessage, revisitMessage, tipMessage } from "./messages";
import {
  DEFAULT_BACKOFF_MS,
  DEFAULT_OPTIONS,
  dailyQuotaResetAfter,
  RATE_LIMIT_BACKOFF_MS,
  type SchedulerOptions,
} from "./options";
import { dailyQuotaSender, type ReminderSender, type SendOutcome } from "./sender";
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

const BACKOFF_KEY = "wechat_backoff_until";
/** Until when WeChat's daily quota (45009) is spent: reminders go by SMS meanwhile. */
const DAILY_QUOTA_KEY = "wechat_daily_quota_until";
/** Messages per slice: claimed, reserved and recorded together. */
const SLICE = 200;
/** Parameters bound per inserted reminder_sends row. */
const PARAMS_PER_ROW = 14;

/** A message this run holds the claim for. */
interface Claimed {
  id: number;
  kind: ReminderKind;
  patientId: string;
  openid: string | null;
  /** The slot's local time of day, "08:00" (the SMS says only this). */
  localTime: string;
  template: ReminderTemplate;
  message: SentMessage;
  /** Attempts including this one. */
  attempts: number;
  label: string;
}

type Stmt = BatchItem<"sqlite">;

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

async function runBatch(db: Db, stmts: Stmt[]): Promise<unknown[]> {
  if (!stmts.length) return [];
  return db.batch(stmts as [Stmt, ...Stmt[]]);
}

export async function runScheduler(
  deps: SchedulerDeps,
  options: Partial<SchedulerOptions> = {},
): Promise<RunReport> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const { db } = deps;
  const now = deps.clock();
  // WeChat's daily quota spent earlier today: answer 45009 without calling it (SMS fallback).
  const dailyUntil = deps.sender.channel === "wechat" ? await stateValue(db, DAILY_QUOTA_KEY) : 0;
  const sender = dailyUntil > now ? dailyQuotaSender(dailyUntil) : deps.sender;
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
  if (sender.channel === "wechat" && (await stateValue(db, BACKOFF_KEY)) > now) {
    report.backedOff = true;
    return report;
  }
  const templates = await loadTemplates(db);
  if (!templates.size) return report;
  // Refill and revisit reminders go on the dose reminders' template (issue 13): the patient's
  // one acceptance ("用药提醒") carries them, through the same quota and channels.
  const doseTemplate = templates.get("dose");
  if (doseTemplate) {
    for (const kind of ["refill", "revisit"] as const)
      if (!templates.has(kind)) templates.set(kind, { ...doseTemplate, purpose: kind });
  }

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

interface RunContext {
  db: Db;
  sender: ReminderSender;
  sms: SmsSender | null;
  now: number;
  clock: () => number;
  opts: SchedulerOptions;
  templates: Map<ReminderKind, ReminderTemplate>;
  report: RunReport;
  state: { stopped: boolean };
  idsPerStatement: number;
  rowsPerInsert: number;
}

/**
 * Slices of at most SLICE items in which no patient appears twice for the same template, so one
 * set-based quota update per slice takes exactly one message per item.
 */
function slices<T>(items: T[], pairOf: (t: T) => string): T[][] {
  const out: T[][] = [];
  let pending = items;
  while (pending.length) {
    const slice: T[] = [];
    const seen = new Set<string>();
    const later: T[] = [];
    for (const item of pending) {
      const pair = pairOf(item);
      if (slice.length < SLICE && !seen.has(pair)) {
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
  const { db, now, templates, sender, report } = ctx;
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
      status: message ? "sending" : "failed",
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
      report.failed++;
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
  report.taken += items.length - inserted;
  return claimed;
}

/** Reserves quota for claimed messages, sends those that got it, and records every outcome. */
async function reserveSendRecord(ctx: RunContext, claimed: Claimed[]): Promise<void> {
  if (!claimed.length) return;
  const { db, now, report, state, opts } = ctx;
  const IDS_PER_STATEMENT = ctx.idsPerStatement;

  // Reserve: one message of quota per item, atomically, for the whole slice.
  const reserveStmts: Stmt[] = [];
  const reserveKeys: string[] = [];
  const byTemplate = new Map<string, Claimed[]>();
  for (const c of claimed) {
    if (!c.openid) continue;
    byTemplate.set(c.template.templateId, [...(byTemplate.get(c.template.templateId) ?? []), c]);
  }
  for (const [templateId, cs] of byTemplate) {
    for (const part of chunk(cs, IDS_PER_STATEMENT)) {
      reserveKeys.push(templateId);
      reserveStmts.push(
        db
          .update(subscriptionQuota)
          .set({
            remaining: sql`CASE WHEN ${subscriptionQuota.longTerm} THEN ${subscriptionQuota.remaining} ELSE ${subscriptionQuota.remaining} - 1 END`,
            updatedAt: now,
          })
          .where(
            and(
              eq(subscriptionQuota.templateId, templateId),
              inArray(
                subscriptionQuota.patientId,
                part.map((c) => c.patientId),
              ),
              sql`(${subscriptionQuota.longTerm} = 1 OR ${subscriptionQuota.remaining} > 0)`,
            ),
          )
          .returning({ patientId: subscriptionQuota.patientId, longTerm: subscriptionQuota.longTerm }),
      );
    }
  }
  const reservedRows = await runBatch(db, reserveStmts);
  const reserved = new Map<string, boolean>(); // `${patient}|${template}` → one-time
  reservedRows.forEach((rows, i) => {
    for (const r of rows as { patientId: string; longTerm: boolean }[])
      reserved.set(`${r.patientId}|${reserveKeys[i]}`, !r.longTerm);
  });
  const ready = claimed.filter((c) => reserved.has(`${c.patientId}|${c.template.templateId}`));
  const unreserved = claimed.filter((c) => !reserved.has(`${c.patientId}|${c.template.templateId}`));
  // Phone and SMS consent of everyone here: those without WeChat quota may go by SMS, and so may
  // those WeChat refuses below (43101).
  const contacts: Map<string, SmsContact> = ctx.sms
    ? await smsContactsOf(
        db,
        claimed.map((c) => c.patientId),
        IDS_PER_STATEMENT,
      )
    : new Map();
  const choose = (c: Claimed, wechat: ChannelChoice["wechat"]) =>
    chooseChannel({
      wechat,
      smsPurpose: smsPurposeOf(c.kind),
      contact: contacts.get(c.patientId),
      sms: ctx.sms,
    });
  const bySms: { c: Claimed; choice: ChannelChoice }[] = [];
  const records: ChannelRecord[] = [];
  const noneIds = new Map<string, number[]>(); // reason → send ids
  for (const c of unreserved) {
    const choice = choose(c, c.openid ? "no_quota" : "no_openid");
    if (choice.channel === "sms") bySms.push({ c, choice });
    else {
      const reason = unreachableReason(choice);
      noneIds.set(reason, [...(noneIds.get(reason) ?? []), c.id]);
      records.push({ ...choice, sendId: c.id, patientId: c.patientId, kind: c.kind, reached: false });
    }
  }
  let noneCount = 0;
  const noQuotaStmts = [...noneIds].flatMap(([reason, ids]) => {
    noneCount += ids.length;
    return chunk(ids, IDS_PER_STATEMENT).map((part) =>
      db
        .update(reminderSends)
        .set({ status: "no_quota", channel: "none", error: reason, updatedAt: now })
        .where(inArray(reminderSends.id, part)),
    );
  });
  report.noQuota += noneCount;
  await runBatch(db, noQuotaStmts);

  // Send through WeChat, a few at a time. After a rate limit nothing more goes out; the rest
  // becomes retries.
  const outcomes = new Array<SendOutcome | null>(ready.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < ready.length && !state.stopped) {
      const i = next++;
      const c = ready[i] as Claimed;
      try {
        outcomes[i] = await ctx.sender.send({
          ...c.message,
          openid: c.openid as string,
          templateId: c.template.templateId,
          label: c.label,
        });
      } catch (e) {
        outcomes[i] = { ok: false, reason: "unknown", errcode: null, message: String(e) };
      }
      const reason = outcomes[i]?.ok === false ? (outcomes[i] as { reason: string }).reason : null;
      if (reason === "rate_limited") state.stopped = true;
      // The daily quota is spent: the rest of the run answers 45009 without calling WeChat.
      if (reason === "daily_quota" && ctx.sender.channel === "wechat")
        ctx.sender = dailyQuotaSender(dailyQuotaResetAfter(ctx.now));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, ready.length) }, worker));

  // WeChat said the patient has no subscription after all, or takes nothing more today (45009):
  // the same slot may still go by SMS.
  const refusedFallback = new Set<number>();
  ready.forEach((c, i) => {
    const out = outcomes[i];
    if (out && !out.ok && (out.reason === "no_subscription" || out.reason === "daily_quota")) {
      const choice = choose(c, out.reason === "no_subscription" ? "refused" : "failed");
      if (choice.channel === "sms") {
        bySms.push({ c, choice });
        refusedFallback.add(c.id);
      } else records.push({ ...choice, sendId: c.id, patientId: c.patientId, kind: c.kind, reached: false });
    }
  });

  // Send the SMS (Tencent allows 3,000 requests a second: the pool size is ours, not theirs).
  const smsOutcomes = await sendAllSms(ctx, bySms, contacts);

  // Record, in one transaction.
  const t = ctx.clock();
  const rateLimit = outcomes.find((o) => o && !o.ok && o.reason === "rate_limited") as
    | Extract<SendOutcome, { ok: false }>
    | undefined;
  const backoffMs = rateLimit ? (RATE_LIMIT_BACKOFF_MS[rateLimit.errcode ?? 0] ?? DEFAULT_BACKOFF_MS) : 0;
  const stmts: Stmt[] = [];
  const sentIds: number[] = [];
  const refunds = new Map<string, string[]>(); // template → patients
  ready.forEach((c, i) => {
    const out: SendOutcome = outcomes[i] ?? {
      ok: false,
      reason: "rate_limited",
      errcode: rateLimit?.errcode ?? null,
      message: "not sent: backing off after a WeChat rate limit",
    };
    if (out.ok) {
      sentIds.push(c.id);
      report.sent++;
      records.push({
        channel: ctx.sender.channel, // "console" in local mode without WeChat credentials
        wechat: "quota",
        sms: "not_needed",
        sendId: c.id,
        patientId: c.patientId,
        kind: c.kind,
        reached: true,
      });
      return;
    }
    const oneTime = reserved.get(`${c.patientId}|${c.template.templateId}`) === true;
    // Undelivered one-time quota goes back — except when we cannot tell whether it arrived.
    if (oneTime && out.reason !== "unknown" && out.reason !== "no_subscription")
      refunds.set(c.template.templateId, [...(refunds.get(c.template.templateId) ?? []), c.patientId]);
    let status: "refused" | "retry" | "failed";
    let nextAttemptAt: number | null = null;
    if (out.reason === "daily_quota") {
      // Gone by SMS (recorded with the SMS outcomes), or waits for the quota to clear; the
      // send window expires it if that is too late to help.
      if (refusedFallback.has(c.id)) return;
      status = "retry";
      nextAttemptAt = dailyQuotaResetAfter(t);
    } else if (out.reason === "no_subscription") {
      status = "refused";
      // WeChat says there is no subscription: nothing left until the patient accepts again.
      stmts.push(
        db
          .update(subscriptionQuota)
          .set({ remaining: 0, longTerm: false, refusedAt: t, updatedAt: t })
          .where(
            and(
              eq(subscriptionQuota.patientId, c.patientId),
              eq(subscriptionQuota.templateId, c.template.templateId),
            ),
          ),
      );
      // The SMS that replaced it is recorded with the SMS outcomes below.
      if (refusedFallback.has(c.id)) return;
    } else if (out.reason === "rate_limited") {
      status = "retry";
      nextAttemptAt = t + backoffMs;
    } else if (out.reason === "busy" && c.attempts < opts.maxAttempts) {
      status = "retry";
      nextAttemptAt = t + 60_000 * 2 ** (c.attempts - 1);
    } else status = "failed";
    report[status === "retry" ? "retry" : status]++;
    if (status === "failed")
      records.push({
        channel: "wechat",
        wechat: "failed",
        sms: "not_needed",
        sendId: c.id,
        patientId: c.patientId,
        kind: c.kind,
        reached: false,
        providerCode: out.errcode == null ? null : String(out.errcode),
      });
    stmts.push(
      db
        .update(reminderSends)
        .set({ status, nextAttemptAt, errcode: out.errcode, error: out.message.slice(0, 500), updatedAt: t })
        .where(eq(reminderSends.id, c.id)),
    );
  });
  bySms.forEach(({ c, choice }, i) => {
    const out = smsOutcomes[i] as SmsOutcome;
    if (out.ok) report.sms++;
    else report.failed++;
    records.push({
      ...choice,
      sms: out.ok ? "sent" : "failed",
      sendId: c.id,
      patientId: c.patientId,
      kind: c.kind,
      reached: out.ok,
      providerCode: out.ok ? "Ok" : out.code,
      providerRef: out.ok ? out.serialNo : null,
    });
    stmts.push(
      db
        .update(reminderSends)
        .set({
          channel: SMS_CHANNEL,
          status: out.ok ? "sent" : "failed",
          sentAt: out.ok ? t : null,
          nextAttemptAt: null,
          errcode: null,
          error: out.ok ? null : `SMS ${out.code}: ${out.message}`.slice(0, 500),
          updatedAt: t,
        })
        .where(eq(reminderSends.id, c.id)),
    );
  });
  for (const ids of chunk(sentIds, IDS_PER_STATEMENT)) {
    stmts.push(
      db
        .update(reminderSends)
        .set({ status: "sent", sentAt: t, errcode: null, error: null, nextAttemptAt: null, updatedAt: t })
        .where(inArray(reminderSends.id, ids)),
    );
  }
  for (const [templateId, ps] of refunds) {
    for (const part of chunk(ps, IDS_PER_STATEMENT)) {
      stmts.push(
        db
          .update(subscriptionQuota)
          .set({ remaining: sql`${subscriptionQuota.remaining} + 1`, updatedAt: t })
          .where(
            and(
              eq(subscriptionQuota.templateId, templateId),
              inArray(subscriptionQuota.patientId, part),
              eq(subscriptionQuota.longTerm, false),
            ),
          ),
      );
    }
  }
  if (outcomes.some((o) => o && !o.ok && o.reason === "daily_quota")) {
    stmts.push(
      db
        .insert(schedulerState)
        .values({ key: DAILY_QUOTA_KEY, value: dailyQuotaResetAfter(t) })
        .onConflictDoUpdate({
          target: schedulerState.key,
          set: { value: sql`max(${schedulerState.value}, excluded.value)` },
        }),
    );
  }
  if (rateLimit) {
    stmts.push(
      db
        .insert(schedulerState)
        .values({ key: BACKOFF_KEY, value: t + backoffMs })
        .onConflictDoUpdate({
          target: schedulerState.key,
          set: { value: sql`max(${schedulerState.value}, excluded.value)` },
        }),
    );
  }
  stmts.push(...(channelStatements(db, records, t) as Stmt[]));
  await runBatch(db, stmts);
}

/** An SMS send is recorded as "sms" (reminder_channels has the detail). */
const SMS_CHANNEL = "sms" satisfies (typeof reminderSends.$inferInsert)["channel"];

/** Why nobody was reached, as stored in reminder_sends.error: "wechat no_quota, sms no_phone". */
function unreachableReason(choice: ChannelChoice): string {
  return `no channel: wechat ${choice.wechat}, sms ${choice.sms}`;
}

async function sendAllSms(
  ctx: RunContext,
  items: { c: Claimed; choice: ChannelChoice }[],
  contacts: Map<string, SmsContact>,
): Promise<SmsOutcome[]> {
  const out = new Array<SmsOutcome>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const { c } = items[i] as { c: Claimed };
      const purpose = smsPurposeOf(c.kind);
      const contact = contacts.get(c.patientId);
      out[i] =
        purpose && contact && ctx.sms
          ? await ctx.sms.send(contact.phone, purpose, smsParams(purpose, c.localTime), `reminder:${c.id}`)
          : { ok: false, code: "Steady.NoContact", kind: "config", message: "no SMS contact" };
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.opts.concurrency, items.length) }, worker));
  return out;
}

function buildMessage(item: DueReminder, template: ReminderTemplate): SentMessage {
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

function labelOf(item: DueReminder): string {
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

async function stateValue(db: Db, key: string): Promise<number> {
  const [row] = await db.select().from(schedulerState).where(eq(schedulerState.key, key));
  return row?.value ?? 0;
}
