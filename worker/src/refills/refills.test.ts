// Refills and revisits (issue 13) through the real app: a plan carrying its supply, "取了药"
// idempotent on its id, the next visit set by the patient or the clinic's doctor (and nobody
// else's), and the triage reasons 药快吃完 / 可能已断药 / 逾期未复诊 in the list and the worklist.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../app.test-support";
import { medicationPlans } from "../db/schema";

const NOW = Date.parse("2026-11-20T02:00:00Z"); // 10:00 in Shanghai
const DAY = 86_400_000;
const uuid = (n: number) => `0194f3a0-0000-7000-8000-${String(9000 + n).padStart(12, "0")}`;
const PLAN = uuid(1);

let t: TestApp;
let token: string;
let patientId: string;
let doseN = 100;
/** Logs "taken" for the plan's slots (08:00 and 20:00 Shanghai) from `from` to `to` inclusive. */
async function take(from: string, to: string) {
  for (let at = Date.parse(from); at <= Date.parse(to); at += DAY / 2) {
    const r = await t.call("POST", "/api/v1/me/doses", {
      token,
      body: { id: uuid(doseN++), planId: PLAN, scheduledAt: at, status: "taken" },
    });
    expect(r.status).toBe(201);
  }
}
beforeAll(async () => {
  t = await makeTestApp({ now: NOW });
  token = await t.enrolledPatient("supply-pat");
  patientId = (await t.call("GET", "/api/v1/me", { token })).json.patientId;
});
afterAll(() => t.close());

/** A newly enrolled patient with one plan (valsartan at 08:00 unless told) and its tablets counted. */
async function patientWithPlan(
  name: string,
  plan: { id: string; startDate: string; supply: Record<string, number>; drug?: string; dose?: string },
) {
  const tok = await t.enrolledPatient(name);
  const made = await t.call("POST", "/api/v1/me/plans", {
    token: tok,
    body: { drug: "缬沙坦", dose: "80 mg", times: ["08:00"], ...plan },
  });
  expect(made.status).toBe(201);
  const id = (await t.call("GET", "/api/v1/me", { token: tok })).json.patientId as string;
  return { tok, id, made };
}

// Portal sessions idle out while the tests move the clock by days: sign in again each time.
const doctor = () => t.portalLogin("doctor.a@demo.test");
const triageRow = async () => {
  const r = await t.call("GET", "/api/v1/patients", { cookie: await doctor() });
  expect(r.status).toBe(200);
  return r.json.find((x: { patientId: string }) => x.patientId === patientId);
};

describe("plan supply and refills", () => {
  it("a plan created with its supply answers the forecast", async () => {
    const r = await t.addPlan(token, {
      id: PLAN,
      times: ["08:00", "20:00"],
      startDate: "2026-11-20",
      supply: { onHand: 10, perDose: 1, packSize: 28 },
    });
    expect(r.status).toBe(201);
    // From 20:00 today: 10 doses cover up to 25 Nov 08:00; 25 Nov 20:00 is the first without.
    expect(r.json.supply).toMatchObject({
      onHand: 10,
      perDose: 1,
      packSize: 28,
      stock: 10,
      runOutDate: "2026-11-25",
      daysLeft: 5,
    });
  });

  it("names the field of a bad supply or refill (problem+json)", async () => {
    const bad = await t.call("PATCH", `/api/v1/me/plans/${PLAN}`, {
      token,
      body: { supply: { onHand: 10, perDose: 0 } },
      headers: { "if-match": '"1"' },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toContain("supply.perDose");
    const refill = await t.call("POST", `/api/v1/me/plans/${PLAN}/refills`, {
      token,
      body: { id: uuid(2), tablets: -3 },
    });
    expect(refill.status).toBe(422);
    expect(refill.json.errors[0].path).toBe("tablets");
    const future = await t.call("POST", `/api/v1/me/plans/${PLAN}/refills`, {
      token,
      body: { id: uuid(2), tablets: 28, at: NOW + DAY },
    });
    expect(future.status).toBe(422);
    expect(future.json.errors[0].path).toBe("at");
  });

  it("triage says 药快吃完 once the run-out is within 3 days", async () => {
    expect((await triageRow()).reasons.join()).not.toContain("药快吃完");
    t.setNow(NOW + 3 * DAY); // 23 Nov 10:00: every dose taken so far (20 Nov 20:00 … 23 Nov 08:00)
    await take("2026-11-20T12:00:00Z", "2026-11-23T00:00:00Z");
    const row = await triageRow();
    expect(row.reasons).toContain("药快吃完（氨氯地平，2 天后用完）");
    expect(row.tier).toBe("attention");
  });

  it("可能已断药 after the run-out passed with no refill", async () => {
    t.setNow(NOW + 7 * DAY); // 27 Nov 10:00: took the last four tablets (to 25 Nov 08:00), then none
    await take("2026-11-23T12:00:00Z", "2026-11-25T00:00:00Z");
    const row = await triageRow();
    expect(row.reasons.some((s: string) => s.startsWith("可能已断药（氨氯地平"))).toBe(true);
  });

  it("取了药: one tap adds the tablets, replays are 200, a reused id 409; the reason clears", async () => {
    const body = { id: uuid(3), tablets: 28 };
    const first = await t.call("POST", `/api/v1/me/plans/${PLAN}/refills`, { token, body });
    expect(first.status).toBe(201);
    expect(first.json.supply.refills).toHaveLength(1);
    const again = await t.call("POST", `/api/v1/me/plans/${PLAN}/refills`, { token, body });
    expect(again.status).toBe(200);
    expect(again.json.supply.refills).toHaveLength(1);
    expect(again.json.supply.stock).toBe(first.json.supply.stock);
    const reused = await t.call("POST", `/api/v1/me/plans/${PLAN}/refills`, {
      token,
      body: { ...body, tablets: 30 },
    });
    expect(reused.status).toBe(409);
    expect(reused.json.errors[0].path).toBe("id");
    // The gap (25 Nov 20:00 → now) is in the past gaps; the run-out moved 14 days on.
    expect(first.json.supply.gaps).toEqual([{ from: "2026-11-25", to: "2026-11-27", open: false, doses: 4 }]);
    expect(first.json.supply.runOutDate).toBe("2026-12-11");
    const row = await triageRow();
    expect(row.reasons.join()).not.toMatch(/药快吃完|可能已断药/);
  });

  it("a refill for someone else's plan or a plan without supply is refused", async () => {
    const other = await t.enrolledPatient("supply-other");
    const r = await t.call("POST", `/api/v1/me/plans/${PLAN}/refills`, {
      token: other,
      body: { id: uuid(4), tablets: 5 },
    });
    expect(r.status).toBe(404);
    const plain = uuid(5);
    await t.call("POST", "/api/v1/me/plans", {
      token: other,
      body: { id: plain, drug: "二甲双胍", dose: "0.5 g", times: ["08:00"], startDate: "2026-11-27" },
    });
    const none = await t.call("POST", `/api/v1/me/plans/${plain}/refills`, {
      token: other,
      body: { id: uuid(6), tablets: 5 },
    });
    expect(none.status).toBe(409);
  });

  it("the doctor's patient page shows the supply with the plans", async () => {
    const r = await t.call("GET", `/api/v1/patients/${patientId}/summary`, { cookie: await doctor() });
    expect(r.status).toBe(200);
    expect(r.json.plans[0].supply).toMatchObject({ runOutDate: "2026-12-11" });
    expect(r.json.plans[0].supply.gaps).toHaveLength(1);
  });
});

describe("the cached run-out follows the doses actually taken", () => {
  it("missed doses leave tablets: opening the plans moves the run-out and clears 药快吃完", async () => {
    t.setNow(NOW + 10 * DAY); // 30 Nov 10:00
    const planId = uuid(50);
    const { tok, id, made } = await patientWithPlan("supply-misser", {
      id: planId,
      startDate: "2026-11-30",
      supply: { onHand: 4, perDose: 1 },
    });
    expect(made.json.supply.runOutDate).toBe("2026-12-05"); // 1–4 Dec covered
    t.setNow(NOW + 13 * DAY); // 3 Dec 10:00: took none of 1–3 Dec, so 4 tablets are still there
    const row = async () =>
      (await t.call("GET", "/api/v1/patients", { cookie: await doctor() })).json.find(
        (x: { patientId: string }) => x.patientId === id,
      );
    expect((await row()).reasons.join()).toContain("药快吃完（缬沙坦，2 天后用完）");
    const plans = await t.call("GET", "/api/v1/me/plans", { token: tok });
    expect(plans.json.plans[0].supply).toMatchObject({ stock: 4, runOutDate: "2026-12-08" });
    expect((await row()).reasons.join()).not.toContain("药快吃完");
    t.setNow(NOW);
  });
});

describe("refills and doses through /me/sync (the mini-program's outbox)", () => {
  it("a refill tapped offline arrives as kind refill: created, then duplicate; a reused id conflicts", async () => {
    t.setNow(NOW + 20 * DAY - 2.5 * 3600_000); // 10 Dec 07:30: the count
    const planId = uuid(60);
    const { tok } = await patientWithPlan("supply-offline", {
      id: planId,
      drug: "厄贝沙坦",
      dose: "150 mg",
      startDate: "2026-12-10",
      supply: { onHand: 2, perDose: 1, packSize: 14 },
    });
    // Tapped at 09:00 while offline; uploaded at 10:00. The refill keeps the tap's instant.
    t.setNow(NOW + 20 * DAY);
    const tappedAt = NOW + 20 * DAY - 3600_000;
    const item = { kind: "refill", id: uuid(61), planId, tablets: 14, at: tappedAt };
    const first = await t.call("POST", "/api/v1/me/sync", { token: tok, body: { items: [item] } });
    expect(first.status).toBe(200);
    expect(first.json.results[0]).toMatchObject({ id: uuid(61), status: "created" });
    expect(first.json.results[0].record.supply).toMatchObject({ stock: 16, runOutDate: "2026-12-27" });
    expect(first.json.results[0].record.at).toBe(new Date(tappedAt).toISOString());
    const again = await t.call("POST", "/api/v1/me/sync", { token: tok, body: { items: [item] } });
    expect(again.json.results[0].status).toBe("duplicate");
    const plans = await t.call("GET", "/api/v1/me/plans", { token: tok });
    expect(plans.json.plans[0].supply.refills).toHaveLength(1);
    const reused = await t.call("POST", "/api/v1/me/sync", {
      token: tok,
      body: { items: [{ ...item, tablets: 28 }] },
    });
    expect(reused.json.results[0].status).toBe("conflict");
    const bad = await t.call("POST", "/api/v1/me/sync", {
      token: tok,
      body: { items: [{ kind: "refill", id: uuid(62), planId: uuid(63), tablets: 0 }] },
    });
    expect(bad.json.results[0]).toMatchObject({ status: "rejected" });
    expect(bad.json.results[0].errors[0].path).toBe("tablets");
    const unknown = await t.call("POST", "/api/v1/me/sync", {
      token: tok,
      body: { items: [{ kind: "refill", id: uuid(62), planId: uuid(63), tablets: 5 }] },
    });
    expect(unknown.json.results[0]).toMatchObject({ status: "rejected" });
    t.setNow(NOW);
  });

  it("logging a dose rewrites the cached run-out at once (POST /me/doses and /me/sync)", async () => {
    t.setNow(NOW + 30 * DAY); // 20 Dec 10:00
    const planId = uuid(70);
    const { tok, id } = await patientWithPlan("supply-dosing", {
      id: planId,
      startDate: "2026-12-20",
      supply: { onHand: 4, perDose: 1 },
    });
    const cached = async () =>
      (
        await t.db
          .select({ runOutDate: medicationPlans.runOutDate })
          .from(medicationPlans)
          .where(eq(medicationPlans.id, planId))
      )[0]?.runOutDate;
    expect(await cached()).toBe("2026-12-25"); // 21–24 Dec covered
    t.setNow(NOW + 33 * DAY); // 23 Dec 10:00: none of 21–23 Dec taken yet; nothing re-read the plans
    expect(await cached()).toBe("2026-12-25");
    const at = (d: string) => Date.parse(`${d}T00:00:00Z`); // 08:00 in Shanghai
    const one = await t.call("POST", "/api/v1/me/doses", {
      token: tok,
      body: { id: uuid(71), planId, scheduledAt: at("2026-12-21"), status: "taken" },
    });
    expect(one.status).toBe(201);
    // 3 left after 21 Dec; 24, 25, 26 Dec covered, 27 Dec the first without.
    expect(await cached()).toBe("2026-12-27");
    const sync = await t.call("POST", "/api/v1/me/sync", {
      token: tok,
      body: {
        items: [
          { kind: "dose", id: uuid(72), planId, scheduledAt: at("2026-12-22"), status: "taken" },
          { kind: "dose", id: uuid(73), planId, scheduledAt: at("2026-12-23"), status: "taken" },
        ],
      },
    });
    expect(sync.json.results.map((r: { status: string }) => r.status)).toEqual(["created", "created"]);
    expect(await cached()).toBe("2026-12-25");
    const row = (await t.call("GET", "/api/v1/patients", { cookie: await doctor() })).json.find(
      (x: { patientId: string }) => x.patientId === id,
    );
    expect(row.reasons.join()).toContain("药快吃完（缬沙坦，2 天后用完）");
    t.setNow(NOW);
  });

  // A dose skips the refresh only where it would write nothing (ADR 0009, fourth pass): a plan
  // without a supply and without a cached run-out. A run-out left cached on a plan that tracks
  // no supply is still cleared by the next dose, as the refresh always did.
  it("a dose on a plan without a supply clears a run-out still cached on it (POST /me/doses and /me/sync)", async () => {
    t.setNow(NOW + 40 * DAY); // 30 Dec 10:00
    const tok = await t.enrolledPatient("no-supply-dosing");
    const planId = uuid(80);
    const made = await t.call("POST", "/api/v1/me/plans", {
      token: tok,
      body: { id: planId, drug: "阿托伐他汀", dose: "20 mg", times: ["08:00"], startDate: "2026-12-28" },
    });
    expect(made.json.supply).toBeNull();
    const cache = async () =>
      (
        await t.db
          .select({ runOutDate: medicationPlans.runOutDate, eventAt: medicationPlans.supplyEventAt })
          .from(medicationPlans)
          .where(eq(medicationPlans.id, planId))
      )[0];
    const at = (d: string) => Date.parse(`${d}T00:00:00Z`); // 08:00 in Shanghai
    const dose = await t.call("POST", "/api/v1/me/doses", {
      token: tok,
      body: { id: uuid(81), planId, scheduledAt: at("2026-12-28"), status: "taken" },
    });
    expect(dose.status).toBe(201);
    expect(await cache()).toEqual({ runOutDate: null, eventAt: null });
    const stale = async () =>
      t.db
        .update(medicationPlans)
        .set({ runOutDate: "2027-01-02", supplyEventAt: NOW })
        .where(eq(medicationPlans.id, planId));
    await stale();
    const again = await t.call("POST", "/api/v1/me/doses", {
      token: tok,
      body: { id: uuid(82), planId, scheduledAt: at("2026-12-29"), status: "taken" },
    });
    expect(again.status).toBe(201);
    expect(await cache()).toEqual({ runOutDate: null, eventAt: null });
    await stale();
    const sync = await t.call("POST", "/api/v1/me/sync", {
      token: tok,
      body: {
        items: [{ kind: "dose", id: uuid(83), planId, scheduledAt: at("2026-12-30"), status: "taken" }],
      },
    });
    expect(sync.json.results[0].status).toBe("created");
    expect(await cache()).toEqual({ runOutDate: null, eventAt: null });
    t.setNow(NOW);
  });
});

describe("revisits", () => {
  it("the patient sets the next visit; a date before today names the field", async () => {
    const past = await t.call("PUT", "/api/v1/me/revisit", { token, body: { date: "2026-11-01" } });
    expect(past.status).toBe(422);
    expect(past.json.errors[0].path).toBe("date");
    const bad = await t.call("PUT", "/api/v1/me/revisit", {
      token,
      body: { date: "2026-12-01", hospital: "" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].path).toBe("hospital");
    const r = await t.call("PUT", "/api/v1/me/revisit", {
      token,
      body: { date: "2026-12-01", hospital: "市第一人民医院", department: "心内科" },
    });
    expect(r.status).toBe(200);
    expect(r.json.revisit).toMatchObject({ date: "2026-12-01", setBy: "patient", overdue: false });
    // PUT is idempotent: the same body again leaves the same visit.
    const again = await t.call("PUT", "/api/v1/me/revisit", {
      token,
      body: { date: "2026-12-01", hospital: "市第一人民医院", department: "心内科" },
    });
    expect(again.json.revisit.date).toBe("2026-12-01");
    expect((await t.call("GET", "/api/v1/me/revisit", { token })).json.revisit.hospital).toBe(
      "市第一人民医院",
    );
  });

  it("the clinic's doctor sets it; another clinic's doctor gets 404", async () => {
    const r = await t.call("PUT", `/api/v1/patients/${patientId}/revisit`, {
      cookie: await doctor(),
      body: { date: "2026-12-04", department: "心内科" },
    });
    expect(r.status).toBe(200);
    expect(r.json.revisit).toMatchObject({ date: "2026-12-04", setBy: "clinician", hospital: null });
    const other = await t.call("PUT", `/api/v1/patients/${patientId}/revisit`, {
      cookie: await t.portalLogin("doctor.b@demo.test"),
      body: { date: "2026-12-05" },
    });
    expect(other.status).toBe(404);
    expect((await t.call("GET", "/api/v1/me/revisit", { token })).json.revisit.date).toBe("2026-12-04");
    const summary = await t.call("GET", `/api/v1/patients/${patientId}/summary`, { cookie: await doctor() });
    expect(summary.json.revisit.date).toBe("2026-12-04");
  });

  it("逾期未复诊 in triage and the call worklist once the date passed; a newer visit clears it", async () => {
    t.setNow(Date.parse("2026-12-06T02:00:00Z"));
    const row = await triageRow();
    expect(row.reasons).toContain("逾期未复诊（原定 2026-12-04，已过 2 天）");
    const work = await t.call("GET", "/api/v1/follow-ups", { cookie: await doctor() });
    expect(work.status).toBe(200);
    const listed = (Array.isArray(work.json) ? work.json : (work.json.rows ?? work.json.worklist ?? [])) as {
      patientId: string;
      reasons: string[];
    }[];
    expect(listed.find((x) => x.patientId === patientId)?.reasons).toContain(
      "逾期未复诊（原定 2026-12-04，已过 2 天）",
    );
    await t.call("PUT", "/api/v1/me/revisit", { token, body: { date: "2026-12-20" } });
    expect((await triageRow()).reasons.join()).not.toContain("逾期未复诊");
  });

  it("the export holds the refills and the visit; erasure removes them", async () => {
    const ex = await t.call("GET", "/api/v1/me/export", { token });
    expect(ex.status).toBe(200);
    expect(ex.json.refills).toHaveLength(1);
    expect(ex.json.revisit).toHaveLength(1);
  });
});
