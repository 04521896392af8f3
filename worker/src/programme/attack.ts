// The reader who tries to undo disclosure control: given a release (which cells are shown exactly,
// which say "<5", which are rounded to 5 and which are not published) and every relation between
// its cells, which values can each "<5" cell still have? Exhaustive search with bound propagation
// over whole numbers, for tests (ADR 0013's attacks); the bound propagation alone is also the
// check every release passes before it is published. A cell with one feasible value has been
// recovered.
import { type CellInput, type Equation, type Mark, ROUNDING_BASE, roundedCount, SMALL_CELL } from "./cells";

type Dom = [number, number];

export interface AttackOptions {
  /** Upper bound assumed for a "hidden" cell (the reader's guess: any larger total shown works). */
  cap?: number;
  /** Only these small cells are attacked (default: all). */
  targets?: Set<string>;
  /** Search nodes allowed before giving up with SearchBudgetExceeded (default: unlimited). */
  budget?: number;
  /**
   * Only ask whether some value other than the true one is possible (the true one always is):
   * the answer lists the true value and, if there is one, one other. Much cheaper than listing all.
   */
  alternativeOnly?: boolean;
  /** Row evaluations left, shared across calls (a deterministic cap on total work). */
  work?: { left: number };
  /**
   * Bound propagation only (no search): each small cell's range after narrowing, as a list. Fast
   * enough for every release; complete for what interval reasoning over the equations finds.
   */
  propagationOnly?: boolean;
}

/** What a reader knows of one cell from how it is published (before using any equation). */
export function publishedRange(c: CellInput, mark: Mark | undefined, cap: number): [number, number] {
  const lo = Math.max(0, c.lo ?? 0);
  const hi = c.hi ?? Number.POSITIVE_INFINITY;
  if (mark === "shown") return [c.value, c.value];
  if (mark === "small") return [c.zeroSafe ? Math.max(1, lo) : lo, Math.min(SMALL_CELL - 1, hi)];
  if (mark === "rounded") {
    const r = roundedCount(c.value);
    const half = Math.floor(ROUNDING_BASE / 2);
    return [Math.max(lo, SMALL_CELL, r - half), Math.min(hi, r + half)];
  }
  return [lo, Math.min(cap, hi)];
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
    const mark = marks.get(c.id);
    // A reader knows every harmless zero (it is published as 0).
    const [lo, hi] = c.zeroSafe && c.value === 0 ? [0, 0] : publishedRange(c, mark, cap);
    if (lo === hi) {
      constant.set(c.id, lo);
      continue;
    }
    vars.set(c.id, doms.length);
    doms.push([lo, hi]);
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
    let k = e.constant ?? 0;
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

  const rowsOf: number[][] = doms.map(() => []);
  rows.forEach((r, k) => {
    for (const [v] of r.terms) rowsOf[v]?.push(k);
  });

  /** Bound propagation with a worklist: a row is read again only when one of its ranges changed. */
  function propagate(d: Dom[], start: number[] | null): boolean {
    const queue = start ?? rows.map((_, k) => k);
    const queued = new Uint8Array(rows.length);
    for (const k of queue) queued[k] = 1;
    while (queue.length) {
      if (work && --work.left < 0) throw new SearchBudgetExceeded();
      const k = queue.pop() as number;
      queued[k] = 0;
      const { k: c, terms } = rows[k] as (typeof rows)[number];
      let min = c;
      let max = c;
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
          for (const f of rowsOf[v] as number[]) {
            if (!queued[f]) {
              queued[f] = 1;
              queue.push(f);
            }
          }
        }
      }
    }
    return true;
  }

  const work = opts.work;
  let nodes = 0;
  const budget = opts.budget ?? Number.POSITIVE_INFINITY;
  /** `changed`: the variable just narrowed (null: check every row). */
  function satisfiable(d: Dom[], changed: number | null): boolean {
    if (++nodes > budget) throw new SearchBudgetExceeded();
    if (work) {
      work.left -= d.length; // copying the ranges is the cost of a node
      if (work.left < 0) throw new SearchBudgetExceeded();
    }
    if (!propagate(d, changed == null ? null : [...(rowsOf[changed] as number[])])) return false;
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
      if (satisfiable(next, pick)) return true;
    }
    return false;
  }

  // Narrow every range once; each check then only re-reads rows touched by what it fixes.
  if (!propagate(doms, null)) throw new Error("the published figures contradict the equations");
  const out = new Map<string, number[]>();
  if (opts.propagationOnly) {
    for (const c of cells) {
      if (marks.get(c.id) !== "small") continue;
      if (opts.targets && !opts.targets.has(c.id)) continue;
      const v = vars.get(c.id);
      if (v === undefined) continue; // public anyway (a clinic's months before it joined)
      const [a, b] = doms[v] as Dom;
      out.set(
        c.id,
        Array.from({ length: b - a + 1 }, (_, k) => a + k),
      );
    }
    return out;
  }
  for (const c of cells) {
    const v = vars.get(c.id);
    if (v === undefined || marks.get(c.id) !== "small") continue;
    if (opts.targets && !opts.targets.has(c.id)) continue;
    const [a, b] = doms[v] as Dom;
    if (opts.alternativeOnly) {
      const ok = [c.value];
      for (const part of [
        [a, c.value - 1],
        [c.value + 1, b],
      ] as Dom[]) {
        if (part[0] > part[1]) continue;
        const d = doms.map((y) => [...y] as Dom);
        d[v] = part;
        if (satisfiable(d, v)) {
          ok.push(part[0]);
          break;
        }
      }
      out.set(c.id, ok);
      continue;
    }
    const ok: number[] = [];
    for (let x = a; x <= b; x++) {
      const d = doms.map((y) => [...y] as Dom);
      d[v] = [x, x];
      if (satisfiable(d, v)) ok.push(x);
    }
    out.set(c.id, ok);
  }
  return out;
}
