// The fan-out on the Node server's libSQL job queue, end to end: the producer claims and enqueues,
// the consumer sends through the real WeChat client to the fake server. Redelivery, a consumer
// that dies mid-batch, WeChat limits as delayed retries, the dead-letter queue, late messages.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { jobQueue, patients as patientsTable, reminderDeadLetters, reminderSends } from "../db/schema";
import { consumeDeadLetters } from "./consumer";
import { deliveredTo, type Harness, makeHarness } from "./harness.test-support";
import { type LocalConsumer, localQueue, pollOnce } from "./local-queue";
import { enqueueDue, findRange, type ProducerOptions } from "./producer";
import type { FindJob, QueueMessage, ReminderJob } from "./queue";
import { handleReminderBatch } from "./queue-handler";

const MIN = 60_000;
const SH_0800 = Date.parse("2026-11-20T00:00:00Z"); // 08:00 in Shanghai
const BEFORE = Date.parse("2026-11-19T12:00:00Z");
const MAIN = "steady-reminders";
const DLQ = "steady-reminders-dlq";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function patients(n: number, prefix: string) {
  const out = [];
  for (let i = 0; i < n; i++)
    out.push(
      await h.patient(`${prefix}${i}`, { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 1 }),
    );
  return out;
}

function setup(opts: { afterRecord?: (m: QueueMessage<ReminderJob>) => void } = {}) {
  const clock = () => h.t.now;
  const queue = localQueue<ReminderJob>(h.t.db, MAIN, clock);
  const deps = { db: h.t.db, clock, sender: h.sender, sms: null, ...opts };
  const main: LocalConsumer<ReminderJob> = {
    queue: MAIN,
    deadLetterQueue: DLQ,
    handle: (messages) => handleReminderBatch({ ...deps, queue }, messages),
  };
  const dead: LocalConsumer<ReminderJob> = { queue: DLQ, handle: (m) => consumeDeadLetters(deps, m) };
  const produce = (o: Partial<ProducerOptions> = {}) =>
    enqueueDue({ db: h.t.db, clock, sender: h.sender, queue }, { idsPerMessage: 4, ...o });
  const drain = async (consumer = main, o: { maxBatchSize?: number; maxRetries?: number } = {}) => {
    let deliveries = 0;
    for (let n = 1; n > 0; deliveries += n)
      n = await pollOnce(h.t.db, consumer, { maxBatchSize: 3, ...o }, clock);
    return deliveries;
  };
  return { produce, drain, main, dead, queue, clock };
}

const statuses = async () =>
  (await h.t.db.select({ s: reminderSends.status }).from(reminderSends)).map((r) => r.s).sort();

describe("reminders on the queue (Node, libSQL job table)", () => {
  it("sends every due reminder exactly once; a second cron run enqueues nothing again", async () => {
    h = await makeHarness(BEFORE);
    const ps = await patients(10, "q");
    h.t.setNow(SH_0800 + 30_000);
    const q = setup();
    const first = await q.produce({ pageSize: 3 }); // keyset pages of 3 patients
    // Pages of 3, 3, 3 and 1 patients; up to 4 sends per message within a page.
    expect(first).toMatchObject({ examined: 10, queued: 10, messages: 4, taken: 0 });
    await q.drain();
    const again = await q.produce({ pageSize: 3 });
    expect(again.queued).toBe(0);
    await q.drain();
    for (const p of ps) expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
    expect(await statuses()).toEqual(Array(10).fill("sent"));
    expect(await h.t.db.select().from(jobQueue)).toEqual([]);
  });

  it("a consumer that dies mid-batch is redelivered: no duplicate, no loss", async () => {
    h = await makeHarness(BEFORE);
    const ps = await patients(12, "f");
    h.t.setNow(SH_0800 + 30_000);
    let deaths = 0;
    const q = setup({
      // The second message of the first batch is sent and recorded, then the consumer dies
      // before acking it (and before touching the third).
      afterRecord: () => {
        if (deaths === 0 && ++calls === 2) {
          deaths++;
          throw new Error("consumer died");
        }
      },
    });
    let calls = 0;
    expect((await q.produce()).messages).toBe(3);
    await q.drain();
    expect(deaths).toBe(1);
    expect(h.fake.sendRequests()).toHaveLength(12);
    for (const p of ps) expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
    expect(await statuses()).toEqual(Array(12).fill("sent"));
  });

  it("turns WeChat's minute limit (45011) into a delayed retry, then sends each once", async () => {
    h = await makeHarness(BEFORE);
    const ps = await patients(3, "r");
    h.t.setNow(SH_0800 + 30_000);
    const q = setup();
    h.fake.failNext("minuteQuota");
    await q.produce();
    await q.drain();
    // The sends already in flight arrive; the one WeChat refused waits with its message.
    expect(h.fake.messages.length).toBeLessThan(3);
    const [job] = await h.t.db.select().from(jobQueue);
    expect(job?.visibleAt).toBe(SH_0800 + 30_000 + MIN); // retry({ delaySeconds: 60 })
    h.t.setNow(SH_0800 + 91_000);
    await q.drain();
    for (const p of ps) expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
    expect(await statuses()).toEqual(["sent", "sent", "sent"]);
  });

  it("after its retries a message lands in the dead-letter queue, recorded for the admin", async () => {
    h = await makeHarness(BEFORE);
    const [p] = await patients(1, "d");
    h.t.setNow(SH_0800 + 30_000);
    const q = setup();
    h.fake.failNext("minuteQuota", "minuteQuota", "minuteQuota");
    await q.produce();
    for (let i = 0; i < 3; i++) {
      await q.drain(q.main, { maxRetries: 2 });
      h.t.setNow(h.t.now + 61_000);
    }
    expect(await q.drain(q.dead)).toBe(1);
    const dead = await h.t.db.select().from(reminderDeadLetters);
    expect(dead).toMatchObject([{ job: "send", attempts: 3, errcode: 45011 }]);
    const [row] = await h.t.db
      .select()
      .from(reminderSends)
      .where(eq(reminderSends.patientId, p?.patientId as string));
    expect(row?.status).toBe("failed");
    expect(row?.error).toMatch(/^dead letter: /);
    expect(deliveredTo(h.fake, p?.openid as string)).toHaveLength(0);

    // The programme admin sees it; nobody else may.
    const admin = await h.t.portalLogin("admin@demo.test");
    const r = await h.t.call("GET", "/api/v1/programme/reminder-dead-letters?limit=10", { cookie: admin });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      items: [
        {
          job: "send",
          attempts: 3,
          errcode: 45011,
          sends: [{ id: row?.id, kind: "dose", dueAt: "2026-11-20T00:00:00.000Z", status: "failed" }],
        },
      ],
      nextBefore: null,
    });
    const rep = await h.t.portalLogin("rep@demo.test");
    expect((await h.t.call("GET", "/api/v1/programme/reminder-dead-letters", { cookie: rep })).status).toBe(
      403,
    );
    const bad = await h.t.call("GET", "/api/v1/programme/reminder-dead-letters?limit=0", { cookie: admin });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain("limit");
  });

  it("records a message that reaches the consumer after its send window as expired, not silence", async () => {
    h = await makeHarness(BEFORE);
    const [p] = await patients(1, "x");
    h.t.setNow(SH_0800 + 30_000);
    const q = setup();
    await q.produce();
    h.t.setNow(SH_0800 + 31 * MIN); // the queue was stuck for half an hour
    await q.drain();
    expect(deliveredTo(h.fake, p?.openid as string)).toHaveLength(0);
    expect(await statuses()).toEqual(["expired"]);
  });

  it("splits the finding into one find message per range of patients; finders claim each reminder once", async () => {
    h = await makeHarness(BEFORE);
    const ps = await patients(10, "s");
    const total = (await h.t.db.select({ id: patientsTable.id }).from(patientsTable)).length;
    h.t.setNow(SH_0800 + 30_000);
    const q = setup();
    const cron = await q.produce({ findRangeSize: 3, pageSize: 2 });
    // The cron itself found nothing: it sent one find message per 3 patient ids (the last open).
    expect(cron).toMatchObject({ examined: 0, queued: 0, finds: Math.floor(total / 3) + 1 });
    const finds = (await h.t.db.select().from(jobQueue))
      .map((j) => j.body as ReminderJob)
      .filter((b): b is FindJob => b.type === "find");
    expect(finds).toHaveLength(cron.finds);
    expect(finds.every((f) => f.at === SH_0800 + 30_000)).toBe(true);
    await q.drain();
    for (const p of ps) expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
    expect(await statuses()).toEqual(Array(10).fill("sent"));
    // A finder delivered again (or overlapping another) claims nothing twice.
    h.t.setNow(SH_0800 + 2 * MIN);
    const deps = { db: h.t.db, clock: q.clock, sender: h.sender, queue: q.queue };
    let again = 0;
    for (const f of finds) again += (await findRange(deps, f, { pageSize: 2 })).queued;
    expect(again).toBe(0);
    await q.drain();
    expect(h.fake.sendRequests()).toHaveLength(10);
  });
});
