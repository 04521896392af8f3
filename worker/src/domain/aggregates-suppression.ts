// Small-cell suppression with complementary suppression (ADR 0007).
//
// A release is a set of counts ("cells") and the linear relations that hold between them
// ("equations": Σ plus = Σ minus, e.g. a region's count = the sum of its clinics' counts, or
// enrolled = active + inactive). A count below 5 is withheld ("<5", primary suppression). Then
// more cells are withheld ("hidden", complementary suppression) until no withheld small count can
// be worked out from what is shown:
//
//  1. per equation: never exactly one withheld member (it would be the difference of the others),
//     and the withheld members of an equation must leave every small one at least two possible
//     values, given what a reader knows of them ("<5" means 0–4, "hidden" means 5 or more, and
//     any public bounds such as "this clinic has at least one patient");
//  2. across equations: no small count may be a linear combination of the shown ones (checked
//     exactly by Gaussian elimination over the withheld cells, per connected group).
//
// Whenever a check fails, the cheapest shown member of an offending equation is withheld and the
// checks run again. Both rules only add withheld cells, so the loop ends.
import { feasibleSmallValues, SearchBudgetExceeded } from "./aggregates-attack";
import {
  type CellInput,
  type Equation,
  type Mark,
  SMALL_CELL,
  type SuppressionResult,
} from "./aggregates-cells";

export {
  type CellInput,
  type Equation,
  type Mark,
  SMALL_CELL,
  type SuppressionResult,
} from "./aggregates-cells";

/** A complementary cell at least this large leaves a "<5" cell its whole range 0–4 in one equation. */
const ROOMY = SMALL_CELL + 4;
/** Stands in for "no upper bound" in interval arithmetic. */
const UNBOUNDED = 1e12;
/**
 * Exhaustive checks: search nodes per check, the largest group of withheld cells searched, and
 * the row evaluations all checks of one release may use together (a count, not a clock, so the
 * same data always gives the same release).
 */
const SEARCH_BUDGET = 20_000;
const SEARCH_GROUP = 120;
const SEARCH_WORK = 400_000;

interface Eq {
  members: number[];
  signs: number[];
}

export interface SuppressOptions {
  /** How many complementary cells the give-back pass may try to show again (each try is an audit). */
  giveBackLimit?: number;
  /** Row evaluations the exhaustive checks may use in all (default 400,000). */
  searchWork?: number;
}

export function suppress(
  cells: CellInput[],
  equations: Equation[],
  opts: SuppressOptions = {},
): SuppressionResult {
  const index = new Map<string, number>();
  cells.forEach((c, i) => {
    if (index.has(c.id)) throw new Error(`duplicate cell ${c.id}`);
    index.set(c.id, i);
  });
  const n = cells.length;
  const value = cells.map((c) => c.value);
  const lo = cells.map((c) => Math.max(0, c.lo ?? 0));
  const hi = cells.map((c) => c.hi ?? Number.POSITIVE_INFINITY);
  // Publicly known exactly (e.g. a clinic that has no patients yet, or a harmless zero): a
  // constant, not a secret.
  const known = cells.map((c, i) => lo[i] === hi[i] || (c.zeroSafe === true && c.value === 0));
  const small = value.map((v) => v < SMALL_CELL);

  const eqs: Eq[] = equations.map((e) => {
    const members: number[] = [];
    const signs: number[] = [];
    for (const [ids, sign] of [
      [e.plus, 1],
      [e.minus, -1],
    ] as const) {
      for (const id of ids) {
        const i = index.get(id);
        if (i === undefined) throw new Error(`equation names unknown cell ${id}`);
        members.push(i);
        signs.push(sign);
      }
    }
    return { members, signs };
  });
  // Parts of a total known to be zero are zero too (counts are never negative).
  for (let again = true; again; ) {
    again = false;
    for (const e of eqs) {
      const totals = e.members.filter((_, j) => (e.signs[j] as number) < 0);
      const [t] = totals;
      if (totals.length !== 1 || t === undefined || !known[t] || value[t] !== 0) continue;
      for (const i of e.members) {
        if (!known[i]) {
          known[i] = true;
          again = true;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (known[i]) {
      lo[i] = value[i] as number;
      hi[i] = value[i] as number;
    }
  }
  const hidden = cells.map((_, i) => small[i] === true && !known[i]);
  /** Cells in the order they were withheld (newest last). */
  const hiddenOrder: number[] = [];
  hidden.forEach((h, i) => {
    if (h) hiddenOrder.push(i);
  });

  const eqsOf: number[][] = Array.from({ length: n }, () => []);
  eqs.forEach((e, k) => {
    for (const i of e.members) eqsOf[i]?.push(k);
  });

  /** The withheld members of each equation, kept current as cells are withheld and given back. */
  const hiddenIn: number[][] = eqs.map((e) => e.members.filter((i) => hidden[i]));
  const hiddenCount = (k: number) => (hiddenIn[k] as number[]).length;
  const setHidden = (i: number, h: boolean) => {
    if (hidden[i] === h) return;
    hidden[i] = h;
    for (const k of eqsOf[i] as number[]) {
      const list = hiddenIn[k] as number[];
      if (h) list.push(i);
      else list.splice(list.indexOf(i), 1);
    }
  };
  /** What a reader knows of a withheld cell: its marker's range within the public bounds. */
  const range = (i: number): [number, number] =>
    small[i]
      ? [lo[i] as number, Math.min(SMALL_CELL - 1, hi[i] as number)]
      : [Math.max(SMALL_CELL, lo[i] as number), hi[i] as number];

  /** Withholds the cheapest shown member of one of `ks`; false when none is left to withhold. */
  function hideComplement(ks: number[]): boolean {
    let best = -1;
    let bestScore: number[] = [];
    for (const k of ks) {
      const e = eqs[k] as Eq;
      for (const [j, i] of e.members.entries()) {
        if (hidden[i] || known[i]) continue;
        // Cost: equations it would leave with a single withheld member (+1) or would close (−1).
        let cost = 0;
        for (const f of eqsOf[i] as number[]) {
          if (ks.includes(f)) continue;
          const h = hiddenCount(f);
          cost += h === 0 ? 1 : h === 1 ? -1 : 0;
        }
        const v = value[i] as number;
        // Then: keep totals (the minus side) shown, prefer a roomy cell, an undisplayed one, a small one.
        const score = [
          cells[i]?.keep ? 1 : 0,
          cost,
          (e.signs[j] as number) < 0 ? 1 : 0,
          v >= ROOMY ? 0 : 1,
          cells[i]?.implicit ? 0 : 1,
          v,
        ];
        if (best < 0 || lexLess(score, bestScore)) {
          best = i;
          bestScore = score;
        }
      }
    }
    if (best < 0) return false;
    setHidden(best, true);
    hiddenOrder.push(best);
    return true;
  }

  /**
   * Rule 1 for one equation: true when it pins a small member to a single value, or (unless
   * `onlySmall`) when it has exactly one withheld member of any kind.
   */
  function pinnedInEquation(k: number, onlySmall = false): boolean {
    const e = eqs[k] as Eq;
    let constant = 0;
    const withheld: { i: number; sign: number }[] = [];
    e.members.forEach((i, j) => {
      const sign = e.signs[j] as number;
      if (hidden[i]) withheld.push({ i, sign });
      else constant += sign * (value[i] as number);
    });
    if (!withheld.length) return false;
    if (withheld.length === 1) return !onlySmall || small[(withheld[0] as { i: number }).i] === true;
    // Σ sign·x over withheld = −constant. Bound each small member by the others' ranges.
    let minSum = 0;
    let maxSum = 0;
    const terms = withheld.map(({ i, sign }) => {
      const [a, b] = range(i);
      const t = sign > 0 ? [a, b] : [-b, -a];
      minSum += t[0] as number;
      maxSum += t[1] as number;
      return t as [number, number];
    });
    return withheld.some(({ i, sign }, j) => {
      if (!small[i]) return false;
      const t = terms[j] as [number, number];
      // sign·x_i = −constant − Σ others
      const otherMin = minSum - t[0];
      const otherMax = maxSum - t[1];
      let a = -constant - otherMax;
      let b = -constant - otherMin;
      if (sign < 0) [a, b] = [-b, -a];
      const [ra, rb] = range(i);
      return Math.min(b, rb) - Math.max(a, ra) < 1;
    });
  }

  /**
   * Rule 1 across equations: interval propagation over the withheld cells, as a reader would
   * chain equations ("this region's count is at most 4, so that clinic's is at least 19…").
   * Returns the small cells it pins to one value. Sound: the true value always stays inside.
   */
  function pinnedByPropagation(): number[] {
    const lower = new Float64Array(n);
    const upper = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (hidden[i]) {
        const [a, b] = range(i);
        lower[i] = a;
        upper[i] = Math.min(b, UNBOUNDED);
      } else {
        lower[i] = value[i] as number;
        upper[i] = value[i] as number;
      }
    }
    // Worklist: an equation is looked at again only when one of its members' range changed.
    const queued = new Uint8Array(eqs.length);
    const queue: number[] = [];
    for (let k = 0; k < eqs.length; k++) {
      if ((eqs[k] as Eq).members.some((i) => hidden[i])) {
        queued[k] = 1;
        queue.push(k);
      }
    }
    // Ranges only ever narrow, but an unbounded cell can narrow by small steps for a long time:
    // cap the work (stopping early keeps the ranges sound, just less tight).
    let budget = 60 * queue.length + 1000;
    while (queue.length && budget-- > 0) {
      const k = queue.pop() as number;
      queued[k] = 0;
      const e = eqs[k] as Eq;
      let min = 0;
      let max = 0;
      for (let j = 0; j < e.members.length; j++) {
        const i = e.members[j] as number;
        if ((e.signs[j] as number) > 0) {
          min += lower[i] as number;
          max += upper[i] as number;
        } else {
          min -= upper[i] as number;
          max -= lower[i] as number;
        }
      }
      for (let j = 0; j < e.members.length; j++) {
        const i = e.members[j] as number;
        if (!hidden[i]) continue;
        const sign = e.signs[j] as number;
        const tMin = sign > 0 ? (lower[i] as number) : -(upper[i] as number);
        const tMax = sign > 0 ? (upper[i] as number) : -(lower[i] as number);
        let a = -(max - tMax);
        let b = -(min - tMin);
        if (sign < 0) [a, b] = [-b, -a];
        const na = Math.max(lower[i] as number, Math.ceil(a));
        const nb = Math.min(upper[i] as number, Math.floor(b));
        if (na !== lower[i] || nb !== upper[i]) {
          lower[i] = na;
          upper[i] = nb;
          for (const f of eqsOf[i] as number[]) {
            if (!queued[f]) {
              queued[f] = 1;
              queue.push(f);
            }
          }
        }
      }
    }
    const out: number[] = [];
    for (let i = 0; i < n; i++)
      if (hidden[i] && small[i] && (upper[i] as number) - (lower[i] as number) < 1) out.push(i);
    return out;
  }

  /** Rule 1 within equations, to a fixed point: only equations touched by a new withheld cell are re-read. */
  function ruleOneFixpoint(start: number[]) {
    const queued = new Uint8Array(eqs.length);
    const queue = [...start];
    for (const k of queue) queued[k] = 1;
    while (queue.length) {
      const k = queue.pop() as number;
      queued[k] = 0;
      if (!pinnedInEquation(k)) continue;
      const before = hiddenOrder.length;
      if (!hideComplement([k])) continue;
      for (const i of hiddenOrder.slice(before)) {
        for (const f of eqsOf[i] as number[]) {
          if (!queued[f]) {
            queued[f] = 1;
            queue.push(f);
          }
        }
      }
      if (!queued[k]) {
        queued[k] = 1;
        queue.push(k);
      }
    }
  }

  const work = { left: opts.searchWork ?? SEARCH_WORK };

  /** The withheld cells linked to `start` through equations that hold a withheld cell. */
  function groupOf(start: number) {
    const seenEq = new Set<number>();
    const seenCell = new Set<number>(hidden[start] ? [start] : []);
    const queue = [start];
    while (queue.length) {
      const i = queue.pop() as number;
      for (const k of eqsOf[i] as number[]) {
        if (seenEq.has(k) || !hiddenCount(k)) continue;
        seenEq.add(k);
        for (const m of hiddenIn[k] as number[]) {
          if (seenCell.has(m)) continue;
          seenCell.add(m);
          queue.push(m);
        }
      }
    }
    return { cells: seenCell, eqs: seenEq, withheld: seenCell.size };
  }

  /**
   * Rule 3: interval reasoning and linear algebra are not complete, so a group of withheld cells
   * is also searched exhaustively. Returns the small cells a reader can pin, or null when the
   * group is too large to search within the budget.
   */
  function pinnedInGroup(group: ReturnType<typeof groupOf>): number[] | null {
    const smalls = [...group.cells].filter((i) => small[i]);
    if (!smalls.length) return [];
    if (group.withheld > SEARCH_GROUP) return null;
    const marks = new Map<string, Mark>();
    const subset = [...group.cells].map((i) => {
      const c = cells[i] as CellInput;
      marks.set(c.id, small[i] ? "small" : "hidden");
      return { ...c, lo: lo[i], hi: hi[i] === Number.POSITIVE_INFINITY ? undefined : hi[i] };
    });
    const equations = [...group.eqs].map((k) => {
      const e = eqs[k] as Eq;
      const eq = { plus: [] as string[], minus: [] as string[], constant: 0 };
      e.members.forEach((i, j) => {
        const sign = e.signs[j] as number;
        if (hidden[i]) (sign > 0 ? eq.plus : eq.minus).push((cells[i] as CellInput).id);
        else eq.constant += sign * (value[i] as number);
      });
      return eq;
    });
    try {
      const feasible = feasibleSmallValues(subset, equations, marks, {
        budget: SEARCH_BUDGET,
        alternativeOnly: true,
        work,
      });
      return smalls.filter((i) => (feasible.get((cells[i] as CellInput).id)?.length ?? 2) < 2);
    } catch (e) {
      if (e instanceof SearchBudgetExceeded) return null;
      throw e;
    }
  }

  let changed = true;
  let touched = eqs.map((_, k) => k);
  while (changed) {
    changed = false;
    const mark = hiddenOrder.length;
    ruleOneFixpoint(touched);
    // Rule 1 across equations.
    for (const i of pinnedByPropagation()) if (hideComplement(eqsOf[i] as number[])) changed = true;
    if (!changed) {
      // Rule 2: exact linear audit.
      for (const i of determinedCells(eqs, hidden)) {
        if (small[i] && hideComplement(eqsOf[i] as number[])) changed = true;
      }
    }
    if (!changed) {
      // Rule 3: exhaustive search per group of withheld cells (groups small enough to search).
      const done = new Set<number>();
      for (const i of hiddenOrder) {
        if (done.has(i) || !hidden[i] || !small[i]) continue;
        const group = groupOf(i);
        for (const c of group.cells) if (hidden[c]) done.add(c);
        // A group too large to search keeps what rules 1 and 2 gave it (ADR 0007, limits).
        for (const p of pinnedInGroup(group) ?? []) {
          if (hideComplement(eqsOf[p] as number[]) || hideComplement([...group.eqs])) changed = true;
        }
      }
    }
    touched = [...new Set(hiddenOrder.slice(mark).flatMap((i) => eqsOf[i] as number[]))];
  }

  // The greedy choices above can withhold more than needed. Give back what can be shown again
  // without any small cell becoming pinned: headline figures first, then the largest cells.
  // Giving a cell back changes only the equations it is in, so only the "<5" cells linked to it
  // through withheld cells can be affected.
  const safeToShow = (start: number) => (pinnedInGroup(groupOf(start)) ?? [-1]).length === 0;
  const withheld = cells
    .map((c, i) => ({ i, keep: c.keep ? 1 : 0, v: c.value }))
    .filter(({ i }) => hidden[i] && !small[i])
    .sort((a, b) => b.keep - a.keep || b.v - a.v)
    .slice(0, opts.giveBackLimit ?? 100);
  for (const { i } of withheld) {
    setHidden(i, false);
    if (!safeToShow(i)) setHidden(i, true);
  }

  const marks = new Map<string, Mark>();
  const publicCells = new Set(cells.filter((_, i) => known[i]).map((c) => c.id));
  let complementary = 0;
  cells.forEach((c, i) => {
    if (small[i]) marks.set(c.id, "small");
    else if (hidden[i]) {
      marks.set(c.id, "hidden");
      complementary++;
    } else marks.set(c.id, "shown");
  });
  return { marks, known: publicCells, complementary };
}

function lexLess(a: number[], b: number[]): boolean {
  for (let j = 0; j < a.length; j++) {
    if ((a[j] as number) !== (b[j] as number)) return (a[j] as number) < (b[j] as number);
  }
  return false;
}

const EPS = 1e-9;

/**
 * Withheld cells whose value follows from the equations alone (whatever the bounds): the unit
 * vector of the cell lies in the row space of the equations restricted to withheld cells, i.e.
 * its pivot row in the reduced row echelon form has no other entry. Sparse elimination.
 */
export function determinedCells(eqs: { members: number[]; signs: number[] }[], hidden: boolean[]): number[] {
  const rows: Map<number, number>[] = [];
  const pivotRow = new Map<number, number>(); // column → row index
  const rowsWith = new Map<number, Set<number>>(); // column → rows holding it
  const touch = (col: number, row: number, present: boolean) => {
    let s = rowsWith.get(col);
    if (!s) {
      s = new Set();
      rowsWith.set(col, s);
    }
    if (present) s.add(row);
    else s.delete(row);
  };
  /** target -= f · source, keeping the column index current. */
  const subtract = (
    targetIdx: number,
    target: Map<number, number>,
    f: number,
    source: Map<number, number>,
  ) => {
    for (const [col, coef] of source) {
      const v = (target.get(col) ?? 0) - f * coef;
      if (Math.abs(v) < EPS) {
        target.delete(col);
        if (targetIdx >= 0) touch(col, targetIdx, false);
      } else {
        target.set(col, v);
        if (targetIdx >= 0) touch(col, targetIdx, true);
      }
    }
  };

  for (const e of eqs) {
    const row = new Map<number, number>();
    e.members.forEach((i, j) => {
      if (hidden[i]) row.set(i, (row.get(i) ?? 0) + (e.signs[j] as number));
    });
    for (const [col, coef] of [...row]) if (coef === 0) row.delete(col);
    if (!row.size) continue;
    for (const col of [...row.keys()]) {
      const p = pivotRow.get(col);
      const f = row.get(col);
      if (p !== undefined && f !== undefined) subtract(-1, row, f, rows[p] as Map<number, number>);
    }
    if (!row.size) continue;
    const [pivot, coef] = row.entries().next().value as [number, number];
    for (const [col, v] of row) row.set(col, v / coef);
    const idx = rows.length;
    rows.push(row);
    for (const col of row.keys()) touch(col, idx, true);
    for (const other of [...(rowsWith.get(pivot) ?? [])]) {
      if (other === idx) continue;
      const target = rows[other] as Map<number, number>;
      const f = target.get(pivot);
      if (f !== undefined) subtract(other, target, f, row);
    }
    pivotRow.set(pivot, idx);
  }
  const out: number[] = [];
  for (const [col, r] of pivotRow) {
    if ((rows[r] as Map<number, number>).size === 1) out.push(col);
  }
  return out;
}
