// Which channel carries a message (docs/product.md, Reminder channels): the first that can reach the person.
//   1. WeChat, while they have a one-time acceptance left for the template (or a long-term one);
//   2. SMS, only with their phone number AND their consent to SMS, only when WeChat cannot;
//      never for the weekly tip (an SMS costs money and a tip is not a reminder);
//   3. none: the person is unreachable, and the states say why.
// The phone calendar alarm (mini-program) rings on the phone itself and needs no channel here.
import { inArray, sql } from "drizzle-orm";
import type { ReminderKind } from "../db/schema";
import type { Db } from "../env";
import {
  type Channel,
  reminderChannels,
  reminderReach,
  type SmsState,
  smsContacts,
  type WechatState,
} from "../family/schema";
import type { SmsSender } from "../sms/sender";
import type { SmsPurpose } from "../sms/templates";

export interface SmsContact {
  phone: string;
  consent: boolean;
}

export interface ChannelFacts {
  /** What WeChat can do: "quota" when a message was reserved. */
  wechat: WechatState;
  /** The message's purpose by SMS; null when it never goes by SMS (weekly tips). */
  smsPurpose: SmsPurpose | null;
  contact: SmsContact | undefined;
  /** The SMS channel, or null when none is configured. */
  sms: Pick<SmsSender, "has"> | null;
}

export interface ChannelChoice {
  channel: Exclude<Channel, "console">;
  wechat: WechatState;
  sms: SmsState;
}

/** The channel for one message, and each channel's state (the reason when it is "none"). */
export function chooseChannel(f: ChannelFacts): ChannelChoice {
  if (f.wechat === "quota") return { channel: "wechat", wechat: f.wechat, sms: "not_needed" };
  const sms: SmsState =
    f.smsPurpose === null
      ? "not_for_tips"
      : !f.contact?.phone
        ? "no_phone"
        : !f.contact.consent
          ? "no_consent"
          : !f.sms?.has(f.smsPurpose)
            ? "unavailable"
            : "sent"; // "sent" here means "chosen"; the outcome may turn it into "failed"
  return { channel: sms === "sent" ? "sms" : "none", wechat: f.wechat, sms };
}

/** SMS purpose of a reminder kind; tips never go by SMS. */
export const smsPurposeOf = (kind: ReminderKind): SmsPurpose | null =>
  kind === "dose" ? "dose" : kind === "follow_up" ? "follow_up" : null;

/** Phone and SMS consent of these people (absent: no phone given for SMS). */
export async function smsContactsOf(db: Db, ids: string[], chunkSize = 90): Promise<Map<string, SmsContact>> {
  const out = new Map<string, SmsContact>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += chunkSize) {
    const rows = await db
      .select({ id: smsContacts.patientId, phone: smsContacts.phone, consent: smsContacts.consent })
      .from(smsContacts)
      .where(inArray(smsContacts.patientId, unique.slice(i, i + chunkSize)));
    for (const r of rows) out.set(r.id, { phone: r.phone, consent: r.consent });
  }
  return out;
}

export interface ChannelRecord extends Omit<ChannelChoice, "channel"> {
  /** "console" when local mode printed what WeChat would have carried. */
  channel: Channel;
  sendId: number;
  patientId: string;
  kind: ReminderKind;
  /** The final channel state after sending: a failed SMS is recorded as sms "failed". */
  reached: boolean;
  providerCode?: string | null;
  providerRef?: string | null;
}

/** Bound parameters of one row of each upsert below (D1 binds at most 100 per statement). */
const CHANNEL_PARAMS = 9;
const REACH_PARAMS = 7;

/**
 * Statements recording each message's channel and, for dose reminders, whether the patient was
 * reached (the doctor's "unreachable"). `since` moves only when reachability changes. Many rows
 * per statement (up to `maxParams` bound parameters): building and running one statement per row
 * cost more CPU than the send itself.
 */
export function channelStatements(db: Db, records: ChannelRecord[], at: number, maxParams = 90) {
  const stmts = [];
  const channelRows = records.map((r) => ({
    sendId: r.sendId,
    patientId: r.patientId,
    kind: r.kind,
    channel: r.channel,
    wechat: r.wechat,
    sms: r.sms,
    providerCode: r.providerCode ?? null,
    providerRef: r.providerRef ?? null,
    at,
  }));
  for (const rows of chunkOf(channelRows, Math.floor(maxParams / CHANNEL_PARAMS)))
    stmts.push(
      db
        .insert(reminderChannels)
        .values(rows)
        .onConflictDoUpdate({
          target: reminderChannels.sendId,
          set: {
            channel: sql`excluded.channel`,
            wechat: sql`excluded.wechat`,
            sms: sql`excluded.sms`,
            providerCode: sql`excluded.provider_code`,
            providerRef: sql`excluded.provider_ref`,
            at: sql`excluded.at`,
          },
        }),
    );
  const reachRows = records
    .filter((r) => r.kind === "dose")
    .map((r) => ({
      patientId: r.patientId,
      reachable: r.reached,
      channel: r.channel,
      wechat: r.wechat,
      sms: r.sms,
      since: at,
      at,
    }));
  // A patient twice in one statement is upserted twice in order, as two statements would be.
  for (const rows of chunkOf(reachRows, Math.floor(maxParams / REACH_PARAMS)))
    stmts.push(
      db
        .insert(reminderReach)
        .values(rows)
        .onConflictDoUpdate({
          target: reminderReach.patientId,
          set: {
            // Keep `since` while reachability stays the same; reset it when it flips.
            since: sql`CASE WHEN ${reminderReach.reachable} = excluded.reachable THEN ${reminderReach.since} ELSE excluded.since END`,
            reachable: sql`excluded.reachable`,
            channel: sql`excluded.channel`,
            wechat: sql`excluded.wechat`,
            sms: sql`excluded.sms`,
            at: sql`excluded.at`,
          },
        }),
    );
  return stmts;
}

function chunkOf<T>(xs: T[], n: number): T[][] {
  const size = Math.max(1, n);
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
