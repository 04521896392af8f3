// Messages to people (invite links) go through one adapter, so a link reaches only its recipient
// and never a response body. The default adapter writes to the database outbox: in dev mode that
// is the delivery (GET /api/v1/dev/outbox lists it); in production a mail/SMS relay drains it.
import { desc } from "drizzle-orm";
import { outbox } from "../db/schema";
import type { Db } from "../env";

export interface OutgoingMessage {
  channel: "email" | "sms";
  /** An email address or a phone number. */
  to: string;
  subject: string;
  body: string;
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
}

export function outboxMailer(db: Db, clock: () => number): Mailer {
  return {
    async send(m) {
      await db.insert(outbox).values({
        id: crypto.randomUUID(),
        channel: m.channel,
        recipient: m.to,
        subject: m.subject,
        body: m.body,
        createdAt: clock(),
      });
    },
  };
}

/** The newest messages first (dev outbox page and route only). */
export async function outboxMessages(db: Db, limit = 100) {
  const rows = await db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    to: r.recipient,
    subject: r.subject,
    body: r.body,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/** The invitation, zh-CN first, English second (the invitee's language is not known yet). */
export function inviteMessage(
  to: string,
  clinicName: string,
  role: "doctor" | "assistant",
  link: string,
): OutgoingMessage {
  const zhRole = role === "doctor" ? "医生" : "助理";
  return {
    channel: "email",
    to,
    subject: `稳稳 Steady：邀请您加入 ${clinicName} / Invitation to join ${clinicName}`,
    body: [
      `您好，${clinicName} 邀请您以${zhRole}身份加入稳稳用药依从性项目。`,
      `请在 7 天内打开此链接设置账号：${link}`,
      "",
      `Hello, ${clinicName} invites you to join the Steady programme as ${role}.`,
      `Open this link within 7 days to set up your account: ${link}`,
    ].join("\n"),
  };
}
