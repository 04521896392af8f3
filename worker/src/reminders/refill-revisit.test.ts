// Refill and revisit reminders end to end (issue 13): real libSQL file, the real WeChat client
// against the fake server. They go on the dose template and through the same claim-then-send
// path, so overlapping runs and later runs never send one twice.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { reminderSends } from "../db/schema";
import { deliveredTo, type Harness, makeHarness, uuid } from "./harness.test-support";

const DAY = 86_400_000;
// Shanghai is UTC+8: 20:00 local on 19 Nov is 12:00Z.
const BEFORE = Date.parse("2026-11-19T12:00:00Z");
const sh = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function kindsSent(patientId: string) {
  const rows = await h.t.db.select().from(reminderSends).where(eq(reminderSends.patientId, patientId));
  return rows.map((r) => `${r.kind} ${r.slotKey} ${r.status}`).sort();
}

describe("refill reminder", () => {
  it("goes out once, 7 days before the run-out, whatever runs overlap", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("refill-mei", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 10 });
    // 10 tablets counted on 19 Nov at 20:00, one a day at 08:00: the 30 Nov dose has none.
    const set = await h.t.call("PATCH", `/api/v1/me/plans/${p.planId}`, {
      token: p.token,
      body: { supply: { onHand: 10, perDose: 1 } },
      headers: { "if-match": '"1"' },
    });
    expect(set.status).toBe(200);
    expect(set.json.supply.runOutDate).toBe("2026-11-30");
    const takeUpTo = async (last: string) => {
      for (let d = "2026-11-20"; d <= last; d = new Date(Date.parse(d) + DAY).toISOString().slice(0, 10)) {
        await h.t.call("POST", "/api/v1/me/doses", {
          token: p.token,
          body: { id: uuid(), planId: p.planId, scheduledAt: sh(d, "08:00"), status: "taken" },
        });
      }
    };

    h.t.setNow(sh("2026-11-22", "10:00"));
    await takeUpTo("2026-11-22");
    await h.run();
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(0); // 8 days ahead: not yet

    h.t.setNow(sh("2026-11-23", "10:00"));
    await takeUpTo("2026-11-23");
    const reports = await Promise.all([h.run(), h.run(), h.run()]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(1);
    const sent = deliveredTo(h.fake, p.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.template_id).toBe("tpl-dose-reminder");
    expect(JSON.stringify(sent[0]?.data)).toContain("约7天后吃完，记得取药");

    // The next days' runs (still within 7 days) send nothing more for this supply.
    for (const d of ["2026-11-24", "2026-11-26"]) {
      h.t.setNow(sh(d, "10:00"));
      await h.run();
    }
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
    expect((await kindsSent(p.patientId)).filter((k) => k.startsWith("refill"))).toHaveLength(1);

    // 取了药: a new supply period; far from the run-out, nothing is sent.
    const refill = await h.t.call("POST", `/api/v1/me/plans/${p.planId}/refills`, {
      token: p.token,
      body: { id: uuid(), tablets: 30 },
    });
    expect(refill.status).toBe(201);
    h.t.setNow(sh("2026-11-27", "10:00"));
    await h.run();
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(1);
  });

  it("is not sent when reminders are off", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("refill-off", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    await h.t.call("PATCH", `/api/v1/me/plans/${p.planId}`, {
      token: p.token,
      body: { supply: { onHand: 2, perDose: 1 } },
      headers: { "if-match": '"1"' },
    });
    const off = await h.t.call("PATCH", "/api/v1/me/reminders", {
      token: p.token,
      body: { enabled: false },
      headers: { "if-match": '"0"' },
    });
    expect(off.status).toBe(200);
    h.t.setNow(sh("2026-11-20", "10:00"));
    await h.run();
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(0);
  });

  it("comes when the patient chose: 3 days before", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("refill-lead", { times: ["08:00"], startDate: "2026-11-20" }, { subscribe: 3 });
    await h.t.call("PATCH", `/api/v1/me/plans/${p.planId}`, {
      token: p.token,
      body: { supply: { onHand: 5, perDose: 1 } },
      headers: { "if-match": '"1"' },
    });
    const lead = await h.t.call("PATCH", "/api/v1/me/reminders", {
      token: p.token,
      body: { refillLeadDays: 3 },
      headers: { "if-match": '"0"' },
    });
    expect(lead.status).toBe(200);
    expect(lead.json.settings.refillLeadDays).toBe(3);
    // Runs out 25 Nov (20–24 covered); at 10:00 on 21 Nov it is 4 days away, on 22 Nov 3.
    for (const d of ["2026-11-20", "2026-11-21", "2026-11-22"]) {
      h.t.setNow(sh(d, "10:00"));
      await h.t.call("POST", "/api/v1/me/doses", {
        token: p.token,
        body: { id: uuid(), planId: p.planId, scheduledAt: sh(d, "08:00"), status: "taken" },
      });
      await h.run();
      expect(deliveredTo(h.fake, p.openid)).toHaveLength(d === "2026-11-22" ? 1 : 0);
    }
  });
});

describe("revisit reminders", () => {
  it("the evening before and that morning, each once", async () => {
    h = await makeHarness(BEFORE);
    const p = await h.patient("visit-lan", { times: ["12:00"], startDate: "2026-11-20" }, { subscribe: 10 });
    const put = await h.t.call("PUT", "/api/v1/me/revisit", {
      token: p.token,
      body: { date: "2026-11-25", hospital: "市第一人民医院", department: "心内科" },
    });
    expect(put.status).toBe(200);

    h.t.setNow(sh("2026-11-24", "10:00"));
    await h.run();
    expect(deliveredTo(h.fake, p.openid)).toHaveLength(0);

    h.t.setNow(sh("2026-11-24", "19:00"));
    await Promise.all([h.run(), h.run()]);
    h.t.setNow(sh("2026-11-24", "20:30"));
    await h.run();
    let sent = deliveredTo(h.fake, p.openid);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]?.data)).toContain("明天复诊");
    expect(JSON.stringify(sent[0]?.data)).toContain("市第一人民医院");

    h.t.setNow(sh("2026-11-25", "07:30"));
    await Promise.all([h.run(), h.run()]);
    h.t.setNow(sh("2026-11-25", "09:00"));
    await h.run();
    sent = deliveredTo(h.fake, p.openid);
    expect(sent).toHaveLength(2);
    expect(JSON.stringify(sent[1]?.data)).toContain("今天复诊");
    expect((await kindsSent(p.patientId)).filter((k) => k.startsWith("revisit"))).toEqual([
      "revisit 2026-11-25@eve sent",
      "revisit 2026-11-25@morning sent",
    ]);
  });
});
