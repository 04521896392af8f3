// After a cron outage (catch-up.ts): the slots that fell due while no producer ran are recorded
// "expired" by the next run, the ones still in the send window go out, nothing twice; a long
// outage is recorded over a few runs; a new database does not invent a history of misses.
import { localTimeOf } from "@steady/shared";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { reminderSends, schedulerState } from "../db/schema";
import { COVERED_UNTIL_KEY, MISSED_ERROR } from "./catch-up";
import { deliveredTo, type Harness, makeHarness, uuid } from "./harness.test-support";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Asia/Shanghai is UTC+8 all year: 08:00 on 2026-11-20 is 00:00Z.
const SH_0800 = Date.parse("2026-11-20T00:00:00Z");
const BEFORE = Date.parse("2026-11-19T12:00:00Z"); // 20:00 the evening before

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Each send of a patient as [kind, local time of the slot, status], in order. */
async function history(patientId: string) {
  const rows = await h.t.db.select().from(reminderSends).where(eq(reminderSends.patientId, patientId));
  return rows
    .map((r) => [r.kind, localTimeOf(r.scheduledAt, "Asia/Shanghai"), r.status] as const)
    .sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
}

const allSends = async () => h.t.db.select().from(reminderSends);

describe("a cron outage", () => {
  it("records the slots due in a 2-hour gap as expired, sends what is still timely, and nothing twice", async () => {
    h = await makeHarness(BEFORE);
    const gao = await h.patient(
      "gao",
      { times: ["06:30", "07:00", "07:50", "08:05"], startDate: "2026-11-20" },
      { subscribe: 10 },
    );
    // She logs her 07:00 dose during the outage (the app works; only the reminder runs stopped).
    const lin = await h.patient("lin", { times: ["07:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    h.t.setNow(SH_0800 - 2 * HOUR + 5 * MIN); // 06:05, the last run before the outage
    expect(await h.run()).toMatchObject({ missed: 0, coveredUntil: "2026-11-19T22:05:00.000Z" });
    h.t.setNow(SH_0800 - HOUR + 5 * MIN); // 07:05
    const logged = await h.t.call("POST", "/api/v1/me/doses", {
      token: lin.token,
      body: { id: uuid(), planId: lin.planId, scheduledAt: SH_0800 - HOUR, status: "taken" },
    });
    expect(logged.status).toBe(201);

    h.t.setNow(SH_0800 + 10 * MIN + 30_000); // back at 08:10:30: the window is (07:40, 08:10]
    const back = await h.run();
    // Missed: the 06:30 and 07:00 reminders and the 06:30 follow-up (due 07:30). Still timely:
    // the 07:50 and 08:05 reminders and the 07:00 follow-up (due 08:00).
    expect(back).toMatchObject({ missed: 3, sent: 3, coveredUntil: "2026-11-20T00:10:00.000Z" });
    expect(await history(gao.patientId)).toEqual([
      ["dose", "06:30", "expired"],
      ["dose", "07:00", "expired"],
      ["dose", "07:50", "sent"],
      ["dose", "08:05", "sent"],
      ["follow_up", "06:30", "expired"],
      ["follow_up", "07:00", "sent"],
    ]);
    const expired = (await allSends()).filter((r) => r.status === "expired");
    expect(expired.map((r) => [r.channel, r.error])).toEqual(Array(3).fill(["none", MISSED_ERROR]));
    // What it would have said is kept with the record.
    expect(expired[0]?.message?.data).toMatchObject({ thing1: "氨氯地平 5 mg" });
    expect(deliveredTo(h.fake, gao.openid)).toHaveLength(3);
    // The dose she logged is neither reminded nor recorded as missed.
    expect(await history(lin.patientId)).toEqual([]);

    // The next minutes add nothing: no second record, no late send.
    const before = (await allSends()).length;
    for (const at of [SH_0800 + 11 * MIN + 30_000, SH_0800 + 12 * MIN + 30_000]) {
      h.t.setNow(at);
      expect(await h.run()).toMatchObject({ missed: 0, queued: 0, sent: 0 });
    }
    expect((await allSends()).length).toBe(before);
    expect(deliveredTo(h.fake, gao.openid)).toHaveLength(3);
  });

  it("records an outage of days over a few bounded runs, each slot once", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient(
      "wu",
      { times: ["08:00", "20:00"], startDate: "2026-11-20" },
      { subscribe: 10 },
    );
    await h.t.call("PATCH", "/api/v1/me/reminders", {
      token: p.token,
      body: { followUps: false },
      headers: { "if-match": '"0"' },
    });
    h.t.setNow(SH_0800 + 30_000);
    expect((await h.run()).sent).toBe(1);
    // Three days down; back at 08:00:30 on the 23rd. Six hours of the gap per run.
    const bound = { catchUpPageMinutes: 60, catchUpPagesPerRun: 6 };
    const back = SH_0800 + 3 * DAY;
    const covered: string[] = [];
    let missed = 0;
    for (let run = 0; run < 20; run++) {
      h.t.setNow(back + 30_000 + run * MIN);
      const r = await h.run(bound);
      covered.push(r.coveredUntil);
      missed += r.missed;
      expect(r.missed).toBeLessThanOrEqual(1); // six hours hold one of her slots at most
      if (r.coveredUntil === new Date(back + run * MIN).toISOString()) break;
    }
    // The gap (20th 08:00, 23rd 07:30] is 71.5 hours: 12 runs of 6 hours.
    expect(covered).toHaveLength(12);
    expect(covered.slice(0, 2)).toEqual(["2026-11-20T06:00:00.000Z", "2026-11-20T12:00:00.000Z"]);
    expect(missed).toBe(5);
    const rows = await allSends();
    expect(rows.map((r) => [new Date(r.scheduledAt).toISOString(), r.status]).sort()).toEqual([
      ["2026-11-20T00:00:00.000Z", "sent"],
      ["2026-11-20T12:00:00.000Z", "expired"],
      ["2026-11-21T00:00:00.000Z", "expired"],
      ["2026-11-21T12:00:00.000Z", "expired"],
      ["2026-11-22T00:00:00.000Z", "expired"],
      ["2026-11-22T12:00:00.000Z", "expired"],
      ["2026-11-23T00:00:00.000Z", "sent"],
    ]);
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(2);
  });

  it("a first run on a new database starts at its send window: no invented history of misses", async () => {
    h = await makeHarness(BEFORE);
    // A plan that started weeks ago: every earlier slot would count as missed from a zero watermark.
    const p = await h.patient(
      "new",
      { times: ["08:00", "20:00"], startDate: "2026-11-01" },
      { subscribe: 3 },
    );
    expect(
      await h.t.db.select().from(schedulerState).where(eq(schedulerState.key, COVERED_UNTIL_KEY)),
    ).toEqual([]);
    h.t.setNow(SH_0800 + 30_000);
    expect(await h.run()).toMatchObject({ missed: 0, sent: 1, coveredUntil: "2026-11-20T00:00:00.000Z" });
    expect(await history(p.patientId)).toEqual([["dose", "08:00", "sent"]]);
    const [mark] = await h.t.db
      .select()
      .from(schedulerState)
      .where(eq(schedulerState.key, COVERED_UNTIL_KEY));
    expect(mark?.value).toBe(SH_0800);
  });
});
