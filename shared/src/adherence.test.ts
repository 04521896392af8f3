import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AdherenceInput, computeAdherence, latestBySlot, slotStatuses } from "./adherence";
import { expandSlots, slotKey } from "./slots";
import { addDays, daysBetween, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, zonedInstant } from "./time";
import type { DoseEvent, DoseStatus, MedicationPlan } from "./types";

const SH = "Asia/Shanghai";
const NY = "America/New_York";

const plan = (over: Partial<MedicationPlan> = {}): MedicationPlan => ({
  id: "p1",
  drug: "metformin",
  dose: "500 mg",
  times: ["08:00", "20:00"],
  startDate: "2026-01-01",
  ...over,
});

/** A dose event for a wall-clock slot, taken `lateMin` minutes after it, recorded at once. */
function dose(
  date: string,
  time: string,
  status: DoseStatus,
  opts: { tz?: string; planId?: string; lateMin?: number; recordedAt?: number } = {},
): DoseEvent {
  const scheduledAt = zonedInstant(date, time, opts.tz ?? SH);
  const at = scheduledAt + (opts.lateMin ?? 0) * MS_PER_MINUTE;
  return { planId: opts.planId ?? "p1", scheduledAt, status, at, recordedAt: opts.recordedAt ?? at };
}

describe("latestBySlot", () => {
  it("a Take after a Skip for the same slot wins", () => {
    const skip = dose("2026-03-01", "08:00", "skipped", { recordedAt: 1000 });
    const take = dose("2026-03-01", "08:00", "taken", { recordedAt: 2000 });
    // Order in the array must not matter, only recordedAt.
    expect(latestBySlot([skip, take]).get(slotKey("p1", skip.scheduledAt))).toBe(take);
    expect(latestBySlot([take, skip]).get(slotKey("p1", skip.scheduledAt))).toBe(take);
  });

  it("an undo (skip recorded after a take) wins", () => {
    const take = dose("2026-03-01", "08:00", "taken", { recordedAt: 1000 });
    const undo = dose("2026-03-01", "08:00", "skipped", { recordedAt: 1001 });
    expect(latestBySlot([take, undo]).get(slotKey("p1", take.scheduledAt))?.status).toBe("skipped");
  });

  it("on equal recordedAt the later array entry wins", () => {
    const a = dose("2026-03-01", "08:00", "taken", { recordedAt: 5 });
    const b = dose("2026-03-01", "08:00", "skipped", { recordedAt: 5 });
    expect(latestBySlot([a, b]).get(slotKey("p1", a.scheduledAt))).toBe(b);
    expect(latestBySlot([b, a]).get(slotKey("p1", a.scheduledAt))).toBe(a);
  });

  it("keeps slots of different plans and instants apart", () => {
    const events = [
      dose("2026-03-01", "08:00", "taken"),
      dose("2026-03-01", "20:00", "skipped"),
      dose("2026-03-01", "08:00", "skipped", { planId: "p2" }),
    ];
    expect(latestBySlot(events).size).toBe(3);
  });
});

describe("computeAdherence: worked examples", () => {
  // A twice-daily plan over one Shanghai week, 2026-03-01..03-07; `now` is after the last slot.
  const week = { from: "2026-03-01", to: "2026-03-07", tz: SH, now: zonedInstant("2026-03-08", "00:00", SH) };
  const allWeek = (status: DoseStatus) =>
    ["01", "02", "03", "04", "05", "06", "07"].flatMap((d) =>
      ["08:00", "20:00"].map((t) => dose(`2026-03-${d}`, t, status)),
    );

  it("a 2×/day plan over 7 days with 3 misses: 11/14 doses, 4/7 days covered", () => {
    // Misses: 03-02 20:00 (nothing logged), 03-04 08:00 (skipped), 03-06 20:00 (nothing).
    // Late: 03-03 08:00 taken 121 min late, 03-05 20:00 taken 121 min early.
    // Exactly on the grace edge (on time): 03-01 08:00 taken 120 min late.
    const events: DoseEvent[] = [
      dose("2026-03-01", "08:00", "taken", { lateMin: 120 }),
      dose("2026-03-01", "20:00", "taken"),
      dose("2026-03-02", "08:00", "taken"),
      dose("2026-03-03", "08:00", "taken", { lateMin: 121 }),
      dose("2026-03-03", "20:00", "taken"),
      dose("2026-03-04", "08:00", "skipped"),
      dose("2026-03-04", "20:00", "taken"),
      dose("2026-03-05", "08:00", "taken"),
      dose("2026-03-05", "20:00", "taken", { lateMin: -121 }),
      dose("2026-03-06", "08:00", "taken"),
      dose("2026-03-07", "08:00", "taken"),
      dose("2026-03-07", "20:00", "taken"),
    ];
    const r = computeAdherence({ plans: [plan()], events, ...week });
    // due = 7 days × 2 = 14; taken = 14 − 3 = 11; 11/14 = 0.785714…
    expect(r.dueSlots).toBe(14);
    expect(r.takenSlots).toBe(11);
    expect(r.doseAdherence).toBeCloseTo(0.785714, 6);
    // on time = 11 taken − 2 outside ±120 min = 9
    expect(r.onTimeSlots).toBe(9);
    // Days with a miss: 03-02, 03-04, 03-06 → covered 7 − 3 = 4; 4/7 = 0.571428… < 0.8
    expect(r.daysWithDue).toBe(7);
    expect(r.daysCovered).toBe(4);
    expect(r.daysCoveredRatio).toBeCloseTo(0.571429, 6);
    expect(r.adherent).toBe(false);
    expect(r.days.map((d) => d.covered)).toEqual([true, false, true, false, true, false, true]);
    const d4 = r.days[3];
    expect(d4).toEqual({ date: "2026-03-04", due: 2, taken: 1, skipped: 1, covered: false });
  });

  it("everything taken: 14/14 and 7/7, adherent", () => {
    const r = computeAdherence({ plans: [plan()], events: allWeek("taken"), ...week });
    expect([r.dueSlots, r.takenSlots, r.onTimeSlots]).toEqual([14, 14, 14]);
    expect(r.doseAdherence).toBe(1);
    expect(r.daysCoveredRatio).toBe(1);
    expect(r.adherent).toBe(true);
  });

  it("everything skipped: 0/14, 0/7, skips counted per day", () => {
    const r = computeAdherence({ plans: [plan()], events: allWeek("skipped"), ...week });
    expect(r.doseAdherence).toBe(0);
    expect(r.daysCoveredRatio).toBe(0);
    expect(r.days.every((d) => d.skipped === 2 && d.taken === 0)).toBe(true);
  });

  it("adherent exactly at 80 % of days covered", () => {
    // 5 days, one miss on day 3 → 4/5 = 0.8 ≥ 0.8 → adherent.
    const events = ["01", "02", "04", "05"].map((d) => dose(`2026-03-${d}`, "08:00", "taken"));
    const input: AdherenceInput = {
      plans: [plan({ times: ["08:00"] })],
      events,
      tz: SH,
      from: "2026-03-01",
      to: "2026-03-05",
      now: zonedInstant("2026-03-06", "00:00", SH),
    };
    const r = computeAdherence(input);
    expect(r.daysCoveredRatio).toBe(0.8);
    expect(r.adherent).toBe(true);
    // …and a stricter programme threshold makes the same week non-adherent.
    expect(computeAdherence({ ...input, adherentAt: 0.81 }).adherent).toBe(false);
  });

  it("a custom grace window changes on-time counts only", () => {
    // One dose taken 45 min late: on time with the default ±2 h, late with ±30 min.
    const base: AdherenceInput = {
      plans: [plan({ times: ["08:00"] })],
      events: [dose("2026-03-01", "08:00", "taken", { lateMin: 45 })],
      tz: SH,
      from: "2026-03-01",
      to: "2026-03-01",
      now: zonedInstant("2026-03-02", "00:00", SH),
    };
    expect(computeAdherence(base).onTimeSlots).toBe(1);
    const strict = computeAdherence({ ...base, graceMs: 30 * MS_PER_MINUTE });
    expect(strict.onTimeSlots).toBe(0);
    expect(strict.takenSlots).toBe(1);
  });

  it("nothing due → ratios and verdict are null, days still listed", () => {
    const r = computeAdherence({
      plans: [plan({ startDate: "2026-04-01" })],
      events: [],
      ...week,
    });
    expect(r.dueSlots).toBe(0);
    expect(r.doseAdherence).toBeNull();
    expect(r.daysCoveredRatio).toBeNull();
    expect(r.adherent).toBeNull();
    expect(r.days.map((d) => d.date)).toEqual([
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
    ]);
    expect(r.days.every((d) => d.due === 0 && !d.covered)).toBe(true);
  });

  it("no plans at all → null ratios", () => {
    const r = computeAdherence({ plans: [], events: [], ...week });
    expect([r.dueSlots, r.doseAdherence, r.daysCoveredRatio, r.adherent]).toEqual([0, null, null, null]);
  });
});

describe("computeAdherence: when `now` is inside the window", () => {
  it("later slots today are not yet due, and a dose logged ahead for them is ignored", () => {
    // now = 03-03 12:00 Shanghai. Due: 03-01 ×2, 03-02 ×2, 03-03 08:00 → 5.
    const events = [
      dose("2026-03-01", "08:00", "taken"),
      dose("2026-03-01", "20:00", "taken"),
      dose("2026-03-02", "08:00", "taken"),
      dose("2026-03-02", "20:00", "taken"),
      dose("2026-03-03", "08:00", "taken"),
      // Logged early for tonight's slot: not due yet, so it must not count.
      { ...dose("2026-03-03", "20:00", "taken"), at: zonedInstant("2026-03-03", "11:00", SH) },
    ];
    const r = computeAdherence({
      plans: [plan()],
      events,
      tz: SH,
      from: "2026-03-01",
      to: "2026-03-05",
      now: zonedInstant("2026-03-03", "12:00", SH),
    });
    expect(r.dueSlots).toBe(5);
    expect(r.takenSlots).toBe(5);
    expect(r.doseAdherence).toBe(1);
    // 03-03 has one due slot, taken → covered; 03-04 and 03-05 have none due.
    expect(r.days.map((d) => [d.date, d.due, d.covered])).toEqual([
      ["2026-03-01", 2, true],
      ["2026-03-02", 2, true],
      ["2026-03-03", 1, true],
      ["2026-03-04", 0, false],
      ["2026-03-05", 0, false],
    ]);
    expect(r.daysCoveredRatio).toBe(1); // 3/3
  });

  it("a slot exactly at `now` is due", () => {
    const now = zonedInstant("2026-03-01", "08:00", SH);
    const seenAt = (at: number) =>
      computeAdherence({
        plans: [plan()],
        events: [],
        tz: SH,
        from: "2026-03-01",
        to: "2026-03-01",
        now: at,
      });
    expect(seenAt(now).dueSlots).toBe(1);
    expect(seenAt(now - 1).dueSlots).toBe(0);
  });
});

describe("computeAdherence: plan windows", () => {
  const now = zonedInstant("2026-03-11", "00:00", SH);
  /** The figures from 03-01 through `to` in Shanghai, seen after the window (03-11 00:00). */
  const through = (to: string, plans: MedicationPlan[], events: DoseEvent[]) =>
    computeAdherence({ plans, events, tz: SH, from: "2026-03-01", to, now });

  it("a plan starting mid-window only counts from its start", () => {
    // Window 03-01..03-10, plan from 03-08: 3 days × 2 = 6 due; all taken.
    const events = ["08", "09", "10"].flatMap((d) => [
      dose(`2026-03-${d}`, "08:00", "taken"),
      dose(`2026-03-${d}`, "20:00", "taken"),
    ]);
    const r = through("2026-03-10", [plan({ startDate: "2026-03-08" })], events);
    expect(r.dueSlots).toBe(6);
    expect(r.daysWithDue).toBe(3);
    expect(r.daysCoveredRatio).toBe(1);
  });

  it("a plan ending mid-window stops counting after its end; events after it are ignored", () => {
    // Plan ends 03-02: due 03-01 ×2 + 03-02 ×2 = 4; a dose logged for 03-05 08:00 is not a slot.
    const r = through(
      "2026-03-10",
      [plan({ endDate: "2026-03-02" })],
      [dose("2026-03-01", "08:00", "taken"), dose("2026-03-05", "08:00", "taken")],
    );
    expect(r.dueSlots).toBe(4);
    expect(r.takenSlots).toBe(1);
    expect(r.doseAdherence).toBe(0.25);
  });

  it("a plan stopped mid-day: its later slots that day are never due", () => {
    // 3×/day, stopped 03-02 10:00 Shanghai. Due: 03-01 ×3 + 03-02 08:00 = 4; all taken.
    const p = plan({
      times: ["08:00", "12:00", "20:00"],
      stoppedAt: zonedInstant("2026-03-02", "10:00", SH),
    });
    const events = [
      dose("2026-03-01", "08:00", "taken"),
      dose("2026-03-01", "12:00", "taken"),
      dose("2026-03-01", "20:00", "taken"),
      dose("2026-03-02", "08:00", "taken"),
    ];
    const r = through("2026-03-03", [p], events);
    expect(r.dueSlots).toBe(4);
    expect(r.doseAdherence).toBe(1);
    // 03-02 is covered (its only due slot was taken); 03-03 had nothing due.
    expect(r.days.map((d) => [d.due, d.covered])).toEqual([
      [3, true],
      [1, true],
      [0, false],
    ]);
  });

  it("a day is covered only when every plan's due slots were taken", () => {
    // p1 08:00 and p2 08:00 on two days; p2 missed on day 2 → 3/4 doses, 1/2 days.
    const p2 = plan({ id: "p2", times: ["08:00"] });
    const events = [
      dose("2026-03-01", "08:00", "taken"),
      dose("2026-03-01", "08:00", "taken", { planId: "p2" }),
      dose("2026-03-02", "08:00", "taken"),
    ];
    const r = through("2026-03-02", [plan({ times: ["08:00"] }), p2], events);
    expect(r.doseAdherence).toBe(0.75);
    expect(r.daysCovered).toBe(1);
    expect(r.daysCoveredRatio).toBe(0.5);
  });

  it("supersession decides the slot: Skip then Take counts, Take then undo does not", () => {
    const p = plan({ times: ["08:00"] });
    const t0 = zonedInstant("2026-03-01", "08:00", SH);
    const events = [
      // 03-01: skipped, then taken (recorded later) → taken.
      dose("2026-03-01", "08:00", "skipped", { recordedAt: t0 + 1 }),
      dose("2026-03-01", "08:00", "taken", { recordedAt: t0 + 2 }),
      // 03-02: taken, then undone as a skip → skipped.
      dose("2026-03-02", "08:00", "taken", { recordedAt: t0 + MS_PER_DAY + 1 }),
      dose("2026-03-02", "08:00", "skipped", { recordedAt: t0 + MS_PER_DAY + 2 }),
    ];
    const r = through("2026-03-02", [p], events);
    expect(r.days.map((d) => [d.taken, d.skipped])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(r.doseAdherence).toBe(0.5);
  });
});

describe("computeAdherence: time zones", () => {
  it("Shanghai slots at 00:30 and 23:30 belong to their local day, not the UTC one", () => {
    // 03-02 00:30 Shanghai = 03-01 16:30Z; 03-02 23:30 = 03-02 15:30Z: both on local 03-02.
    const p = plan({ times: ["00:30", "23:30"], startDate: "2026-03-02" });
    const r = computeAdherence({
      plans: [p],
      events: [dose("2026-03-02", "00:30", "taken"), dose("2026-03-02", "23:30", "taken")],
      tz: SH,
      from: "2026-03-01",
      to: "2026-03-02",
      now: Date.UTC(2026, 2, 3),
    });
    expect(r.days.map((d) => [d.date, d.due, d.taken])).toEqual([
      ["2026-03-01", 0, 0],
      ["2026-03-02", 2, 2],
    ]);
  });

  it("New York across spring forward: the 02:30 dose is due at 03:30 EDT and counts", () => {
    // 3 days × (02:30, 20:00) = 6 due. The 03-08 02:30 dose is logged at its real slot (07:30Z).
    // A stray event at 06:30Z (what "02:30 at −4 h" would naively be) is not a slot: ignored.
    const p = plan({ times: ["02:30", "20:00"] });
    const days = ["2026-03-07", "2026-03-08", "2026-03-09"];
    const events = days.flatMap((d) => [
      dose(d, "02:30", "taken", { tz: NY }),
      dose(d, "20:00", "taken", { tz: NY }),
    ]);
    expect(events[2]?.scheduledAt).toBe(Date.UTC(2026, 2, 8, 7, 30));
    const stray: DoseEvent = {
      ...dose("2026-03-08", "02:30", "skipped", { tz: NY }),
      scheduledAt: Date.UTC(2026, 2, 8, 6, 30),
    };
    const r = computeAdherence({
      plans: [p],
      events: [...events, stray],
      tz: NY,
      from: "2026-03-07",
      to: "2026-03-09",
      now: Date.UTC(2026, 2, 10),
    });
    expect(r.dueSlots).toBe(6);
    expect(r.takenSlots).toBe(6);
    expect(r.days.map((d) => d.skipped)).toEqual([0, 0, 0]);
    expect(r.daysCovered).toBe(3);
  });

  it("the same instants read in another zone fall on other days", () => {
    // A Shanghai 08:00 plan read as if the patient lived in New York: 08:00 EDT slots, and the
    // events (logged at Shanghai 08:00 = 20:00 EDT the day before) match none of them.
    const events = [dose("2026-03-10", "08:00", "taken"), dose("2026-03-11", "08:00", "taken")];
    const input = {
      plans: [plan({ times: ["08:00"] })],
      events,
      from: "2026-03-10",
      to: "2026-03-11",
      now: Date.UTC(2026, 2, 13),
    };
    expect(computeAdherence({ ...input, tz: SH }).takenSlots).toBe(2);
    expect(computeAdherence({ ...input, tz: NY }).takenSlots).toBe(0);
  });
});

describe("slotStatuses", () => {
  const slots = expandSlots(plan({ times: ["08:00", "12:00", "20:00"] }), "2026-03-01", "2026-03-01", SH);
  const now = zonedInstant("2026-03-01", "13:00", SH);

  it("taken/skipped from the latest event, else due once its time passed, else upcoming", () => {
    const events = [
      dose("2026-03-01", "08:00", "skipped", { recordedAt: 1 }),
      dose("2026-03-01", "08:00", "taken", { recordedAt: 2 }),
    ];
    const out = slotStatuses(slots, events, now);
    expect(out.map((s) => [s.time, s.status])).toEqual([
      ["08:00", "taken"],
      ["12:00", "due"],
      ["20:00", "upcoming"],
    ]);
    expect(out[0]?.event).toBe(events[1]);
    expect(out[1]?.event).toBeUndefined();
  });

  it("a dose logged ahead of its time shows as taken; an undo shows as skipped", () => {
    const events = [
      dose("2026-03-01", "20:00", "taken", { recordedAt: 1 }),
      dose("2026-03-01", "12:00", "taken", { recordedAt: 1 }),
      dose("2026-03-01", "12:00", "skipped", { recordedAt: 2 }),
    ];
    expect(slotStatuses(slots, events, now).map((s) => s.status)).toEqual(["due", "skipped", "taken"]);
  });

  it("a slot exactly at now is due", () => {
    expect(slotStatuses(slots, [], zonedInstant("2026-03-01", "12:00", SH)).map((s) => s.status)).toEqual([
      "due",
      "due",
      "upcoming",
    ]);
  });
});

// --- properties --------------------------------------------------------------------

const BASE = "2026-02-20";
const zoneArb = fc.constantFrom(SH, NY);
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 59))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const planArb = (id: string) =>
  fc
    .record({
      times: fc.uniqueArray(timeArb, { minLength: 1, maxLength: 3 }),
      start: fc.integer({ min: 0, max: 20 }),
      length: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
      stopAfterH: fc.option(fc.integer({ min: 0, max: 40 * 24 }), { nil: null }),
    })
    .map(
      ({ times, start, length, stopAfterH }): MedicationPlan => ({
        id,
        drug: "d",
        dose: "1",
        times,
        startDate: addDays(BASE, start),
        endDate: length == null ? null : addDays(BASE, start + length),
        stoppedAt: stopAfterH == null ? null : Date.UTC(2026, 1, 20) + stopAfterH * MS_PER_HOUR,
      }),
    );
/** Raw picks of events, turned into events against real slots (or not) inside the property. */
const eventPickArb = fc.array(
  fc.record({
    plan: fc.nat(),
    slot: fc.nat(),
    status: fc.constantFrom<DoseStatus>("taken", "skipped"),
    lateMin: fc.integer({ min: -300, max: 300 }),
    recordedAt: fc.nat({ max: 1000 }),
    offSlotMin: fc.constantFrom(0, 0, 0, 1, -60),
  }),
  { maxLength: 80 },
);
const scenarioArb = fc
  .record({
    plans: fc.tuple(planArb("a"), fc.option(planArb("b"), { nil: null })),
    picks: eventPickArb,
    tz: zoneArb,
    from: fc.integer({ min: 0, max: 30 }),
    len: fc.integer({ min: 0, max: 30 }),
    nowH: fc.integer({ min: 0, max: 70 * 24 }),
  })
  .map(({ plans, picks, tz, from, len, nowH }) => {
    const ps = plans.filter((p): p is MedicationPlan => p !== null);
    const all = ps.map((p) => expandSlots(p, BASE, addDays(BASE, 70), tz));
    const events: DoseEvent[] = [];
    for (const pick of picks) {
      const slots = all[pick.plan % all.length] ?? [];
      const slot = slots[pick.slot % Math.max(1, slots.length)];
      if (!slot) continue;
      const scheduledAt = slot.scheduledAt + pick.offSlotMin * MS_PER_MINUTE;
      events.push({
        planId: slot.planId,
        scheduledAt,
        status: pick.status,
        at: scheduledAt + pick.lateMin * MS_PER_MINUTE,
        recordedAt: pick.recordedAt,
      });
    }
    const input: AdherenceInput = {
      plans: ps,
      events,
      tz,
      from: addDays(BASE, from),
      to: addDays(BASE, from + len),
      now: Date.UTC(2026, 1, 20) + nowH * MS_PER_HOUR,
    };
    return input;
  });

describe("computeAdherence properties", () => {
  it("ratios lie in [0, 1] (or are null exactly when nothing was due) and the parts add up", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const r = computeAdherence(input);
        expect(r.days).toHaveLength(daysBetween(input.from, input.to) + 1);
        expect(r.doseAdherence === null).toBe(r.dueSlots === 0);
        expect(r.daysCoveredRatio === null).toBe(r.daysWithDue === 0);
        expect(r.adherent === null).toBe(r.daysWithDue === 0);
        for (const ratio of [r.doseAdherence, r.daysCoveredRatio]) {
          if (ratio !== null) {
            expect(ratio).toBeGreaterThanOrEqual(0);
            expect(ratio).toBeLessThanOrEqual(1);
          }
        }
        const sum = (f: (d: (typeof r.days)[number]) => number) => r.days.reduce((n, d) => n + f(d), 0);
        expect(sum((d) => d.due)).toBe(r.dueSlots);
        expect(sum((d) => d.taken)).toBe(r.takenSlots);
        expect(sum((d) => (d.due > 0 ? 1 : 0))).toBe(r.daysWithDue);
        expect(sum((d) => (d.covered ? 1 : 0))).toBe(r.daysCovered);
        expect(r.onTimeSlots).toBeLessThanOrEqual(r.takenSlots);
        expect(r.takenSlots).toBeLessThanOrEqual(r.dueSlots);
        for (const d of r.days) expect(d.taken + d.skipped).toBeLessThanOrEqual(d.due);
      }),
      { numRuns: 150 },
    );
  });

  it("taking one more due dose never lowers dose adherence or days covered", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (input, k) => {
        const before = computeAdherence(input);
        const statuses = input.plans.flatMap((p) =>
          slotStatuses(expandSlots(p, input.from, input.to, input.tz), input.events, input.now),
        );
        const open = statuses.filter((s) => s.scheduledAt <= input.now && s.status !== "taken");
        fc.pre(open.length > 0);
        const slot = open[k % open.length];
        if (!slot) return;
        const take: DoseEvent = {
          planId: slot.planId,
          scheduledAt: slot.scheduledAt,
          status: "taken",
          at: slot.scheduledAt,
          recordedAt: 10_000, // later than every generated event
        };
        const after = computeAdherence({ ...input, events: [...input.events, take] });
        expect(after.dueSlots).toBe(before.dueSlots);
        expect(after.takenSlots).toBe(before.takenSlots + 1);
        expect(after.doseAdherence ?? 0).toBeGreaterThan(before.doseAdherence ?? 0);
        expect(after.daysCovered).toBeGreaterThanOrEqual(before.daysCovered);
        expect(after.daysCoveredRatio ?? 0).toBeGreaterThanOrEqual(before.daysCoveredRatio ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it("splitting [a, c] at b adds up: due, taken, on time, days with due and covered", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (input, k) => {
        const span = daysBetween(input.from, input.to);
        fc.pre(span >= 1);
        const b = addDays(input.from, k % span); // from ≤ b < to
        const whole = computeAdherence(input);
        const left = computeAdherence({ ...input, to: b });
        const right = computeAdherence({ ...input, from: addDays(b, 1) });
        expect(left.dueSlots + right.dueSlots).toBe(whole.dueSlots);
        expect(left.takenSlots + right.takenSlots).toBe(whole.takenSlots);
        expect(left.onTimeSlots + right.onTimeSlots).toBe(whole.onTimeSlots);
        expect(left.daysWithDue + right.daysWithDue).toBe(whole.daysWithDue);
        expect(left.daysCovered + right.daysCovered).toBe(whole.daysCovered);
        expect([...left.days, ...right.days]).toEqual(whole.days);
      }),
      { numRuns: 150 },
    );
  });

  it("agrees with slotStatuses on which due slots are taken", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const r = computeAdherence(input);
        const statuses = input.plans
          .flatMap((p) =>
            slotStatuses(expandSlots(p, input.from, input.to, input.tz), input.events, input.now),
          )
          .filter((s) => s.scheduledAt <= input.now);
        expect(statuses).toHaveLength(r.dueSlots);
        expect(statuses.filter((s) => s.status === "taken")).toHaveLength(r.takenSlots);
      }),
      { numRuns: 100 },
    );
  });
});
