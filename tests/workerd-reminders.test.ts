// Reminders on the real Workers runtime (workerd via `wrangler dev`, local D1, local Queues):
// `/__scheduled` (wrangler dev --test-scheduled, with the portal in [assets]) reaches the cron
// handler, which enqueues; the queue consumer sends through the real WeChat client to the fake
// WeChat server. Every due reminder arrives exactly once, and a second cron run sends nothing.
// The database says the last producer run was a day ago (a cron outage): the run records
// yesterday's slots as expired on D1 (ADR 0018), within its 100 bound parameters per statement.

import { reminderSends, schedulerState } from "@steady/worker/db";
import { DEV_TEMPLATES } from "@steady/worker/seed";
import { COVERED_UNTIL_KEY } from "@steady/worker/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeWechat, startFakeWechat } from "./fakes/wechat-server";
import { openSqliteFile, seedDuePatients } from "./support/reminder-seed";
import { migratedD1, removePersist, startWranglerDev, type WranglerDev } from "./support/wrangler-dev";

const COUNT = 60;
const DAY = 24 * 3600_000;
let fake: FakeWechat;
let dev: WranglerDev;
let persist: string;
let sqlite: string;
let openids: string[];

beforeAll(async () => {
  fake = await startFakeWechat({
    templates: Object.fromEntries(
      DEV_TEMPLATES.map((t) => [t.templateId, { keys: Object.values(t.fields) }]),
    ),
    autoSubscribe: true,
  });
  const d1 = migratedD1();
  persist = d1.persist;
  sqlite = d1.sqlite;
  const file = await openSqliteFile(d1.sqlite);
  // Due this very minute (real clock: workerd has no fake one); the send window is 30 minutes.
  const dueAt = Math.floor(Date.now() / 60_000) * 60_000;
  openids = await seedDuePatients(file.db, { count: COUNT, dueAt });
  // The last producer run covered up to a minute before yesterday's dose: a day-long outage.
  await file.db.insert(schedulerState).values({ key: COVERED_UNTIL_KEY, value: dueAt - DAY - 60_000 });
  await file.close();
  dev = await startWranglerDev(
    persist,
    {
      STEADY_MODE: "dev",
      WECHAT_API_BASE: fake.baseUrl,
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.appSecret,
    },
    ["--test-scheduled"],
  );
});

afterAll(async () => {
  dev?.stop();
  await fake?.close();
  if (persist) removePersist(persist);
});

async function waitFor(cond: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

it("/__scheduled reaches the cron handler, not the portal's index.html", async () => {
  const r = await fetch(`${dev.base}/__scheduled?cron=*+*+*+*+*`);
  const text = await r.text();
  expect(text, dev.log().slice(-3000)).not.toContain("<html");
  expect(r.status).toBe(200);
  expect(text).toMatch(/Ran scheduled event/);
});

it("cron → queue → consumer → WeChat: every due reminder arrives exactly once", async () => {
  await waitFor(() => fake.messages.length >= COUNT, 60_000);
  // A second cron run (and time for any redelivery) must add nothing.
  await fetch(`${dev.base}/__scheduled?cron=*+*+*+*+*`);
  await new Promise((r) => setTimeout(r, 3000));
  const got = fake.messages.map((m) => m.touser).sort();
  expect(got.length, dev.log().slice(-3000)).toBe(COUNT);
  expect(new Set(got).size).toBe(COUNT);
  expect(got).toEqual([...openids].sort());
  expect(fake.messages[0]?.data.thing1?.value).toBe("氨氯地平 5 mg");
});

it("records the slots a day-long cron outage missed as expired, on D1", async () => {
  // Read the D1 file once workerd has let go of it.
  dev.stop();
  await new Promise((r) => setTimeout(r, 1000));
  const file = await openSqliteFile(sqlite);
  try {
    const rows = await file.db.select().from(reminderSends);
    const count = (status: string, kind: string) =>
      rows.filter((r) => r.status === status && r.kind === kind).length;
    // Yesterday's dose and its follow-up an hour later, for every patient; today's doses sent.
    expect([count("expired", "dose"), count("expired", "follow_up"), count("sent", "dose")]).toEqual([
      COUNT,
      COUNT,
      COUNT,
    ]);
    expect(rows).toHaveLength(3 * COUNT);
  } finally {
    await file.close();
  }
});
