// The reader who tries to undo suppression: given a release (what is shown, which cells say "<5"
// and which "hidden") and every relation between its cells, which values can each "<5" cell
// still have? Exhaustive search with bound propagation over whole numbers, for tests on small
// hand-built releases, and inside the suppressor to check a cell can be shown again. A cell with
// one feasible value has been recovered.
import { type CellInput, type Equation, type Mark, SMALL_CELL } from "./aggregates-cells";

type Dom = [number, number];

export interface AttackOptions {
  /** Upper bound assumed for a "hidden" cell (the reader's guess: any larger total shown works). */
  cap?: number;
  /** Only these small cells are attacked (default: all). */
  targets?: Set<string>;
  /** Search nodes allowed before giving up with SearchBudgetExceeded (default: unlimited). */
  budget?: number;
}

export class SearchBudgetExceeded extends Error {}

/** For every cell marked small (and not publicly known), the values a reader cannot rule out. */
export function feasibleSmallValues(
  cells: CellInput[],
  equations: Equation[],
  marks: Map<string, Mark>,
  opts: AttackOptions = {},
): Map<string, number[]> {
  const cap = opts.cap ?? Math.max(50, ...cells.map((c) => c.value * 2 + 10));
  const vars = new Map<string, number>();
  const doms: Dom[] = [];
  const constant = new Map<string, number>();
  for (const c of cells) {
    const lo = Math.max(0, c.lo ?? 0);
    const hi = c.hi ?? Number.POSITIVE_INFINITY;
    const mark = marks.get(c.id);
    // A reader is assumed to know every harmless zero (what the suppressor treats as public).
    if (mark === "shown" || lo === hi || (c.zeroSafe && c.value === 0)) {
      constant.set(c.id, mark === "shown" || lo !== hi ? c.value : lo);
      continue;
    }
    vars.set(c.id, doms.length);
    doms.push(
      mark === "small" ? [lo, Math.min(SMALL_CELL - 1, hi)] : [Math.max(SMALL_CELL, lo), Math.min(cap, hi)],
    );
  }
  // Parts of a total known to be zero are known zeros too (as the suppressor assumes).
  for (let again = true; again; ) {
    again = false;
    for (const e of equations) {
      const [t] = e.minus;
      if (e.minus.length !== 1 || t === undefined || constant.get(t) !== 0) continue;
      for (const p of e.plus) {
        const v = vars.get(p);
        if (v === undefined) continue;
        vars.delete(p);
        doms[v] = [0, 0];
        constant.set(p, 0);
        again = true;
      }
    }
  }
  const rows = equations.map((e) => {
    let k = 0;
    const terms: [number, number][] = [];
    for (const [ids, s] of [
      [e.plus, 1],
      [e.minus, -1],
    ] as const) {
      for (const id of ids) {
        const v = vars.get(id);
        if (v === undefined) k += s * (constant.get(id) as number);
        else terms.push([v, s]);
      }
    }
    return { k, terms }; // k + Σ s·x = 0
  });

  function propagate(d: Dom[]): boolean {
    let changed = true;
    while (changed) {
      changed = false;
      for (const { k, terms } of rows) {
        let min = k;
        let max = k;
        for (const [v, s] of terms) {
          const [a, b] = d[v] as Dom;
          min += s > 0 ? a : -b;
          max += s > 0 ? b : -a;
        }
        if (min > 0 || max < 0) return false;
        for (const [v, s] of terms) {
          const [a, b] = d[v] as Dom;
          const tMin = s > 0 ? a : -b;
          const tMax = s > 0 ? b : -a;
          // s·x ∈ [−(max − tMax), −(min − tMin)]
          let lo = -(max - tMax);
          let hi = -(min - tMin);
          if (s < 0) [lo, hi] = [-hi, -lo];
          const na = Math.max(a, Math.ceil(lo));
          const nb = Math.min(b, Math.floor(hi));
          if (na > nb) return false;
          if (na !== a || nb !== b) {
            d[v] = [na, nb];
            changed = true;
          }
        }
      }
    }
    return true;
  }

  let nodes = 0;
  const budget = opts.budget ?? Number.POSITIVE_INFINITY;
  function satisfiable(d: Dom[]): boolean {
    if (++nodes > budget) throw new SearchBudgetExceeded();
    if (!propagate(d)) return false;
    let pick = -1;
    let width = Number.POSITIVE_INFINITY;
    d.forEach(([a, b], v) => {
      if (b > a && b - a < width) {
        width = b - a;
        pick = v;
      }
    });
    if (pick < 0) return true;
    const [a, b] = d[pick] as Dom;
    const mid = Math.floor((a + b) / 2);
    for (const part of [
      [a, mid],
      [mid + 1, b],
    ] as Dom[]) {
      const next = d.map((x) => [...x] as Dom);
      next[pick] = part;
      if (satisfiable(next)) return true;
    }
    return false;
  }

  const out = new Map<string, number[]>();
  for (const c of cells) {
    const v = vars.get(c.id);
    if (v === undefined || marks.get(c.id) !== "small") continue;
    if (opts.targets && !opts.targets.has(c.id)) continue;
    const [a, b] = doms[v] as Dom;
    const ok: number[] = [];
    for (let x = a; x <= b; x++) {
      const d = doms.map((y) => [...y] as Dom);
      d[v] = [x, x];
      if (satisfiable(d)) ok.push(x);
    }
    out.set(c.id, ok);
  }
  return out;
}
