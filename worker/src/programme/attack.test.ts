// The attacks of ADR 0013 against the published release, by an exhaustive attacker over whole
// numbers: for each "<5" cell it lists the values consistent with everything published (exact
// zeros, "<5", counts rounded to 5) and every relation between the cells. Protected means: more
// than one value left. Each attack is first shown to work against exact counts (so the test can
// fail), then shown not to work against the release.
import { describe, expect, it } from "vitest";
import { rng } from "../seed/random";
import { feasibleSmallValues } from "./attack";
import { type CellInput, type Equation, type Mark, roundedCount } from "./cells";
import { disclose, initialMark } from "./disclosure";
import { buildRelease, type CountRow, id, type Release } from "./release";
import { clinic, snapshot } from "./release.test-support";
import { clinicRows, programmeReport } from "./report";
import { monthIndex } from "./stats";

const total = (t: string, parts: string[]): Equation => ({ plus: parts, minus: [t] });
const cellsOf = (values: Record<string, number>, extra: Partial<Record<string, Partial<CellInput>>> = {}) =>
  Object.entries(values).map(([id, value]) => ({ id, value, ...extra[id] }));
/** What a dashboard without disclosure control does: exact counts, 1–4 as "<5". */
const exact = (cells: CellInput[]) =>
  new Map(cells.map((c) => [c.id, (c.implicit ? "hidden" : c.value < 5 ? "small" : "shown") as Mark]));
/** Rounding alone, without the check. */
const roundedOnly = (cells: CellInput[]) => new Map(cells.map((c) => [c.id, initialMark(c)]));
const pinnedOf = (feasible: Map<string, number[]>) =>
  [...feasible].filter(([, v]) => v.length < 2).map(([k, v]) => `${k}=${v}`);

describe("rounding to 5", () => {
  it("publishes 5–7 as 5, 8–12 as 10, and never a number from 1 to 4", () => {
    expect([5, 6, 7, 8, 12, 13, 62, 63, 500, 502, 503].map(roundedCount)).toEqual([
      5, 5, 5, 10, 10, 15, 60, 65, 500, 500, 505,
    ]);
  });
});

describe("differencing across rows", () => {
  // region 20 = A 2 + B 9 + C 9: exact counts give A away (20 − 9 − 9).
  const cells = cellsOf({ region: 20, A: 2, B: 9, C: 9 });
  const eqs = [total("region", ["A", "B", "C"])];

  it("exact counts are undone by subtraction (the attacker works)", () => {
    expect(feasibleSmallValues(cells, eqs, exact(cells)).get("A")).toEqual([2]);
  });

  it("rounded counts (20, <5, 10, 10) leave A every value 0–4 and show the region", () => {
    const { marks, complementary } = disclose(cells, eqs);
    expect(Object.fromEntries(marks)).toEqual({ region: "rounded", A: "small", B: "rounded", C: "rounded" });
    expect(complementary).toBe(0);
    expect(feasibleSmallValues(cells, eqs, marks).get("A")).toEqual([0, 1, 2, 3, 4]);
  });

  it("where independent rounding alone pins a cell, the check withholds a clinic cell, never the total", () => {
    // a + b = T with b 5 (5–7) and T 7 (published 5, so 5–7): a ≤ 2. And a + c1 + c2 + c3 = S with
    // each c 12 (published 10: 8–12) and S 38 (published 40: 38–42): a ≥ 2. Rounding alone: a = 2.
    const c = cellsOf(
      { T: 7, a: 2, b: 5, S: 38, c1: 12, c2: 12, c3: 12 },
      { T: { headline: true }, S: { headline: true }, b: { keep: true } },
    );
    const e = [total("T", ["a", "b"]), total("S", ["a", "c1", "c2", "c3"])];
    expect(feasibleSmallValues(c, e, roundedOnly(c)).get("a")).toEqual([2]);
    const { marks, complementary } = disclose(c, e);
    expect(complementary).toBeGreaterThan(0);
    expect(marks.get("T")).toBe("rounded");
    expect(marks.get("S")).toBe("rounded");
    expect(marks.get("b")).toBe("rounded"); // a kept outcome: the months (c1…c3) go first
    expect(feasibleSmallValues(c, e, marks).get("a")?.length).toBeGreaterThan(1);
  });
});

// --- on the programme release --------------------------------------------------------

const NOW = Date.parse("2026-11-20T02:00:00Z"); // 10:00 in Shanghai; window Dec 2025 … Nov 2026
const JUL = monthIndex("2026-07-01");
const OCT = monthIndex("2026-10-01");
const NOV = monthIndex("2026-11-01");
const facts = [
  clinic("A", "北京", "华北"),
  clinic("B", "天津", "华北"),
  clinic("C", "上海", "华东", "rep-2"),
  clinic("D", "广州", "华南", "rep-2"),
];
const base: CountRow[] = [
  ...snapshot("A", JUL, { n: 12, act7: 9, elig: 12, adh90: 3, bpa: 8, bpc: 5 }),
  ...snapshot("A", OCT, { n: 2, act7: 2 }),
  ...snapshot("B", JUL, { n: 20, act7: 15, elig: 20, adh90: 14, bpa: 10, bpc: 6 }),
  ...snapshot("B", OCT, { n: 6, act7: 5, bpa: 3, bpc: 1 }),
  ...snapshot("C", JUL, { n: 30, act7: 25, elig: 30, adh90: 21, bpa: 12, bpc: 7 }),
  ...snapshot("D", JUL, { n: 9, act7: 7, elig: 9, adh90: 6, bpa: 5, bpc: 4 }),
];
const build = (counts: CountRow[], clinics = facts) =>
  buildRelease({ programmeId: "p", now: NOW, clinics, counts });
const relCells = (r: Release) => r.internals.cells;
const relEqs = (r: Release) => r.internals.equations;
const attack = (r: Release, marks = r.internals.marks) =>
  feasibleSmallValues(r.internals.cells, r.internals.equations, marks, { alternativeOnly: true });

describe("attacks on the programme release", () => {
  it("across rows and along the cumulative series: exact counts give small cells away, the release does not", () => {
    const r = build(base);
    const naive = attack(r, exact(r.internals.cells));
    // A's 3 adherent = 华北 17 − B 14; A's 2 in October = A 14 − A's July 12; the programme's
    // October 8 − B's 6; November's 0 enrolments make cumulative(Oct) = cumulative(Nov) exact.
    expect(naive.get(id.node("c:A", "adh90"))).toEqual([3]);
    expect(naive.get(id.month("c:A", "new", OCT))).toEqual([2]);
    // Rounding alone pins D's 4 BP-controlled: 华南 (= D) ≥ programme 23 (published 25) − 华北 12
    // (10) − 华东 7 (5) = 4. The check withholds one cell, 华北's BP-controlled, and nothing else.
    expect(pinnedOf(attack(r, roundedOnly(r.internals.cells)))).toContain(`${id.node("c:D", "bpc")}=4`);
    expect(pinnedOf(attack(r))).toEqual([]);
    expect(r.complementary).toBe(1);
    expect(r.count(id.node("r:华北", "bpc"))).toBe("hidden");
    for (const k of ["n", "elig", "adh90", "act7", "bpa", "bpc"])
      expect(r.count(id.node("P", k))).not.toBe("hidden");
  });

  it("across days: yesterday's release against today's, 1 to 4 enrolled today", () => {
    for (const today of [1, 2, 3, 4]) {
      for (const [cid, region] of [
        ["A", "华北"],
        ["D", "华南"],
      ] as const) {
        const later = [...base, ...snapshot(cid, NOV, { n: today })];
        const y = build(base);
        const t = build(later);
        // One system: both releases, "d" (the number enrolled today, known to be 1–4) and what
        // links them: each enrolment total of today = yesterday's + d; every other cell unchanged.
        const changed = new Set([
          id.node(`c:${cid}`, "n"),
          id.node(`r:${region}`, "n"),
          id.node("P", "n"),
          id.month(`c:${cid}`, "new", NOV),
          id.month("P", "new", NOV),
          id.cumulative(NOV),
          ...["notAct7", "notElig", "notBpa", "notSpa"].flatMap((m) => [
            id.node(`c:${cid}`, m),
            id.node(`r:${region}`, m),
            id.node("P", m),
          ]),
        ]);
        const pre = (p: string, r: Release) => ({
          cells: relCells(r).map((c) => ({ ...c, id: `${p}${c.id}` })),
          eqs: relEqs(r).map((e) => ({
            plus: e.plus.map((k) => p + k),
            minus: e.minus.map((k) => p + k),
            constant: e.constant,
          })),
          marks: new Map([...r.internals.marks].map(([k, m]) => [p + k, m])),
        });
        const a = pre("y:", y);
        const b = pre("t:", t);
        const d: CellInput = { id: "d", value: today, zeroSafe: true };
        const cells = [...a.cells, ...b.cells, d];
        const eqs = [
          ...a.eqs,
          ...b.eqs,
          ...relCells(y).map((c) =>
            changed.has(c.id)
              ? { plus: [`y:${c.id}`, "d"], minus: [`t:${c.id}`] }
              : { plus: [`y:${c.id}`], minus: [`t:${c.id}`] },
          ),
        ];
        const marks = new Map<string, Mark>([...a.marks, ...b.marks, ["d", "small"]]);
        // Exact counts: today's total − yesterday's = d, at once.
        const naive = new Map([...exact(a.cells), ...exact(b.cells), ["d", "small" as Mark]]);
        expect(feasibleSmallValues(cells, eqs, naive, { targets: new Set(["d"]) }).get("d")).toEqual([today]);
        const feasible = feasibleSmallValues(cells, eqs, marks, { alternativeOnly: true });
        expect(pinnedOf(feasible), `${today} enrolled today at ${cid}`).toEqual([]);
      }
    }
  });

  it("across the rep's and the manager's views: the same published figures, so together they add nothing", () => {
    const r = build(base);
    const report = programmeReport(
      r,
      {
        id: "p",
        name: "p",
        targets: { baselineAdherence: 0.65, targetAdherence: 0.8, enrolmentTarget: 2000 },
      },
      0,
    );
    for (const rep of ["rep-1", "rep-2"]) {
      for (const row of clinicRows(r, rep)) {
        const managerRow = report.clinics.find((c) => c.clinicId === row.clinicId);
        for (const k of ["enrolled", "active7d", "eligible90d", "adherent90d", "adherence90d"] as const)
          expect(row[k], `${rep} ${row.clinicId} ${k}`).toEqual(managerRow?.[k]);
        // The rep's monthly trend is the manager's release too (same cells).
        for (const p of row.trend) {
          const m = monthIndex(`${p.month}-01`);
          expect(p.enrolled).toEqual(r.count(id.month(`c:${row.clinicId}`, "new", m)));
        }
      }
    }
    // Every number either view can show is 0 or a multiple of 5 from 5 up.
    const numbers =
      JSON.stringify(report).match(
        /"(enrolled|active7d|eligible90d|adherent90d|bpAssessed7d|bpControlled7d|size|cumulative|enrolledBefore)":(\d+)/g,
      ) ?? [];
    expect(numbers.length).toBeGreaterThan(20);
    for (const n of numbers) {
      const v = Number(n.split(":")[1]);
      expect(v === 0 || (v >= 5 && v % 5 === 0), n).toBe(true);
    }
  });
});

describe("random linked tables (property)", () => {
  // Random tables regions → clinics, × (in group, not in group), × months, with every margin a
  // manager sees, many small cells, and some public "has patients" bounds. Whatever the data,
  // the attacker must never pin a "<5" cell, and the true value must stay among the candidates.
  function randomTable(seed: number) {
    const r = rng(seed * 7919);
    const values: Record<string, number> = {};
    const extra: Record<string, Partial<CellInput>> = {};
    const eqs: Equation[] = [];
    const months = Array.from({ length: r.int(1, 3) }, (_, m) => `m${m}`);
    const groups = ["y", "n"];
    const regionIds = Array.from({ length: r.int(1, 3) }, (_, g) => `r${g}`);
    const clinicsOf = new Map(
      regionIds.map((rid) => [rid, Array.from({ length: r.int(1, 4) }, (_, k) => `${rid}c${k}`)]),
    );
    const leaves = [...clinicsOf.values()].flat();
    for (const c of leaves) {
      for (const g of groups) {
        for (const m of months) values[`${c}.${g}.${m}`] = r.chance(0.5) ? r.int(0, 4) : r.int(5, 20);
      }
    }
    const nodes: [string, string[]][] = [
      ...leaves.map((c) => [c, [c]] as [string, string[]]),
      ...regionIds.map((rid) => [rid, clinicsOf.get(rid) as string[]] as [string, string[]]),
      ["P", leaves],
    ];
    const sum = (cs: string[], gs: string[], ms: string[]) =>
      cs.reduce(
        (s, c) => s + gs.reduce((t, g) => t + ms.reduce((u, m) => u + (values[`${c}.${g}.${m}`] ?? 0), 0), 0),
        0,
      );
    for (const [node, under] of nodes) {
      for (const g of [...groups, "t"]) {
        for (const m of [...months, "all"]) {
          const id = `${node}.${g}.${m}`;
          values[id] = sum(under, g === "t" ? groups : [g], m === "all" ? months : [m]);
          extra[id] = {
            implicit: g === "n",
            zeroSafe: g === "t",
            keep: m === "all",
            headline: node === "P" && g !== "n",
          };
        }
      }
      for (const m of [...months, "all"])
        eqs.push(
          total(
            `${node}.t.${m}`,
            groups.map((g) => `${node}.${g}.${m}`),
          ),
        );
      for (const g of [...groups, "t"])
        eqs.push(
          total(
            `${node}.${g}.all`,
            months.map((m) => `${node}.${g}.${m}`),
          ),
        );
      if (node !== "P" && !leaves.includes(node)) {
        for (const g of [...groups, "t"]) {
          for (const m of [...months, "all"])
            eqs.push(
              total(
                `${node}.${g}.${m}`,
                under.map((c) => `${c}.${g}.${m}`),
              ),
            );
        }
      }
    }
    for (const g of [...groups, "t"]) {
      for (const m of [...months, "all"])
        eqs.push(
          total(
            `P.${g}.${m}`,
            regionIds.map((rid) => `${rid}.${g}.${m}`),
          ),
        );
    }
    for (const c of leaves) {
      if ((values[`${c}.t.all`] as number) > 0 && r.chance(0.5))
        extra[`${c}.t.all`] = { ...extra[`${c}.t.all`], lo: 1 };
    }
    return { cells: cellsOf(values, extra), eqs, values };
  }

  it("the attacker pins small cells of these tables when counts are exact", () => {
    let broken = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { cells, eqs } = randomTable(seed);
      if (pinnedOf(feasibleSmallValues(cells, eqs, exact(cells), { alternativeOnly: true })).length) broken++;
    }
    expect(broken).toBeGreaterThan(10);
  });

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))("seed %i", (seed) => {
    const { cells, eqs, values } = randomTable(seed);
    const { marks } = disclose(cells, eqs);
    // Totals of the programme are always published.
    for (const c of cells) if (c.headline) expect(marks.get(c.id), c.id).not.toBe("hidden");
    for (const [id, vals] of feasibleSmallValues(cells, eqs, marks, { alternativeOnly: true })) {
      expect(vals.length, `${id} (true ${values[id]}) pinned to ${vals}`).toBeGreaterThan(1);
      expect(vals).toContain(values[id]);
    }
  });
});
