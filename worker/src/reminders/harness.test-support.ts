// Test harness for reminders: the real app over a real libSQL file (makeTestApp), the fake WeChat
// server on a local port, and a minute's run as the Node server does it: the producer claims and
// enqueues on the libSQL job queue, the consumer drains it, sending through the real WeChat
// client to the fake server.
import { sql } from "drizzle-orm";
import { type FakeWechat, startFakeWechat } from "../../../tests/fakes/wechat-server";
import { makeTestApp, type TestApp } from "../app.test-support";
import { openDb } from "../db/node";
import type { Db } from "../env";
import type { SmsSender } from "../sms/sender";
import { createWechatClient } from "../wechat/client";
import { type ConsumeReport, emptyReport } from "./consumer";
import { REMINDER_DLQ, REMINDER_QUEUE } from "./host";
import { type LocalConsumer, localQueue, pollOnce } from "./local-queue";
import { enqueueDue, type ProduceReport, type ProducerOptions } from "./producer";
import type { ReminderJob } from "./queue";
import { handleReminderBatch } from "./queue-handler";
import { type ReminderSender, wechatSender } from "./sender";
import {
  DOSE_FIELDS,
  ensureReminderTemplates,
  type ReminderTemplate,
  TIP_FIELDS,
  TODAY_PAGE,
} from "./templates";

export const DOSE_TPL = "tpl-dose-reminder";
export const TIP_TPL = "tpl-health-tip";

export const TEMPLATES: ReminderTemplate[] = [
  { purpose: "dose", templateId: DOSE_TPL, longTerm: false, fields: DOSE_FIELDS, page: TODAY_PAGE },
  { purpose: "follow_up", templateId: DOSE_TPL, longTerm: false, fields: DOSE_FIELDS, page: TODAY_PAGE },
  { purpose: "tip", templateId: TIP_TPL, longTerm: false, fields: TIP_FIELDS, page: TODAY_PAGE },
];

let n = 0;
/** A fresh UUID-shaped id (the API wants UUIDs for client ids). */
export const uuid = () => `0194f3a0-0000-7000-8000-${String(++n).padStart(12, "0")}`;

export interface Harness {
  t: TestApp;
  fake: FakeWechat;
  /** The WeChat channel the runs use (one client, as a server process keeps one). */
  sender: ReturnType<typeof wechatSender>;
  /** The SMS channel the runs use (none unless a test sets one). */
  sms: SmsSender | null;
  /**
   * One minute: the producer's run, then the queue drained of every message visible now (delayed
   * retries wait for a later minute). `on` runs it on another connection, as another process.
   */
  run(opts?: Partial<ProducerOptions>, on?: { db: Db; sender: ReminderSender }): Promise<MinuteReport>;
  /** A second connection to the same database file, as a second process would have. */
  secondConnection(): Promise<Awaited<ReturnType<typeof openDb>>>;
  /** Enrols a patient (openid `dev:<name>`) with a plan; returns the token and ids. */
  patient(
    name: string,
    plan: { times: string[]; startDate: string; drug?: string; dose?: string },
    opts?: { timezone?: string; subscribe?: number; tipSubscribe?: number },
  ): Promise<{ token: string; openid: string; patientId: string; planId: string }>;
  close(): Promise<void>;
}

export async function makeHarness(
  now: number,
  templates = TEMPLATES,
  extra: { templates?: Record<string, { keys: string[]; longTerm?: boolean }>; pages?: string[] } = {},
): Promise<Harness> {
  const t = await makeTestApp({ now });
  const fake = await startFakeWechat({
    templates: {
      ...Object.fromEntries(
        templates.map((tpl) => [tpl.templateId, { keys: Object.values(tpl.fields), longTerm: tpl.longTerm }]),
      ),
      ...extra.templates,
    },
    pages: [TODAY_PAGE, ...(extra.pages ?? [])],
  });
  await ensureReminderTemplates(t.db, templates, now);
  // One client for the harness's lifetime, as a server process keeps one (its token cache).
  const sender = wechatSender(
    createWechatClient({ baseUrl: fake.baseUrl, appId: fake.appId, appSecret: fake.appSecret }),
  );
  const opened: Awaited<ReturnType<typeof openDb>>[] = [];
  const h: Harness = {
    t,
    fake,
    sender,
    sms: null,
    run: (opts = {}, on = { db: t.db, sender }) => runMinute({ ...on, clock: () => t.now, sms: h.sms }, opts),
    async secondConnection() {
      const [main] = await t.db.all<{ file: string }>(sql`PRAGMA database_list`);
      const conn = await openDb(`file:${main?.file}`);
      opened.push(conn);
      return conn;
    },
    async patient(name, plan, opts = {}) {
      const token = await t.patientLogin(name);
      const enrol = await t.call("POST", "/api/v1/enrol", {
        token,
        body: {
          code: "A-DEMO-CHEN",
          consent: { version: "2026-01", accepted: true },
          profile: {
            name,
            birthYear: 1955,
            sex: "female",
            ...(opts.timezone ? { timezone: opts.timezone } : {}),
          },
        },
      });
      if (enrol.status !== 201) throw new Error(`enrol ${enrol.status} ${JSON.stringify(enrol.json)}`);
      const planId = uuid();
      const created = await t.call("POST", "/api/v1/me/plans", {
        token,
        body: {
          id: planId,
          drug: plan.drug ?? "氨氯地平",
          dose: plan.dose ?? "5 mg",
          times: plan.times,
          startDate: plan.startDate,
        },
      });
      if (created.status !== 201) throw new Error(`plan ${created.status} ${JSON.stringify(created.json)}`);
      const openid = `dev:${name}`;
      for (const [count, templateId] of [
        [opts.subscribe ?? 0, DOSE_TPL],
        [opts.tipSubscribe ?? 0, TIP_TPL],
      ] as const) {
        for (let i = 0; i < count; i++) {
          // As the mini-program does: the user accepts in WeChat, the app reports it to us.
          fake.subscribe(openid, templateId, 1);
          const r = await t.call("POST", "/api/v1/me/subscriptions", {
            token,
            body: { id: uuid(), templateId, result: "accept" },
          });
          if (r.status !== 201) throw new Error(`subscribe ${r.status} ${JSON.stringify(r.json)}`);
        }
      }
      const me = await t.call("GET", "/api/v1/me", { token });
      return { token, openid, patientId: me.json.patientId as string, planId };
    },
    async close() {
      for (const c of opened) c.close();
      await fake.close();
      t.close();
    },
  };
  return h;
}

/** What a minute did: the producer's counts and the consumer's (failed: both together). */
export type MinuteReport = Omit<ProduceReport, "failed"> & ConsumeReport;

async function runMinute(
  deps: { db: Db; clock: () => number; sender: ReminderSender; sms: SmsSender | null },
  opts: Partial<ProducerOptions>,
): Promise<MinuteReport> {
  const queue = localQueue<ReminderJob>(deps.db, REMINDER_QUEUE, deps.clock);
  const produced = await enqueueDue({ ...deps, queue }, opts);
  const consumed = emptyReport();
  const consumer: LocalConsumer<ReminderJob> = {
    queue: REMINDER_QUEUE,
    deadLetterQueue: REMINDER_DLQ,
    async handle(messages) {
      const r = await handleReminderBatch({ ...deps, queue }, messages, opts);
      for (const k of Object.keys(consumed) as (keyof ConsumeReport)[]) consumed[k] += r[k];
    },
  };
  while ((await pollOnce(deps.db, consumer, {}, deps.clock)) > 0) {}
  return { ...produced, ...consumed, failed: produced.failed + consumed.failed };
}

/** Messages the fake WeChat delivered to one user. */
export const deliveredTo = (fake: FakeWechat, openid: string) =>
  fake.messages.filter((m) => m.touser === openid);
