// Reminders on the real Workers runtime (workerd via `wrangler dev`, local D1, local Queues):
// `/__scheduled` (wrangler dev --test-scheduled, with the portal in [assets]) reaches the cron
// handler, which enqueues; the queue consumer sends through the real WeChat client to the fake
// WeChat server. Every due reminder arrives exactly once, and a second cron run sends nothing.

import { DEV_TEMPLATES } from "@steady/worker/seed";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeWechat, startFakeWechat } from "./fakes/wechat-server";
import { openSqliteFile, seedDuePatients } from "./support/reminder-seed";
import { migratedD1, removePersist, startWranglerDev, type WranglerDev } from "./support/wrangler-dev";

const COUNT = 60;
let fake: FakeWechat;
let dev: WranglerDev;
let persist: string;
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
  const file = await openSqliteFile(d1.sqlite);
  // Due this very minute (real clock: workerd has no fake one); the send window is 30 minutes.
  openids = await seedDuePatients(file.db, { count: COUNT, dueAt: Math.floor(Date.now() / 60_000) * 60_000 });
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
