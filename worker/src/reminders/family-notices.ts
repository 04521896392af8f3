// Notices to family members (docs/product.md): a dose still unlogged two hours after its time, and
// an urgent reading (the alerts the clinic gets). Each goes only to followers whose link is active,
// has notices on and shares that kind of data, and only about events after they accepted. A run
// (after each reminder run) claims each notice on (link, kind, event) before sending, so
// overlapping runs never notify twice, and sends it through the same channels as reminders:
// the follower's own WeChat acceptance of the family template, else SMS with their phone and
// consent, else it is recorded as unreachable.
import { localDateOf, localTimeOf } from "@steady/shared";
import { and, between, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { alerts, doseEvents, familyLinks, familyNotices, patients, subscriptionQuota } from "../db/schema";
import type { Db } from "../env";
import type { FamilyNoticeKind, SmsState, WechatState } from "../family/schema";
import { expandVersions, MAX_IDS_PER_QUERY, versionsByPatient } from "../plans/plans";
import type { SmsSender } from "../sms/sender";
import { smsParams } from "../sms/templates";
import { templateData, wechatTime } from "../wechat/template-data";
import { type ChannelChoice, chooseChannel, smsContactsOf } from "./channels";
import { loadFamilyTemplate, type NoticeTemplate } from "./family-templates";
import type { ReminderSender } from "./sender";

export interface NoticeOptions {
  /** A dose counts as missed for the family this long after its time (the patient's own
   *  follow-up comes first, after 60 minutes by default). */
  missedAfterMinutes: number;
  /** A notice goes out at most this long after its event; older ones are dropped. */
  windowMinutes: number;
}

export const DEFAULT_NOTICE_OPTIONS: NoticeOptions = { missedAfterMinutes: 120, windowMinutes: 30 };

export interface NoticeDeps {
  db: Db;
  clock: () => number;
  /** WeChat (or the console in local mode). */
  sender: ReminderSender;
  sms?: SmsSender | null;
}

export interface NoticeReport {
  due: number;
  /** Claimed by an overlapping run first. */
  taken: number;
  wechat: number;
  sms: number;
  unreachable: number;
  failed: number;
}

interface LinkFacts {
  id: string;
  patientId: string;
  followerId: string;
  followerOpenid: string | null;
  timezone: string;
  shareDoses: boolean;
  shareBp: boolean;
  shareGlucose: boolean;
  acceptedAt: number;
}

interface Due {
  link: LinkFacts;
  kind: FamilyNoticeKind;
  eventKey: string;
  eventAt: number;
}

const MIN = 60_000;

const WORDS: Record<FamilyNoticeKind, { event: string; note: string }> = {
  missed_dose: { event: "家人的用药还没有记录", note: "点开查看，方便时关心一下" },
  urgent_reading: { event: "家人有一次测量需要关注", note: "点开查看，请尽快联系家人" },
};

export async function runFamilyNotices(
  deps: NoticeDeps,
  options: Partial<NoticeOptions> = {},
): Promise<NoticeReport> {
  const opts = { ...DEFAULT_NOTICE_OPTIONS, ...options };
  const { db } = deps;
  const now = deps.clock();
  const report: NoticeReport = { due: 0, taken: 0, wechat: 0, sms: 0, unreachable: 0, failed: 0 };
  const links = await noticeLinks(db, now);
  if (!links.length) return report;
  const due = [
    ...(await missedDoses(
      db,
      links.filter((l) => l.shareDoses),
      now,
      opts,
    )),
    ...(await urgentReadings(db, links, now, opts)),
  ];
  report.due = due.length;
  if (!due.length) return report;
  const claimed = await claimNotices(db, due, now, report);
  if (claimed.length) await sendClaimed(deps, claimed, report);
  return report;
}

/** Links whose follower has accepted, not revoked, with notices on. */
async function noticeLinks(db: Db, now: number): Promise<LinkFacts[]> {
  const rows = await db
    .select({
      id: familyLinks.id,
      patientId: familyLinks.patientId,
      followerId: familyLinks.followerId,
      followerOpenid: sql<
        string | null
      >`(SELECT f.openid FROM patients f WHERE f.id = ${familyLinks.followerId})`,
      timezone: patients.timezone,
      shareDoses: familyLinks.shareDoses,
      shareBp: familyLinks.shareBp,
      shareGlucose: familyLinks.shareGlucose,
      acceptedAt: familyLinks.acceptedAt,
    })
    .from(familyLinks)
    .innerJoin(patients, eq(patients.id, familyLinks.patientId))
    .where(
      and(isNotNull(familyLinks.followerId), isNull(familyLinks.revokedAt), eq(familyLinks.notices, true)),
    );
  return rows.map((l) => ({ ...l, followerId: l.followerId as string, acceptedAt: l.acceptedAt ?? now }));
}

/** Claims before sending: the unique key (link, kind, event) admits one run only. */
async function claimNotices(
  db: Db,
  due: Due[],
  now: number,
  report: NoticeReport,
): Promise<{ id: number; d: Due }[]> {
  const claimed: { id: number; d: Due }[] = [];
  for (const d of due) {
    const [row] = await db
      .insert(familyNotices)
      .values({
        linkId: d.link.id,
        followerId: d.link.followerId,
        patientId: d.link.patientId,
        kind: d.kind,
        eventKey: d.eventKey,
        eventAt: d.eventAt,
        channel: "none",
        wechat: "no_quota",
        sms: "not_needed",
        status: "sending",
        claimedAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: familyNotices.id });
    if (row) claimed.push({ id: row.id, d });
    else report.taken++;
  }
  return claimed;
}

/** Delivers each claimed notice (WeChat, else SMS, else unreachable) and records the outcome. */
async function sendClaimed(
  deps: NoticeDeps,
  claimed: { id: number; d: Due }[],
  report: NoticeReport,
): Promise<void> {
  const { db } = deps;
  const template = await loadFamilyTemplate(db);
  const contacts = deps.sms
    ? await smsContactsOf(
        db,
        claimed.map((c) => c.d.link.followerId),
      )
    : new Map();
  for (const { id, d } of claimed) {
    const result = await deliver(deps, template, d, contacts.get(d.link.followerId));
    report[result.status === "sent" ? (result.channel === "sms" ? "sms" : "wechat") : result.status]++;
    const t = deps.clock();
    await db
      .update(familyNotices)
      .set({
        channel: result.channel,
        wechat: result.wechat,
        sms: result.sms,
        status: result.status,
        providerCode: result.providerCode ?? null,
        error: result.error?.slice(0, 500) ?? null,
        sentAt: result.status === "sent" ? t : null,
        updatedAt: t,
      })
      .where(eq(familyNotices.id, id));
  }
}

/** Slots of followed patients that fell due `missedAfter` ago (within the window) and are unlogged. */
async function missedDoses(db: Db, links: LinkFacts[], now: number, opts: NoticeOptions): Promise<Due[]> {
  if (!links.length) return [];
  const delay = opts.missedAfterMinutes * MIN;
  const lo = now - delay - opts.windowMinutes * MIN;
  const hi = now - delay;
  const versions = await versionsByPatient(db, [...new Set(links.map((l) => l.patientId))]);
  const slots: { link: LinkFacts; planId: string; at: number }[] = [];
  for (const link of links) {
    const from = localDateOf(lo, link.timezone);
    const to = localDateOf(hi, link.timezone);
    for (const s of expandVersions(versions.get(link.patientId) ?? [], from, to, link.timezone)) {
      if (s.scheduledAt > lo && s.scheduledAt <= hi && s.scheduledAt >= link.acceptedAt)
        slots.push({ link, planId: s.planId, at: s.scheduledAt });
    }
  }
  if (!slots.length) return [];
  const logged = new Set<string>();
  const planIds = [...new Set(slots.map((s) => s.planId))];
  for (let i = 0; i < planIds.length; i += MAX_IDS_PER_QUERY) {
    const rows = await db
      .select({ planId: doseEvents.planId, at: doseEvents.scheduledAt })
      .from(doseEvents)
      .where(
        and(
          inArray(doseEvents.planId, planIds.slice(i, i + MAX_IDS_PER_QUERY)),
          between(doseEvents.scheduledAt, lo, hi),
        ),
      );
    for (const r of rows) logged.add(`${r.planId}@${r.at}`);
  }
  return slots
    .filter((s) => !logged.has(`${s.planId}@${s.at}`))
    .map((s) => ({
      link: s.link,
      kind: "missed_dose" as const,
      eventKey: `${s.planId}@${s.at}`,
      eventAt: s.at,
    }));
}

/** Urgent alerts raised within the window, for followers who see that kind of reading. */
async function urgentReadings(db: Db, links: LinkFacts[], now: number, opts: NoticeOptions): Promise<Due[]> {
  const byPatient = new Map<string, LinkFacts[]>();
  for (const l of links)
    if (l.shareBp || l.shareGlucose) byPatient.set(l.patientId, [...(byPatient.get(l.patientId) ?? []), l]);
  if (!byPatient.size) return [];
  const ids = [...byPatient.keys()];
  const out: Due[] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_QUERY) {
    const rows = await db
      .select({ id: alerts.id, patientId: alerts.patientId, kind: alerts.kind, raisedAt: alerts.raisedAt })
      .from(alerts)
      .where(
        and(
          inArray(alerts.patientId, ids.slice(i, i + MAX_IDS_PER_QUERY)),
          gt(alerts.raisedAt, now - opts.windowMinutes * MIN),
          lte(alerts.raisedAt, now),
        ),
      );
    for (const a of rows) {
      for (const link of byPatient.get(a.patientId) ?? []) {
        const shared = a.kind.startsWith("bp_")
          ? link.shareBp
          : a.kind.startsWith("glucose_")
            ? link.shareGlucose
            : false;
        if (shared && a.raisedAt >= link.acceptedAt)
          out.push({ link, kind: "urgent_reading", eventKey: a.id, eventAt: a.raisedAt });
      }
    }
  }
  return out;
}

interface Delivery extends ChannelChoice {
  status: "sent" | "failed" | "unreachable";
  providerCode?: string | null;
  error?: string;
}

/** One notice through the first channel that can carry it. */
async function deliver(
  deps: NoticeDeps,
  template: NoticeTemplate | null,
  d: Due,
  contact: { phone: string; consent: boolean } | undefined,
): Promise<Delivery> {
  const { db } = deps;
  const purpose = d.kind === "missed_dose" ? "family_missed" : "family_urgent";
  let wechat: WechatState = !template ? "off" : d.link.followerOpenid ? "no_quota" : "no_openid";
  let reservedOneTime = false;
  if (template && d.link.followerOpenid) {
    const [r] = await db
      .update(subscriptionQuota)
      .set({
        remaining: sql`CASE WHEN ${subscriptionQuota.longTerm} THEN ${subscriptionQuota.remaining} ELSE ${subscriptionQuota.remaining} - 1 END`,
        updatedAt: deps.clock(),
      })
      .where(
        and(
          eq(subscriptionQuota.patientId, d.link.followerId),
          eq(subscriptionQuota.templateId, template.templateId),
          sql`(${subscriptionQuota.longTerm} = 1 OR ${subscriptionQuota.remaining} > 0)`,
        ),
      )
      .returning({ longTerm: subscriptionQuota.longTerm });
    if (r) {
      wechat = "quota";
      reservedOneTime = !r.longTerm;
    }
  }
  const sendSms = async (w: WechatState): Promise<Delivery> => {
    const choice = chooseChannel({ wechat: w, smsPurpose: purpose, contact, sms: deps.sms ?? null });
    if (choice.channel !== "sms" || !deps.sms || !contact) return { ...choice, status: "unreachable" };
    const out = await deps.sms.send(
      contact.phone,
      purpose,
      smsParams(purpose, localTimeOf(d.eventAt, d.link.timezone)),
      `family:${d.link.id}`,
    );
    return out.ok
      ? { ...choice, status: "sent", providerCode: "Ok" }
      : {
          ...choice,
          sms: "failed" as SmsState,
          status: "failed",
          providerCode: out.code,
          error: out.message,
        };
  };
  if (wechat !== "quota" || !template) return sendSms(wechat);

  const words = WORDS[d.kind];
  let out: Awaited<ReturnType<ReminderSender["send"]>>;
  try {
    out = await deps.sender.send({
      openid: d.link.followerOpenid as string,
      templateId: template.templateId,
      page: `${template.page}?link=${d.link.id}`,
      lang: "zh_CN",
      data: templateData(template.fields, {
        event: words.event,
        time: wechatTime(d.eventAt, d.link.timezone),
        note: words.note,
      }),
      label: `family notice ${d.kind} to follower ${d.link.followerId.slice(0, 8)}`,
    });
  } catch (e) {
    out = { ok: false, reason: "unknown", errcode: null, message: String(e) };
  }
  if (out.ok) return { channel: "wechat", wechat: "quota", sms: "not_needed", status: "sent" };
  const t = deps.clock();
  const quotaRow = and(
    eq(subscriptionQuota.patientId, d.link.followerId),
    eq(subscriptionQuota.templateId, template.templateId),
  );
  if (out.reason === "no_subscription") {
    await db
      .update(subscriptionQuota)
      .set({ remaining: 0, longTerm: false, refusedAt: t, updatedAt: t })
      .where(quotaRow);
    return sendSms("refused");
  }
  // Undelivered one-time quota goes back, unless we cannot tell whether it arrived.
  if (reservedOneTime && out.reason !== "unknown")
    await db
      .update(subscriptionQuota)
      .set({ remaining: sql`${subscriptionQuota.remaining} + 1`, updatedAt: t })
      .where(quotaRow);
  return {
    channel: "wechat",
    wechat: "failed",
    sms: "not_needed",
    status: "failed",
    providerCode: out.errcode == null ? null : String(out.errcode),
    error: out.message,
  };
}
