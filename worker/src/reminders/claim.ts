// Claiming due messages: one reminder_sends row per message under its unique key (patient, kind,
// slot). The insert is the reservation — whatever runs overlap, a slot is claimed once — and the
// row carries the message as it was built then, for the consumer, retries and the history.
// "queued" for the producer (a consumer sends it); "expired" for slots that fell due while no
// producer ran (catch-up.ts): recorded, never sent late.
import { localDateOf, localTimeOf } from "@steady/shared";
import { type ReminderKind, reminderSends, type SentMessage } from "../db/schema";
import type { Db } from "../env";
import { TemplateValueError } from "../wechat/template-data";
import type { DueReminder } from "./due";
import { doseMessage, refillMessage, revisitMessage, tipMessage } from "./messages";
import { type Claimed, chunk, runBatch } from "./send-steps";
import type { ReminderSender } from "./sender";
import type { ReminderTemplate } from "./templates";

/** Parameters bound per inserted reminder_sends row. */
export const PARAMS_PER_ROW = 14;

export interface ClaimContext {
  db: Db;
  now: number;
  templates: Map<ReminderKind, ReminderTemplate>;
  sender: Pick<ReminderSender, "channel">;
  rowsPerInsert: number;
}

/** How a row is claimed: queued for sending, or recorded expired (with why) and never sent. */
export type ClaimAs = { status: "queued" } | { status: "expired"; error: string };

/**
 * Slices of at most `size` items in which no patient appears twice for the same template, so one
 * set-based quota update per slice takes exactly one message per item.
 */
export function slices<T>(items: T[], pairOf: (t: T) => string, size: number): T[][] {
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

interface Built {
  item: DueReminder;
  template: ReminderTemplate;
  message: SentMessage | null;
}

/** The row to insert for one due message (a message we cannot build is recorded "failed"). */
function rowOf(ctx: ClaimContext, b: Built, as: ClaimAs, error: string | null) {
  const { item, template, message } = b;
  const expired = as.status === "expired";
  return {
    patientId: item.patientId,
    kind: item.kind,
    slotKey: item.slotKey,
    planId: item.planId,
    scheduledAt: item.scheduledAt,
    dueAt: item.dueAt,
    templateId: template.templateId,
    message,
    // Failed (never retried: our bug) or expired: it went nowhere.
    channel: message && !expired ? ctx.sender.channel : "none",
    status: message ? as.status : "failed",
    error: error ?? (expired ? as.error : null),
    claimedAt: ctx.now,
    updatedAt: ctx.now,
  } satisfies typeof reminderSends.$inferInsert;
}

function build(
  item: DueReminder,
  template: ReminderTemplate,
): { message: SentMessage | null; error: string | null } {
  try {
    return { message: buildMessage(item, template), error: null };
  } catch (e) {
    if (!(e instanceof TemplateValueError)) throw e;
    return { message: null, error: e.message };
  }
}

/**
 * Inserts one reminder_sends row per due message under its unique key. Only the rows this call
 * inserted come back as claimed: a slot another run (or an earlier cron) claimed is not claimed
 * again. `inserted` counts every row inserted, `unbuildable` those recorded "failed".
 */
export async function claimRows(
  ctx: ClaimContext,
  items: DueReminder[],
  as: ClaimAs,
): Promise<{ claimed: Claimed[]; inserted: number; unbuildable: number }> {
  const { db } = ctx;
  const rows: (typeof reminderSends.$inferInsert)[] = [];
  const byKey = new Map<string, Built>();
  for (const item of items) {
    const template = ctx.templates.get(item.kind) as ReminderTemplate;
    const { message, error } = build(item, template);
    const b = { item, template, message };
    byKey.set(`${item.patientId}|${item.kind}|${item.slotKey}`, b);
    rows.push(rowOf(ctx, b, as, error));
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
  const inserted = results.flat() as { id: number; patientId: string; kind: ReminderKind; slotKey: string }[];
  const claimed: Claimed[] = [];
  let unbuildable = 0;
  for (const r of inserted) {
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
  return { claimed, inserted: inserted.length, unbuildable };
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
