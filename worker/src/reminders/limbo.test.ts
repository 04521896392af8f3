// A consumer that dies between taking its rows to "sending" and recording them ("limbo", ADR
// 0016 "Delivery guarantees"). The crash is modelled as a real one: at the crash point the
// consumer's process stops — its database connection and its WeChat sender never answer again,
// nothing is thrown that code could catch, its promise is abandoned. Sends it had already put on
// the wire still reach WeChat (their answers are lost). Then the queue redelivers the message.
import type { Client } from "@libsql/client";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql";
import { afterEach, describe, expect, it } from "vitest";
import * as schema from "../db/schema";
import { jobQueue, reminderSends } from "../db/schema";
import type { Db } from "../env";
import { consumeReminderBatch, SENDING_LEASE_MS } from "./consumer";
import { deliveredTo, type Harness, makeHarness } from "./harness.test-support";
import { type LocalConsumer, localQueue, pollOnce } from "./local-queue";
import { enqueueDue } from "./producer";
import type { ReminderJob } from "./queue";
import type { ReminderSender } from "./sender";

const MIN = 60_000;
const SH_0800 = Date.parse("2026-11-20T00:00:00Z"); // 08:00 in Shanghai
const BEFORE = Date.parse("2026-11-19T12:00:00Z");
const MAIN = "steady-reminders";
/** Sends recorded together: a dead consumer can have sent at most this many without recording. */
const STEP = 10;
const N = 25;

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const never = <T>() => new Promise<T>(() => {});

/** A process that can die: after `die()` its database calls and its sends never settle. */
function mortalProcess(client: Client, sender: ReminderSender, dieOnSend: number) {
  let dead = false;
  let sends = 0;
  const onWire: Promise<unknown>[] = [];
  let died: () => void = () => {};
  const death = new Promise<void>((resolve) => {
    died = resolve;
  });
  const hangingClient = new Proxy(client, {
    get(target, key) {
      const v = Reflect.get(target, key, target);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => (dead ? never() : v.apply(target, args));
    },
  });
  const mortalSender: ReminderSender = {
    channel: sender.channel,
    async send(r) {
      if (dead) return never();
      if (++sends === dieOnSend) {
        // The process dies as this send is about to leave: it never reaches WeChat.
        dead = true;
        died();
        return never();
      }
      const wire = sender.send(r);
      onWire.push(wire);
      const out = await wire;
      return dead ? never() : out; // WeChat got it; a dead process never hears the answer
    },
  };
  return {
    db: drizzle(hangingClient, { schema }) as unknown as Db,
    sender: mortalSender,
    /** Resolves once dead and every send it had put on the wire has reached WeChat. */
    dead: death.then(() => Promise.allSettled(onWire)),
  };
}

describe("a consumer that dies mid-message (limbo)", () => {
  it("loses nothing: redelivery after the lease sends the rows left 'sending'; duplicates ≤ one step", async () => {
    h = await makeHarness(BEFORE);
    const ps = [];
    for (let i = 0; i < N; i++)
      ps.push(await h.patient(`l${i}`, { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 2 }));
    const start = SH_0800 + 30_000;
    h.t.setNow(start);
    const clock = () => h.t.now;
    const queue = localQueue<ReminderJob>(h.t.db, MAIN, clock);
    // One message carrying all N sends.
    const produced = await enqueueDue(
      { db: h.t.db, clock, sender: h.sender, queue },
      { idsPerMessage: N, pageSize: N },
    );
    expect(produced).toMatchObject({ queued: N, messages: 1 });

    // The first consumer runs in its own "process" (a second connection to the file) and dies as
    // its 14th send is about to leave: step 1 (sends 1–10) is recorded; sends 11–13 of step 2
    // reached WeChat, unrecorded; 14–25 never left.
    const k = 13;
    const conn = await h.secondConnection();
    const mortal = mortalProcess(conn.client, h.sender, k + 1);
    const consumer = (deps: Parameters<typeof consumeReminderBatch>[0]): LocalConsumer<ReminderJob> => ({
      queue: MAIN,
      handle: (messages) => consumeReminderBatch(deps, messages, { concurrency: 4 }),
    });
    const dying = consumer({ db: mortal.db, clock, sender: mortal.sender, sms: null, sendsPerRecord: STEP });
    void pollOnce(h.t.db, dying, {}, clock); // abandoned: it never settles
    await mortal.dead;
    expect(h.fake.messages).toHaveLength(k);
    const limbo = await h.t.db
      .select({ status: reminderSends.status })
      .from(reminderSends)
      .where(eq(reminderSends.status, "sending"));
    expect(limbo).toHaveLength(N - STEP); // everything after the recorded step is in limbo

    // The queue's lease on the job (5 min) runs out and the job comes to a live consumer. The
    // rows' "sending" lease has not: their consumer might be alive and slow, so nothing is sent
    // and the message waits for that lease.
    const live = consumer({ db: h.t.db, clock, sender: h.sender, sms: null, sendsPerRecord: STEP });
    h.t.setNow(start + 6 * MIN);
    await pollOnce(h.t.db, live, {}, clock);
    expect(h.fake.messages).toHaveLength(k);
    const jobs = await h.t.db.select().from(jobQueue);
    const job = jobs.find((j) => (j.body as ReminderJob).type === "send");
    expect(job?.visibleAt).toBe(start + SENDING_LEASE_MS); // retried until the lease ends

    // After the lease the rows are taken for dead and sent again.
    h.t.setNow(start + SENDING_LEASE_MS);
    expect(await pollOnce(h.t.db, live, {}, clock)).toBe(1); // the send job (nothing else is due)
    expect(await h.t.db.select().from(jobQueue)).toEqual([]);

    // Every reminder reached WeChat; none is left "sending"; every row is recorded "sent".
    for (const p of ps) expect(deliveredTo(h.fake, p.openid).length).toBeGreaterThanOrEqual(1);
    const rows = await h.t.db
      .select({ status: reminderSends.status, attempts: reminderSends.attempts })
      .from(reminderSends);
    expect(rows.map((r) => r.status)).toEqual(Array(N).fill("sent"));
    // The resent rows count a second attempt (visible in the history), the first step's do not.
    expect(rows.filter((r) => r.attempts === 2)).toHaveLength(N - STEP);
    // Duplicates: exactly the sends that reached WeChat unrecorded — 3 here, and never more than
    // one step (STEP = 10) per message a dead consumer held.
    const duplicates = h.fake.messages.length - N;
    expect(duplicates).toBe(k - STEP);
    expect(duplicates).toBeLessThanOrEqual(STEP);
  });
});
