// The reminder scheduler: one run per minute (Workers cron; a timer in the Node server). A run
// finds what is due, claims each message with an insert on its unique key (slot + kind) *before*
// sending — so overlapping or retried runs never send twice — reserves quota, sends through the
// channel, and records the outcome. Work per run is bounded; what is left waits a minute, and
// anything older than the send window is dropped rather than sent late.
import { localDateOf, localTimeOf } from "@steady/shared";
import { and, eq, lte, sql } from "drizzle-orm";
import { patients, type ReminderKind, reminderSends, type SentMessage, schedulerState } from "../db/schema";
import type { Db } from "../env";
import { TemplateValueError } from "../wechat/template-data";
import { type DueReminder, dueDoseReminders, dueTips, patientZones } from "./due";
import { doseMessage, tipMessage } from "./messages";
import { DEFAULT_BACKOFF_MS, DEFAULT_OPTIONS, RATE_LIMIT_BACKOFF_MS, type SchedulerOptions } from "./options";
import { markRefused, refundQuota, reserveQuota } from "./quota";
import type { ReminderSender } from "./sender";
import { loadTemplates, type ReminderTemplate } from "./templates";

export interface SchedulerDeps {
  db: Db;
  clock: () => number;
  sender: ReminderSender;
}

export interface RunReport {
  at: string;
  /** Messages found due this run (before the per-run bound). */
  due: number;
  sent: number;
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

type Outcome = "sent" | "noQuota" | "refused" | "failed" | "retry" | "taken";

export async function runScheduler(
  deps: SchedulerDeps,
  options: Partial<SchedulerOptions> = {},
): Promise<RunReport> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const { db, sender } = deps;
  const now = deps.clock();
  const report: RunReport = {
    at: new Date(now).toISOString(),
    due: 0,
    sent: 0,
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
  const templates = await loadTemplates(db);
  if (!templates.size) return report;

  // Priority: retries (oldest), dose reminders, follow-ups, then the weekly tip.
  const retries = await db
    .select({ row: reminderSends, openid: patients.openid })
    .from(reminderSends)
    .innerJoin(patients, eq(patients.id, reminderSends.patientId))
    .where(and(eq(reminderSends.status, "retry"), lte(reminderSends.nextAttemptAt, now)))
    .limit(opts.maxPerRun);
  const zones = await patientZones(db);
  const fresh: DueReminder[] = [];
  for (const kind of ["dose", "follow_up"] as const) {
    if (templates.has(kind)) fresh.push(...(await dueDoseReminders(db, kind, zones, now, opts)));
  }
  const budget = opts.maxPerRun - retries.length;
  if (templates.has("tip") && fresh.length < budget)
    fresh.push(...(await dueTips(db, zones, now, opts, budget - fresh.length)));
  report.due = retries.length + fresh.length;

  let stop = false;
  const count = (o: Outcome) => {
    report[o]++;
  };

  /** Sends a claimed message with reserved quota and records what happened. */
  async function deliver(
    id: number,
    patientId: string,
    openid: string,
    template: ReminderTemplate,
    message: SentMessage,
    attempts: number,
    oneTime: boolean,
    label: string,
  ): Promise<Outcome> {
    const out = await sender.send({ ...message, openid, templateId: template.templateId, label });
    const t = deps.clock();
    const finish = (set: Partial<typeof reminderSends.$inferInsert>) =>
      db
        .update(reminderSends)
        .set({ ...set, updatedAt: t })
        .where(eq(reminderSends.id, id));
    if (out.ok) {
      await finish({ status: "sent", sentAt: t, errcode: null, error: null, nextAttemptAt: null });
      return "sent";
    }
    const error = { errcode: out.errcode, error: out.message.slice(0, 500) };
    // Undelivered one-time quota goes back — except when we cannot tell whether it arrived.
    if (oneTime && out.reason !== "unknown" && out.reason !== "no_subscription")
      await refundQuota(db, patientId, template.templateId, t);
    switch (out.reason) {
      case "no_subscription":
        await markRefused(db, patientId, template.templateId, t);
        await finish({ status: "refused", ...error });
        return "refused";
      case "rate_limited": {
        const wait = RATE_LIMIT_BACKOFF_MS[out.errcode ?? 0] ?? DEFAULT_BACKOFF_MS;
        stop = true;
        await setBackoff(db, t + wait);
        await finish({ status: "retry", nextAttemptAt: t + wait, ...error });
        return "retry";
      }
      case "busy":
        if (attempts < opts.maxAttempts) {
          await finish({ status: "retry", nextAttemptAt: t + 60_000 * 2 ** (attempts - 1), ...error });
          return "retry";
        }
        await finish({ status: "failed", ...error });
        return "failed";
      default:
        await finish({ status: "failed", ...error });
        return "failed";
    }
  }

  async function handleFresh(item: DueReminder): Promise<Outcome> {
    const template = templates.get(item.kind) as ReminderTemplate;
    const base = {
      patientId: item.patientId,
      kind: item.kind,
      slotKey: item.slotKey,
      planId: item.planId,
      scheduledAt: item.scheduledAt,
      dueAt: item.dueAt,
      templateId: template.templateId,
      claimedAt: now,
      updatedAt: now,
    };
    let message: SentMessage;
    try {
      message = buildMessage(item, template);
    } catch (e) {
      if (!(e instanceof TemplateValueError)) throw e;
      const rows = await claim({ ...base, channel: "none", status: "failed", error: e.message });
      return rows ? "failed" : "taken";
    }
    const id = await claim({ ...base, message, channel: sender.channel, status: "sending" });
    if (id === null) return "taken";
    const reservation = item.openid
      ? await reserveQuota(db, item.patientId, template.templateId, now)
      : ({ reserved: false } as const);
    if (!reservation.reserved) {
      await db
        .update(reminderSends)
        .set({
          status: "no_quota",
          channel: "none",
          error: item.openid ? "no subscription left for this template" : "no WeChat openid",
          updatedAt: now,
        })
        .where(eq(reminderSends.id, id));
      return "noQuota";
    }
    return deliver(
      id,
      item.patientId,
      item.openid as string,
      template,
      message,
      1,
      reservation.oneTime,
      labelOf(item),
    );
  }

  /** Inserts the claim; null when another run holds the key already. */
  async function claim(row: typeof reminderSends.$inferInsert): Promise<number | null> {
    const rows = await db
      .insert(reminderSends)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: reminderSends.id });
    return rows[0]?.id ?? null;
  }

  async function handleRetry(r: (typeof retries)[number]): Promise<Outcome> {
    const { row } = r;
    const template = templates.get(row.kind);
    // Compare-and-set: only one run moves a retry back to "sending".
    const won = await db
      .update(reminderSends)
      .set({ status: "sending", attempts: sql`${reminderSends.attempts} + 1`, updatedAt: now })
      .where(and(eq(reminderSends.id, row.id), eq(reminderSends.status, "retry")))
      .returning({ attempts: reminderSends.attempts });
    if (!won[0]) return "taken";
    if (!template || !row.message || !r.openid || template.templateId !== row.templateId) {
      await db
        .update(reminderSends)
        .set({
          status: "failed",
          error: "template changed or patient unreachable before the retry",
          updatedAt: now,
        })
        .where(eq(reminderSends.id, row.id));
      return "failed";
    }
    const reservation = await reserveQuota(db, row.patientId, template.templateId, now);
    if (!reservation.reserved) {
      await db
        .update(reminderSends)
        .set({ status: "no_quota", channel: "none", updatedAt: now })
        .where(eq(reminderSends.id, row.id));
      return "noQuota";
    }
    return deliver(
      row.id,
      row.patientId,
      r.openid,
      template,
      row.message,
      won[0].attempts,
      reservation.oneTime,
      `${row.patientId} ${row.kind} retry`,
    );
  }

  const work: (() => Promise<Outcome>)[] = [
    ...retries.map((r) => () => handleRetry(r)),
    ...fresh.slice(0, Math.max(0, budget)).map((d) => () => handleFresh(d)),
  ];
  await inPool(work, opts.concurrency, () => stop, count);
  report.backedOff = stop;
  return report;
}

function buildMessage(item: DueReminder, template: ReminderTemplate): SentMessage {
  if (item.kind === "tip" && item.tip) return tipMessage(template, item.tip, item.locale);
  if (item.kind !== "tip" && item.dose && item.planId) {
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
  };
  return `patient ${item.patientId.slice(0, 8)} ${what[item.kind]} @ ${when}`;
}

/**
 * Runs tasks with at most `n` in flight; stops taking new ones once `stopped()` is true. One
 * task's failure (a database error) is logged and counted, and does not end the others.
 */
async function inPool(
  tasks: (() => Promise<Outcome>)[],
  n: number,
  stopped: () => boolean,
  done: (o: Outcome) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !stopped()) {
      const task = tasks[next++] as () => Promise<Outcome>;
      try {
        done(await task());
      } catch (e) {
        console.error("reminder: a send could not be processed", e);
        done("failed");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
}

async function expireRetries(db: Db, windowStart: number, now: number): Promise<number> {
  const rows = await db
    .update(reminderSends)
    .set({ status: "expired", updatedAt: now })
    .where(and(eq(reminderSends.status, "retry"), lte(reminderSends.dueAt, windowStart)))
    .returning({ id: reminderSends.id });
  return rows.length;
}

async function backoffUntil(db: Db): Promise<number> {
  const [row] = await db.select().from(schedulerState).where(eq(schedulerState.key, BACKOFF_KEY));
  return row?.value ?? 0;
}

async function setBackoff(db: Db, until: number) {
  await db
    .insert(schedulerState)
    .values({ key: BACKOFF_KEY, value: until })
    .onConflictDoUpdate({
      target: schedulerState.key,
      set: { value: sql`max(${schedulerState.value}, excluded.value)` },
    });
}
