// Suppression on hand-built tables whose right answer is known, and the attacker who tries to
// undo it by differencing. The attacker is exhaustive over whole numbers; for each "<5" cell it
// lists every value consistent with what is shown. Protected means: more than one value left.
import { describe, expect, it } from "vitest";
import { feasibleSmallValues } from "./domain/aggregates-attack";
import { type CellInput, type Equation, type Mark, suppress } from "./domain/aggregates-suppression";
import { rng } from "./seed/random";

const total = (t: string, parts: string[]): Equation => ({ plus: parts, minus: [t] });
const cellsOf = (values: Record<string, number>, extra: Partial<Record<string, Partial<CellInput>>> = {}) =>
  Object.entries(values).map(([id, value]) => ({ id, value, ...extra[id] }));
const marksOf = (m: Map<string, Mark>) => Object.fromEntries(m);

/** Only primary suppression: what a naive dashboard does. */
const naive = (cells: CellInput[]) =>
  new Map(cells.map((c) => [c.id, (c.value < 5 ? "small" : "shown") as Mark]));

describe("one line: a region and its clinics", () => {
  // region 20 = A 2 + B 9 + C 9. A is small. Naively, 20 − 9 − 9 = 2 gives A away.
  const cells = cellsOf({ region: 20, A: 2, B: 9, C: 9 });
  const eqs = [total("region", ["A", "B", "C"])];

  it("naive suppression is undone by subtraction (the attacker works)", () => {
    expect(feasibleSmallValues(cells, eqs, naive(cells)).get("A")).toEqual([2]);
  });

  it("hides one complementary clinic, the one that leaves A its whole range", () => {
    const { marks, complementary } = suppress(cells, eqs);
    // B and C tie; B (first) is hidden: A + B = 11 with B ≥ 5 → A ∈ 0..4 (B 7..11).
    expect(marksOf(marks)).toEqual({ region: "shown", A: "small", B: "hidden", C: "shown" });
    expect(complementary).toBe(1);
    expect(feasibleSmallValues(cells, eqs, marks).get("A")).toEqual([0, 1, 2, 3, 4]);
  });

  it("two small clinics protect each other unless their sum pins them", () => {
    // region 13 = A 2 + B 2 + C 9: A + B = 4 → each 0..4: safe without a complement.
    const c1 = cellsOf({ region: 13, A: 2, B: 2, C: 9 });
    const r1 = suppress(c1, eqs);
    expect(r1.complementary).toBe(0);
    expect(feasibleSmallValues(c1, eqs, r1.marks).get("A")).toEqual([0, 1, 2, 3, 4]);
    // region 9 = A 0 + B 0 + C 9: A + B = 0 → both 0, so C must go too.
    const c2 = cellsOf({ region: 9, A: 0, B: 0, C: 9 });
    expect(feasibleSmallValues(c2, eqs, naive(c2)).get("A")).toEqual([0]);
    const r2 = suppress(c2, eqs);
    expect(marksOf(r2.marks).C).toBe("hidden");
    // A + B + C = 9 with C ≥ 5 → A + B ≤ 4.
    expect(feasibleSmallValues(c2, eqs, r2.marks).get("A")).toEqual([0, 1, 2, 3, 4]);
  });

  it("a complement of exactly 5 next to a 0 would pin it: a roomier one is chosen", () => {
    // region 14 = A 0 + B 5 + C 9. Hiding B: A + B = 5 with B ≥ 5 → A = 0. Hiding C: A + C = 9 → A 0..4.
    const c = cellsOf({ region: 14, A: 0, B: 5, C: 9 });
    const { marks } = suppress(c, eqs);
    expect(marksOf(marks)).toEqual({ region: "shown", A: "small", B: "shown", C: "hidden" });
    expect(feasibleSmallValues(c, eqs, marks).get("A")).toEqual([0, 1, 2, 3, 4]);
  });

  it("uses what a reader knows besides the release (a stage saying 'has a patient')", () => {
    // region 10 = A 1 + B 1 + C 8, and both stages say "first patient enrolled" (≥ 1).
    // Without C, A + B = 2 with both ≥ 1 → both exactly 1.
    const c = cellsOf({ region: 10, A: 1, B: 1, C: 8 }, { A: { lo: 1 }, B: { lo: 1 } });
    const { marks } = suppress(c, eqs);
    expect(marksOf(marks).C).toBe("hidden");
    expect(feasibleSmallValues(c, eqs, marks).get("A")?.length).toBeGreaterThan(1);
  });
});

describe("clinic × (adherent, not adherent) with region margins", () => {
  // Two-way table; rows are clinics, columns the two groups, margins on both sides.
  //            adherent  not   eligible
  //  clinic A      3      12      15
  //  clinic B     10      11      21
  //  clinic C     20      15      35
  //  region       33      38      71
  const values = {
    aH: 3,
    aN: 12,
    aE: 15,
    bH: 10,
    bN: 11,
    bE: 21,
    cH: 20,
    cN: 15,
    cE: 35,
    rH: 33,
    rN: 38,
    rE: 71,
  };
  const cells = cellsOf(values, {
    aN: { implicit: true },
    bN: { implicit: true },
    cN: { implicit: true },
    rN: { implicit: true },
  });
  const eqs = [
    total("aE", ["aH", "aN"]),
    total("bE", ["bH", "bN"]),
    total("cE", ["cH", "cN"]),
    total("rE", ["rH", "rN"]),
    total("rH", ["aH", "bH", "cH"]),
    total("rN", ["aN", "bN", "cN"]),
    total("rE", ["aE", "bE", "cE"]),
  ];

  it("naive: A's 3 adherent patients come back from 15 − 12 or 33 − 10 − 20", () => {
    expect(feasibleSmallValues(cells, eqs, naive(cells)).get("aH")).toEqual([3]);
  });

  it("suppresses a rectangle, so neither the row nor the column gives it away", () => {
    const { marks } = suppress(cells, eqs);
    const m = marksOf(marks);
    expect(m.aH).toBe("small");
    // A's row and adherent column each need a second withheld cell.
    const rowA = ["aN", "aE"].filter((id) => m[id] !== "shown");
    const colH = ["bH", "cH", "rH"].filter((id) => m[id] !== "shown");
    expect(rowA.length).toBeGreaterThan(0);
    expect(colH.length).toBeGreaterThan(0);
    // The headline numbers stay: eligible per clinic and the region's totals.
    expect([m.aE, m.bE, m.cE, m.rE, m.rH]).toEqual(["shown", "shown", "shown", "shown", "shown"]);
    expect(feasibleSmallValues(cells, eqs, marks).get("aH")?.length).toBeGreaterThan(1);
  });

  it("differencing attempts return ranges, not the value", () => {
    const { marks } = suppress(cells, eqs);
    const shown = (id: string) => (marks.get(id) === "shown" ? values[id as keyof typeof values] : null);
    // total − visible cells in A's row: A's not-adherent count is not shown.
    expect(shown("aN")).toBeNull();
    // total − visible cells in the adherent column: one of B, C is not shown.
    expect(shown("bH") === null || shown("cH") === null).toBe(true);
    expect(feasibleSmallValues(cells, eqs, marks).get("aH")).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("across months and regions", () => {
  // New enrolments by month for four clinics in two regions, with every margin a manager sees:
  // per clinic (its enrolled total), per region and month, per month (programme), and grand total.
  //                 Sep  Oct  Nov | total
  //  north  A        6    2    7  |  15
  //         B        8    9    6  |  23
  //  south  C        7    6    9  |  22
  //         D        9    7    8  |  24
  const grid: Record<string, number[]> = { A: [6, 2, 7], B: [8, 9, 6], C: [7, 6, 9], D: [9, 7, 8] };
  const regionOf: Record<string, string> = { A: "north", B: "north", C: "south", D: "south" };
  const months = [0, 1, 2];
  const values: Record<string, number> = {};
  const eqs: Equation[] = [];
  for (const [c, row] of Object.entries(grid)) {
    row.forEach((v, m) => {
      values[`${c}.${m}`] = v;
    });
    values[`${c}.all`] = row.reduce((a, b) => a + b, 0);
    eqs.push(
      total(
        `${c}.all`,
        months.map((m) => `${c}.${m}`),
      ),
    );
  }
  for (const r of ["north", "south"]) {
    const cs = Object.keys(grid).filter((c) => regionOf[c] === r);
    for (const m of [...months, "all"] as const) {
      values[`${r}.${m}`] = cs.reduce((s, c) => s + (values[`${c}.${m}`] as number), 0);
      eqs.push(
        total(
          `${r}.${m}`,
          cs.map((c) => `${c}.${m}`),
        ),
      );
    }
    eqs.push(
      total(
        `${r}.all`,
        months.map((m) => `${r}.${m}`),
      ),
    );
  }
  for (const m of [...months, "all"] as const) {
    values[`P.${m}`] = (values[`north.${m}`] as number) + (values[`south.${m}`] as number);
    eqs.push(total(`P.${m}`, [`north.${m}`, `south.${m}`]));
  }
  eqs.push(
    total(
      "P.all",
      months.map((m) => `P.${m}`),
    ),
  );
  const cells = cellsOf(values);

  it("naive: A's October (2) is the clinic total minus its other months, or the region's October minus B's", () => {
    expect(values["A.1"]).toBe(2);
    expect(feasibleSmallValues(cells, eqs, naive(cells)).get("A.1")).toEqual([2]);
  });

  it("after suppression, no combination of months, clinics and regions recovers it", () => {
    const { marks } = suppress(cells, eqs);
    expect(marks.get("A.1")).toBe("small");
    // Month differencing within clinic A: one more of A's months is withheld.
    expect([marks.get("A.0"), marks.get("A.2"), marks.get("A.all")]).toContain("hidden");
    // Region differencing in October: B's October or the region's is withheld.
    expect([marks.get("B.1"), marks.get("north.1")]).toContain("hidden");
    expect(feasibleSmallValues(cells, eqs, marks).get("A.1")?.length).toBeGreaterThan(1);
    // The programme's monthly figures (enrolment against target) stay visible.
    expect(months.map((m) => marks.get(`P.${m}`))).toEqual(["shown", "shown", "shown"]);
  });
});

describe("exact linear audit", () => {
  it("catches a small cell given away by a combination of equations, not by any single one", () => {
    // x + y = 10 and y + z = 10 and x + z = 4 (three lines, each with two withheld members).
    // From the three: x = (10 + 4 − 10) / 2 = 2. No single line pins x.
    const cells = cellsOf({ x: 2, y: 8, z: 2, s1: 10, s2: 10, s3: 4 });
    const eqs = [total("s1", ["x", "y"]), total("s2", ["y", "z"]), total("s3", ["x", "z"])];
    const { marks } = suppress(cells, eqs);
    expect(feasibleSmallValues(cells, eqs, marks).get("x")?.length).toBeGreaterThan(1);
    expect(feasibleSmallValues(cells, eqs, marks).get("z")?.length).toBeGreaterThan(1);
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
      regionIds.map((rid) => [rid, Array.from({ length: r.int(1, 3) }, (_, k) => `${rid}c${k}`)]),
    );
    const leaves = [...clinicsOf.values()].flat();
    // Leaf counts, then every margin as the sum of what is under it.
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
          if (g === "n") extra[id] = { implicit: true };
        }
      }
      // Along groups and along months, at this node.
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
        // region = Σ its clinics, for every group × month
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
    // A stage says "has patients" for some clinics: their total is at least 1.
    for (const c of leaves) {
      if ((values[`${c}.t.all`] as number) > 0 && r.chance(0.5)) extra[`${c}.t.all`] = { lo: 1 };
    }
    return { cells: cellsOf(values, extra), eqs, values };
  }

  it("the attacker pins small cells of these tables when only they are withheld", () => {
    let broken = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { cells, eqs } = randomTable(seed);
      const pinned = [...feasibleSmallValues(cells, eqs, naive(cells)).values()].filter(
        (v) => v.length === 1,
      );
      if (pinned.length) broken++;
    }
    expect(broken).toBeGreaterThan(10);
  });

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))("seed %i", (seed) => {
    const { cells, eqs, values } = randomTable(seed);
    const { marks } = suppress(cells, eqs);
    for (const [id, vals] of feasibleSmallValues(cells, eqs, marks)) {
      expect(vals.length, `${id} (true ${values[id]}) pinned to ${vals}`).toBeGreaterThan(1);
      expect(vals).toContain(values[id]);
    }
  });
});
