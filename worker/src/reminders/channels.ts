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

/**
 * Statements recording each message's channel and, for dose reminders, whether the patient was
 * reached (the doctor's "unreachable"). `since` moves only when reachability changes.
 */
export function channelStatements(db: Db, records: ChannelRecord[], at: number) {
  const stmts = [];
  for (const r of records) {
    stmts.push(
      db
        .insert(reminderChannels)
        .values({
          sendId: r.sendId,
          patientId: r.patientId,
          kind: r.kind,
          channel: r.channel,
          wechat: r.wechat,
          sms: r.sms,
          providerCode: r.providerCode ?? null,
          providerRef: r.providerRef ?? null,
          at,
        })
        .onConflictDoUpdate({
          target: reminderChannels.sendId,
          set: {
            channel: r.channel,
            wechat: r.wechat,
            sms: r.sms,
            providerCode: r.providerCode ?? null,
            providerRef: r.providerRef ?? null,
            at,
          },
        }),
    );
    if (r.kind !== "dose") continue;
    stmts.push(
      db
        .insert(reminderReach)
        .values({
          patientId: r.patientId,
          reachable: r.reached,
          channel: r.channel,
          wechat: r.wechat,
          sms: r.sms,
          since: at,
          at,
        })
        .onConflictDoUpdate({
          target: reminderReach.patientId,
          set: {
            since: sqlSince(r.reached, at),
            reachable: r.reached,
            channel: r.channel,
            wechat: r.wechat,
            sms: r.sms,
            at,
          },
        }),
    );
  }
  return stmts;
}

/** Keep `since` while reachability stays the same; reset it when it flips. */
function sqlSince(reached: boolean, at: number) {
  return sql`CASE WHEN ${reminderReach.reachable} = ${reached ? 1 : 0} THEN ${reminderReach.since} ELSE ${at} END`;
}
