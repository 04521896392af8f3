// The steps that take a slice of claimed messages out of the door, for the queue consumer
// (consumer.ts): reserve one message of quota per
// item, route those without WeChat quota to SMS or record them unreachable, send through WeChat a
// few at a time, fall back to SMS where WeChat refuses, and record every outcome in one batch.
// No statement binds more than `idsPerStatement` ids (D1 allows 100 parameters).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  type ReminderKind,
  reminderSends,
  type SentMessage,
  schedulerState,
  subscriptionQuota,
} from "../db/schema";
import type { Db } from "../env";
import type { SmsOutcome, SmsSender } from "../sms/sender";
import { smsParams } from "../sms/templates";
import {
  type ChannelChoice,
  type ChannelRecord,
  channelStatements,
  chooseChannel,
  type SmsContact,
  smsContactsOf,
  smsPurposeOf,
} from "./channels";
import {
  DEFAULT_BACKOFF_MS,
  dailyQuotaResetAfter,
  RATE_LIMIT_BACKOFF_MS,
  type SchedulerOptions,
} from "./options";
import type { ReminderSender, SendOutcome } from "./sender";
import type { ReminderTemplate } from "./templates";

export type Stmt = BatchItem<"sqlite">;

export const BACKOFF_KEY = "wechat_backoff_until";
/** Until when WeChat's daily API quota (45009) is spent: reminders go by SMS meanwhile. */
export const DAILY_QUOTA_KEY = "wechat_daily_quota_until";
/** WeChat's daily API quota: nothing goes through WeChat until 00:00 Beijing time. */
const DAILY_QUOTA = 45009;

/** A message this run (or this queue delivery) holds the claim for. */
export interface Claimed {
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

/** What the steps count; the consumer's ConsumeReport has these fields (and more). */
export interface SendCounts {
  sent: number;
  sms: number;
  noQuota: number;
  refused: number;
  failed: number;
  retry: number;
}

export interface SendContext {
  db: Db;
  sender: ReminderSender;
  sms: SmsSender | null;
  now: number;
  clock: () => number;
  opts: SchedulerOptions;
  report: SendCounts;
  /** Set once WeChat answers with a rate limit: nothing more goes out in this run or delivery. */
  state: { stopped: boolean };
  idsPerStatement: number;
}

/** What a slice left to do later: sends recorded as "retry", and how long WeChat asked us to wait. */
export interface SliceResult {
  retryIds: number[];
  /** The longest wait any retry asked for (0 when nothing is to be retried). */
  retryAfterMs: number;
}

export function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export async function runBatch(db: Db, stmts: Stmt[]): Promise<unknown[]> {
  if (!stmts.length) return [];
  return db.batch(stmts as [Stmt, ...Stmt[]]);
}

const pairOf = (c: Claimed) => `${c.patientId}|${c.template.templateId}`;

/**
 * What a step already knows when the step before it reserved for it: WeChat's daily-quota wall
 * and the quota reserved for its items (in that step's record batch: one commit fewer a step).
 */
export interface Reservation {
  quotaUntil: number;
  reserved: Map<string, boolean>;
}

/** What a slice left to do later, and the reservation made for the next slice (if asked). */
export interface StepResult extends SliceResult {
  next?: Reservation;
}

/**
 * Reserves quota for claimed messages, sends those that got it, and records every outcome. With
 * `next`, the record batch also reserves the next slice's quota (returned as `next`).
 */
export async function reserveSendRecord(
  ctx: SendContext,
  claimed: Claimed[],
  pre?: Reservation,
  next?: Claimed[],
): Promise<StepResult> {
  if (!claimed.length) return { retryIds: [], retryAfterMs: 0 };
  // After a 45009 today WeChat is not called (nor its quota spent) until the quota clears.
  const quotaUntil = pre?.quotaUntil ?? (await stateValue(ctx.db, DAILY_QUOTA_KEY));
  const blocked = quotaUntil > ctx.now;
  const reserved = blocked
    ? new Map<string, boolean>()
    : (pre?.reserved ?? (await reserveQuota(ctx, claimed)));
  const ready = claimed.filter((c) => reserved.has(pairOf(c)));
  const route = await Router.create(ctx, claimed);
  const waiting = await route.unreserved(
    claimed.filter((c) => !reserved.has(pairOf(c))),
    blocked ? quotaUntil : null,
  );
  const outcomes = await sendWechat(ctx, ready);
  route.refusedToSms(ready, outcomes);
  route.dailyQuotaToSms(ready, outcomes);
  // Tencent allows 3,000 SMS requests a second: the pool size is ours, not theirs.
  const smsOutcomes = await sendAllSms(ctx, route.bySms, route.contacts);
  const t = ctx.clock();
  const rec = wechatOutcomeStatements(ctx, ready, outcomes, reserved, route, t);
  const stmts = [...rec.stmts, ...smsStatements(ctx, route, smsOutcomes, t)];
  stmts.push(...sentAndRefundStatements(ctx, rec.sentIds, rec.refunds, t));
  if (rec.backoffMs) stmts.push(backoffStatement(ctx.db, t + rec.backoffMs));
  stmts.push(...(channelStatements(ctx.db, route.records, t, ctx.idsPerStatement) as Stmt[]));
  if (rec.quotaUntil) stmts.push(stateStatement(ctx.db, DAILY_QUOTA_KEY, rec.quotaUntil));
  const nextUntil = Math.max(quotaUntil, rec.quotaUntil);
  // Nothing is reserved for a next slice that will not be sent (rate limit, daily quota).
  const ahead =
    next?.length && !ctx.state.stopped && nextUntil <= ctx.now ? quotaStatements(ctx, next) : null;
  const results = await runBatch(ctx.db, [...stmts, ...(ahead?.stmts ?? [])]);
  return {
    retryIds: [...rec.retryIds, ...waiting.retryIds],
    retryAfterMs: Math.max(rec.retryAfterMs, waiting.retryAfterMs),
    ...(next?.length
      ? {
          next: {
            quotaUntil: nextUntil,
            reserved: ahead ? reservedFrom(results.slice(stmts.length), ahead.keys) : new Map(),
          },
        }
      : {}),
  };
}

/**
 * One message of quota per item, atomically, for the whole slice (the slice holds each
 * patient once per template). Returns `${patient}|${template}` → whether it was a one-time one.
 */
async function reserveQuota(ctx: SendContext, claimed: Claimed[]): Promise<Map<string, boolean>> {
  const { stmts, keys } = quotaStatements(ctx, claimed);
  return reservedFrom(await runBatch(ctx.db, stmts), keys);
}

function quotaStatements(ctx: SendContext, claimed: Claimed[]): { stmts: Stmt[]; keys: string[] } {
  const { db, now } = ctx;
  const byTemplate = new Map<string, Claimed[]>();
  for (const c of claimed) {
    if (!c.openid) continue;
    byTemplate.set(c.template.templateId, [...(byTemplate.get(c.template.templateId) ?? []), c]);
  }
  const keys: string[] = [];
  const stmts: Stmt[] = [];
  for (const [templateId, cs] of byTemplate) {
    for (const part of chunk(cs, ctx.idsPerStatement)) {
      keys.push(templateId);
      stmts.push(
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
  return { stmts, keys };
}

function reservedFrom(rows: unknown[], keys: string[]): Map<string, boolean> {
  const reserved = new Map<string, boolean>();
  rows.forEach((rs, i) => {
    for (const r of rs as { patientId: string; longTerm: boolean }[])
      reserved.set(`${r.patientId}|${keys[i]}`, !r.longTerm);
  });
  return reserved;
}

/** Who goes by SMS instead of WeChat, and the channel records of those nobody can reach. */
class Router {
  readonly bySms: { c: Claimed; choice: ChannelChoice }[] = [];
  readonly records: ChannelRecord[] = [];
  /** Refused by WeChat and sent by SMS instead: recorded with the SMS outcomes. */
  readonly refusedFallback = new Set<number>();
  /** Not sent because WeChat's daily quota ran out, and sent by SMS instead. */
  readonly dailyFallback = new Set<number>();

  private constructor(
    private readonly ctx: SendContext,
    readonly contacts: Map<string, SmsContact>,
  ) {}

  /** Phone and SMS consent of everyone in the slice (those without WeChat quota may go by SMS). */
  static async create(ctx: SendContext, claimed: Claimed[]): Promise<Router> {
    const contacts = ctx.sms
      ? await smsContactsOf(
          ctx.db,
          claimed.map((c) => c.patientId),
          ctx.idsPerStatement,
        )
      : new Map<string, SmsContact>();
    return new Router(ctx, contacts);
  }

  choose(c: Claimed, wechat: ChannelChoice["wechat"]): ChannelChoice {
    return chooseChannel({
      wechat,
      smsPurpose: smsPurposeOf(c.kind),
      contact: this.contacts.get(c.patientId),
      sms: this.ctx.sms,
    });
  }

  unreached(c: Claimed, choice: ChannelChoice) {
    this.records.push({ ...choice, sendId: c.id, patientId: c.patientId, kind: c.kind, reached: false });
  }

  /**
   * Without WeChat quota: SMS where possible, else recorded as unreachable now. While WeChat's
   * daily quota is spent (`quotaUntil`), WeChat is "off": who has no SMS waits until it clears.
   */
  async unreserved(items: Claimed[], quotaUntil: number | null): Promise<SliceResult> {
    const { db, now, report } = this.ctx;
    const noneIds = new Map<string, number[]>(); // reason → send ids
    const retryIds: number[] = [];
    for (const c of items) {
      const choice = this.choose(c, !c.openid ? "no_openid" : quotaUntil ? "off" : "no_quota");
      if (choice.channel === "sms") this.bySms.push({ c, choice });
      else if (quotaUntil && c.openid) retryIds.push(c.id);
      else {
        const reason = unreachableReason(choice);
        noneIds.set(reason, [...(noneIds.get(reason) ?? []), c.id]);
        this.unreached(c, choice);
      }
    }
    const stmts = [...noneIds].flatMap(([reason, ids]) => {
      report.noQuota += ids.length;
      return chunk(ids, this.ctx.idsPerStatement).map((part) =>
        db
          .update(reminderSends)
          .set({ status: "no_quota", channel: "none", error: reason, updatedAt: now })
          .where(inArray(reminderSends.id, part)),
      );
    });
    report.retry += retryIds.length;
    for (const part of chunk(retryIds, this.ctx.idsPerStatement))
      stmts.push(
        db
          .update(reminderSends)
          .set({
            status: "retry",
            nextAttemptAt: quotaUntil,
            errcode: DAILY_QUOTA,
            error: "WeChat's daily quota is spent; no SMS for this patient",
            updatedAt: now,
          })
          .where(inArray(reminderSends.id, part)),
      );
    await runBatch(db, stmts);
    return { retryIds, retryAfterMs: retryIds.length && quotaUntil ? quotaUntil - now : 0 };
  }

  /** WeChat said the patient has no subscription after all: the same slot may still go by SMS. */
  refusedToSms(ready: Claimed[], outcomes: (SendOutcome | null)[]): void {
    ready.forEach((c, i) => {
      const out = outcomes[i];
      if (!out || out.ok || out.reason !== "no_subscription") return;
      const choice = this.choose(c, "refused");
      if (choice.channel === "sms") {
        this.bySms.push({ c, choice });
        this.refusedFallback.add(c.id);
      } else this.unreached(c, choice);
    });
  }

  /** After 45009 in this slice: what WeChat did not carry goes by SMS where it can, now. */
  dailyQuotaToSms(ready: Claimed[], outcomes: (SendOutcome | null)[]): void {
    if (!outcomes.some((o) => o && !o.ok && o.errcode === DAILY_QUOTA)) return;
    ready.forEach((c, i) => {
      const out = outcomes[i];
      if (out && (out.ok || out.errcode !== DAILY_QUOTA)) return;
      const choice = this.choose(c, "failed");
      if (choice.channel !== "sms") return; // waits for the quota (recorded as a retry)
      this.bySms.push({ c, choice });
      this.dailyFallback.add(c.id);
    });
  }
}

/**
 * Sends through WeChat, `concurrency` at a time. After a rate limit nothing more goes out; the
 * rest stays null (recorded as retries).
 */
async function sendWechat(ctx: SendContext, ready: Claimed[]): Promise<(SendOutcome | null)[]> {
  const outcomes = new Array<SendOutcome | null>(ready.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < ready.length && !ctx.state.stopped) {
      const i = next++;
      const c = ready[i] as Claimed;
      let out: SendOutcome;
      try {
        out = await ctx.sender.send({
          ...c.message,
          openid: c.openid as string,
          templateId: c.template.templateId,
          // Only the console prints it (see Claimed): read when needed.
          get label() {
            return c.label;
          },
        });
      } catch (e) {
        out = { ok: false, reason: "unknown", errcode: null, message: String(e) };
      }
      outcomes[i] = out;
      if (!out.ok && out.reason === "rate_limited") ctx.state.stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.opts.concurrency, ready.length) }, worker));
  return outcomes;
}

type Failure = Extract<SendOutcome, { ok: false }>;

/** The statements recording WeChat's answers (sent ids and refunds are gathered for later). */
function wechatOutcomeStatements(
  ctx: SendContext,
  ready: Claimed[],
  outcomes: (SendOutcome | null)[],
  reserved: Map<string, boolean>,
  route: Router,
  t: number,
) {
  const { db, report, opts } = ctx;
  const rateLimit = outcomes.find((o) => o && !o.ok && o.reason === "rate_limited") as Failure | undefined;
  // The daily quota holds WeChat off until midnight in Beijing, but not SMS: no global back-off.
  const quotaUntil = rateLimit?.errcode === DAILY_QUOTA ? dailyQuotaResetAfter(t) : 0;
  const backoffMs =
    rateLimit && !quotaUntil ? (RATE_LIMIT_BACKOFF_MS[rateLimit.errcode ?? 0] ?? DEFAULT_BACKOFF_MS) : 0;
  const stmts: Stmt[] = [];
  const sentIds: number[] = [];
  const retryIds: number[] = [];
  let retryAfterMs = 0;
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
      // channel "console" in local mode without WeChat credentials
      route.records.push({
        channel: ctx.sender.channel,
        wechat: "quota",
        sms: "not_needed",
        sendId: c.id,
        patientId: c.patientId,
        kind: c.kind,
        reached: true,
      });
      return;
    }
    const oneTime = reserved.get(pairOf(c)) === true;
    // Undelivered one-time quota goes back — except when we cannot tell whether it arrived.
    if (oneTime && out.reason !== "unknown" && out.reason !== "no_subscription")
      refunds.set(c.template.templateId, [...(refunds.get(c.template.templateId) ?? []), c.patientId]);
    if (route.dailyFallback.has(c.id)) return; // the SMS that replaced it is recorded with SMS outcomes
    const { status, nextAttemptAt } = statusOf(out, c, t, quotaUntil ? quotaUntil - t : backoffMs, opts);
    if (status === "refused") {
      stmts.push(refuseStatement(db, c, t));
      // The SMS that replaced it is recorded with the SMS outcomes.
      if (route.refusedFallback.has(c.id)) return;
    }
    report[status]++;
    if (status === "retry") {
      retryIds.push(c.id);
      retryAfterMs = Math.max(retryAfterMs, (nextAttemptAt ?? t) - t);
    }
    if (status === "failed")
      route.records.push({
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
  return { stmts, sentIds, refunds, retryIds, retryAfterMs, backoffMs, quotaUntil };
}

/** refused: 43101; retry: rate limit (everyone waits) or busy (this one, doubling); else failed. */
function statusOf(out: Failure, c: Claimed, t: number, backoffMs: number, opts: SchedulerOptions) {
  if (out.reason === "no_subscription") return { status: "refused" as const, nextAttemptAt: null };
  if (out.reason === "rate_limited") return { status: "retry" as const, nextAttemptAt: t + backoffMs };
  if (out.reason === "busy" && c.attempts < opts.maxAttempts)
    return { status: "retry" as const, nextAttemptAt: t + 60_000 * 2 ** (c.attempts - 1) };
  return { status: "failed" as const, nextAttemptAt: null };
}

/** WeChat says there is no subscription: nothing left until the patient accepts again. */
function refuseStatement(db: Db, c: Claimed, t: number): Stmt {
  return db
    .update(subscriptionQuota)
    .set({ remaining: 0, longTerm: false, refusedAt: t, updatedAt: t })
    .where(
      and(
        eq(subscriptionQuota.patientId, c.patientId),
        eq(subscriptionQuota.templateId, c.template.templateId),
      ),
    );
}

function smsStatements(ctx: SendContext, route: Router, outcomes: SmsOutcome[], t: number): Stmt[] {
  return route.bySms.map(({ c, choice }, i) => {
    const out = outcomes[i] as SmsOutcome;
    if (out.ok) ctx.report.sms++;
    else ctx.report.failed++;
    route.records.push({
      ...choice,
      sms: out.ok ? "sent" : "failed",
      sendId: c.id,
      patientId: c.patientId,
      kind: c.kind,
      reached: out.ok,
      providerCode: out.ok ? "Ok" : out.code,
      providerRef: out.ok ? out.serialNo : null,
    });
    return ctx.db
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
      .where(eq(reminderSends.id, c.id));
  });
}

function sentAndRefundStatements(
  ctx: SendContext,
  sentIds: number[],
  refunds: Map<string, string[]>,
  t: number,
): Stmt[] {
  const { db } = ctx;
  const stmts: Stmt[] = chunk(sentIds, ctx.idsPerStatement).map((ids) =>
    db
      .update(reminderSends)
      .set({ status: "sent", sentAt: t, errcode: null, error: null, nextAttemptAt: null, updatedAt: t })
      .where(inArray(reminderSends.id, ids)),
  );
  for (const [templateId, ps] of refunds) {
    for (const part of chunk(ps, ctx.idsPerStatement)) {
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
  return stmts;
}

function backoffStatement(db: Db, until: number): Stmt {
  return stateStatement(db, BACKOFF_KEY, until);
}

/** Sets a scheduler-state instant, never moving it earlier. */
function stateStatement(db: Db, key: string, until: number): Stmt {
  return db
    .insert(schedulerState)
    .values({ key, value: until })
    .onConflictDoUpdate({
      target: schedulerState.key,
      set: { value: sql`max(${schedulerState.value}, excluded.value)` },
    });
}

/** When WeChat's back-off ends (0: none). */
export async function backoffUntil(db: Db): Promise<number> {
  return stateValue(db, BACKOFF_KEY);
}

async function stateValue(db: Db, key: string): Promise<number> {
  const [row] = await db.select().from(schedulerState).where(eq(schedulerState.key, key));
  return row?.value ?? 0;
}

/** An SMS send is recorded as "sms" (reminder_channels has the detail). */
const SMS_CHANNEL = "sms" satisfies (typeof reminderSends.$inferInsert)["channel"];

/** Why nobody was reached, as stored in reminder_sends.error: "wechat no_quota, sms no_phone". */
function unreachableReason(choice: ChannelChoice): string {
  return `no channel: wechat ${choice.wechat}, sms ${choice.sms}`;
}

async function sendAllSms(
  ctx: SendContext,
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
