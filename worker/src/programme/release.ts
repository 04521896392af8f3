// The programme's release (ADRs 0007, 0013): every count a rep, manager or admin can see, built
// from the running counts only (never from patient rows), with disclosure control applied once
// over the whole programme (counts rounded to 5, 1–4 as "<5", checked against differencing).
// Each role then sees a part of the same release, so nothing one role sees can undo what another
// sees withheld.
import { type LocalDate, localDateOf, type SuppressedCount } from "@steady/shared";
import { sql } from "drizzle-orm";
import { clinics, programmeCounts } from "../db/schema";
import type { Db } from "../env";
import { type CellInput, type Equation, type Mark, roundedCount, SMALL_CELL } from "./cells";
import { disclose } from "./disclosure";
import { regionOfCity } from "./regions";
import { monthIndex } from "./stats";

/** The programme's calendar: months and "yesterday" are China's. */
export const PROGRAMME_TZ = "Asia/Shanghai";
/** Months of trend shown; enrolments before them are one "earlier" figure. */
export const WINDOW_MONTHS = 12;

export const STAGES = ["created", "invited", "doctor_active", "first_patient", "active"] as const;
export type Stage = (typeof STAGES)[number];

export interface ClinicFacts {
  id: string;
  name: string;
  city: string;
  level: string;
  region: string;
  createdAt: number;
  onboardedBy: string | null;
  doctors: number;
  pendingInvites: number;
  agreementSignedOn: string | null;
}

/** The onboarding stage; it is public to the rep, so the release accounts for what it reveals. */
export function stageOf(c: Pick<ClinicFacts, "doctors" | "pendingInvites">, enrolled: number): Stage {
  if (enrolled >= SMALL_CELL) return "active";
  if (enrolled > 0) return "first_patient";
  if (c.doctors > 0) return "doctor_active";
  if (c.pendingInvites > 0) return "invited";
  return "created";
}

const SNAPSHOT = ["n", "act7", "elig", "adh90", "bpa", "bpc"] as const;
type Snapshot = (typeof SNAPSHOT)[number];
/** A snapshot measure and its complement within its base (enrolled, eligible or BP-assessed). */
const PAIRS: [base: string, part: Snapshot, complement: string][] = [
  ["n", "act7", "notAct7"],
  ["n", "elig", "notElig"],
  ["elig", "adh90", "notAdh90"],
  ["n", "bpa", "notBpa"],
  ["bpa", "bpc", "notBpc"],
];
const NODE_MEASURES = ["n", ...PAIRS.flatMap(([, p, c]) => [p, c])];
/**
 * Counts whose zero tells nothing about any patient: how many enrolled (in all, in a month, 90
 * days ago or more) and how many had doses due. A zero of the others would say something about
 * everyone in the group ("none of them is adherent") and is protected like any small count.
 */
const ZERO_SAFE = new Set(["n", "elig", "notElig", "new", "due", "nass"]);

export interface Release {
  programmeId: string;
  /** Current month and the window of trend months (month indexes, oldest first). */
  months: number[];
  dataThrough: LocalDate;
  clinics: (ClinicFacts & { stage: Stage })[];
  regions: string[];
  count(id: string): SuppressedCount;
  /** The published number of a cell (rounded, or an exact harmless zero); null for "<5" or withheld. */
  value(id: string): number | null;
  /** Published numerator ÷ published denominator (so it tells nothing the counts do not); null below 5. */
  share(num: string, den: string): number | null;
  /** Share of a node's patients with a dose due in month m who were adherent (null: withheld). */
  monthlyAdherence(node: string, month: number): number | null;
  /** Share of the patients enrolled in month e who logged in month m (null: withheld). */
  retention(enrol: number, month: number): number | null;
  complementary: number;
  cells: number;
  /** The cells (true values) and equations suppression ran on: for tests and audits only. */
  internals: { cells: CellInput[]; equations: Equation[]; marks: Map<string, Mark> };
}

export const id = {
  node: (node: string, m: string) => `${node}|${m}`,
  clinic: (clinicId: string) => `c:${clinicId}`,
  region: (region: string) => `r:${region}`,
  programme: "P",
  month: (node: string, m: string, month: number | "earlier") => `${node}|${m}|${month}`,
  /** The programme's cumulative enrolment at the end of a month. */
  cumulative: (month: number) => `P|cum|${month}`,
};

export interface CountRow {
  clinicId: string;
  enrolMonth: number;
  measure: string;
  month: number;
  n: number;
}

export async function loadCounts(db: Db, programmeId: string): Promise<CountRow[]> {
  return unpackCounts(await loadPackedCounts(db, programmeId));
}

export interface PackedCounts {
  clinicId: string;
  measure: string;
  packed: string;
}

/**
 * One row per clinic and measure with its cells packed as "enrol,month,n;…": the database groups,
 * and far fewer rows cross the driver (which costs more per row than the grouping). The packed
 * text also fingerprints the counts for the release cache.
 */
export async function loadPackedCounts(db: Db, programmeId: string): Promise<PackedCounts[]> {
  return db.all<PackedCounts>(sql`
    SELECT clinic_id AS clinicId, measure, group_concat(enrol_month || ',' || month || ',' || n, ';') AS packed
    FROM ${programmeCounts}
    WHERE programme_id = ${programmeId} AND n != 0
    GROUP BY clinic_id, measure
    ORDER BY clinic_id, measure`);
}

export function unpackCounts(rows: PackedCounts[]): CountRow[] {
  const out: CountRow[] = [];
  for (const r of rows) {
    for (const cell of r.packed.split(";")) {
      const [e, m, n] = cell.split(",");
      out.push({
        clinicId: r.clinicId,
        measure: r.measure,
        enrolMonth: Number(e),
        month: Number(m),
        n: Number(n),
      });
    }
  }
  return out;
}

/**
 * The last release of each programme, with what it was built from. A release is a pure function
 * of the counts, the clinics' facts and the day, so while none of them changes every dashboard
 * and export read (a manager's, each rep's) reuses it instead of building and checking it again.
 */
const releases = new Map<string, { key: string; release: Release }>();

export function cachedRelease(input: {
  programmeId: string;
  now: number;
  clinics: ClinicFacts[];
  packed: PackedCounts[];
}): Release {
  // The key holds everything the release is built from, so a hit is always right; a different
  // order of the same cells (group_concat does not promise one) only costs a rebuild.
  const counts = input.packed.map((r) => `${r.clinicId}|${r.measure}|${r.packed}`);
  const key = `${localDateOf(input.now, PROGRAMME_TZ)}\n${JSON.stringify(input.clinics)}\n${counts.join("\n")}`;
  const hit = releases.get(input.programmeId);
  if (hit && hit.key === key) return hit.release;
  const release = buildRelease({
    programmeId: input.programmeId,
    now: input.now,
    clinics: input.clinics,
    counts: unpackCounts(input.packed),
  });
  releases.set(input.programmeId, { key, release });
  return release;
}

/** Builds cells and equations from the counts and suppresses them. Pure: tests feed it directly. */
export function buildRelease(input: {
  programmeId: string;
  now: number;
  clinics: ClinicFacts[];
  counts: CountRow[];
}): Release {
  const { now, counts } = input;
  const today = localDateOf(now, PROGRAMME_TZ);
  const current = monthIndex(today);
  const months = Array.from({ length: WINDOW_MONTHS }, (_, k) => current - WINDOW_MONTHS + 1 + k);
  const first = months[0] as number;
  // Sums from the running counts, in flat arrays: a slot per node (each clinic, each region, the
  // programme) and measure or month, so reading ~100,000 counts allocates nothing per count.
  const C = input.clinics.length;
  const regionList = [...new Set(input.clinics.map((c) => c.region))].sort();
  const nodeIdx = new Map<string, number>();
  input.clinics.forEach((c, i) => {
    nodeIdx.set(c.id, i);
  });
  regionList.forEach((g, j) => {
    nodeIdx.set(`r:${g}`, C + j);
  });
  const P = C + regionList.length;
  nodeIdx.set("*", P);
  const regionIdx = Int32Array.from(input.clinics, (c) => C + regionList.indexOf(c.region));
  const S = SNAPSHOT.length;
  const measureIdx = new Map<string, number>(SNAPSHOT.map((m, i) => [m, i]));
  const W = WINDOW_MONTHS + 1; // slot 0: enrolled before the window
  const snapA = new Float64Array((P + 1) * S);
  const newA = new Float64Array((P + 1) * W);
  const dueA = new Float64Array((P + 1) * WINDOW_MONTHS);
  const adhA = new Float64Array((P + 1) * WINDOW_MONTHS);
  const actA = new Float64Array(WINDOW_MONTHS * WINDOW_MONTHS);
  const bump = (a: Float64Array, i: number, n: number) => {
    a[i] = (a[i] as number) + n;
  };
  for (const r of counts) {
    const n = r.n;
    if (r.clinicId === "") {
      if (r.measure === "act" && r.enrolMonth >= first && r.month >= r.enrolMonth && r.month <= current)
        bump(actA, (r.enrolMonth - first) * WINDOW_MONTHS + (r.month - first), n);
      continue;
    }
    const ci = nodeIdx.get(r.clinicId);
    if (ci === undefined || ci >= C) continue;
    const mi = measureIdx.get(r.measure);
    if (mi !== undefined) {
      bump(snapA, ci * S + mi, n);
      bump(snapA, (regionIdx[ci] as number) * S + mi, n);
      bump(snapA, P * S + mi, n);
      if (mi === 0) {
        const e = Math.min(r.enrolMonth, current);
        const slot = e < first ? 0 : e - first + 1;
        bump(newA, ci * W + slot, n);
        bump(newA, P * W + slot, n);
      }
    } else if ((r.measure === "due" || r.measure === "adh") && r.month >= first && r.month <= current) {
      const a = r.measure === "due" ? dueA : adhA;
      bump(a, ci * WINDOW_MONTHS + (r.month - first), n);
      bump(a, P * WINDOW_MONTHS + (r.month - first), n);
    }
  }
  /** Node keys: a clinic id, "r:<region>" or "*" (the programme). */
  const at = (key: string) => nodeIdx.get(key) as number;
  const snapOf = (key: string, m: string) => snapA[at(key) * S + (measureIdx.get(m) as number)] as number;
  const newOf = (key: string, month: number | "earlier") =>
    newA[at(key) * W + (month === "earlier" ? 0 : month - first + 1)] as number;
  const monthlyOf = (key: string, measure: "due" | "adh", m: number) =>
    (measure === "due" ? dueA : adhA)[at(key) * WINDOW_MONTHS + (m - first)] as number;
  const actOf = (e: number, m: number) => actA[(e - first) * WINDOW_MONTHS + (m - first)] as number;

  const cells = new Map<string, CellInput>();
  const eqs: Equation[] = [];
  const cellsOf = new Map<string, string[]>(); // node → its cell ids
  const cell = (cid: string, value: number, opts: Omit<CellInput, "id" | "value"> = {}) => {
    cells.set(cid, { id: cid, value, ...opts });
    const node = cid.slice(0, cid.indexOf("|"));
    const list = cellsOf.get(node);
    if (list) list.push(cid);
    else cellsOf.set(node, [cid]);
  };
  const total = (t: string, parts: string[]) => eqs.push({ plus: parts, minus: [t] });

  const regions = regionList;
  /** Snapshot values of a clinic id, "r:<region>" or "*" (the programme), summed as counts were read. */
  const nodeValues = (key: string) => {
    const v: Record<string, number> = {};
    for (const m of SNAPSHOT) v[m] = snapOf(key, m);
    for (const [base, part, comp] of PAIRS) v[comp] = (v[base] as number) - (v[part] as number);
    return v;
  };
  const addNode = (node: string, v: Record<string, number>) => {
    for (const m of NODE_MEASURES) {
      cell(id.node(node, m), v[m] as number, {
        implicit: m.startsWith("not"),
        zeroSafe: ZERO_SAFE.has(m),
        // What the dashboards are for, per clinic and region: enrolled and 3-month adherence (the
        // disclosure check withholds them only if nothing else helps); the programme's own
        // figures are the headline.
        keep: m === "n" || m === "elig" || m === "adh90",
        headline: !m.startsWith("not") && node === id.programme,
      });
    }
    for (const [base, part, comp] of PAIRS) {
      total(id.node(node, base), [id.node(node, part), id.node(node, comp)]);
    }
  };
  const clinicNodes = input.clinics.map((c) => id.clinic(c.id));
  input.clinics.forEach((c) => {
    addNode(id.clinic(c.id), nodeValues(c.id));
  });
  for (const r of regions) {
    const members = input.clinics.filter((c) => c.region === r);
    addNode(id.region(r), nodeValues(`r:${r}`));
    for (const m of NODE_MEASURES) {
      total(
        id.node(id.region(r), m),
        members.map((c) => id.node(id.clinic(c.id), m)),
      );
    }
  }
  addNode(id.programme, nodeValues("*"));
  for (const m of NODE_MEASURES) {
    total(
      id.node(id.programme, m),
      regions.map((r) => id.node(id.region(r), m)),
    );
  }

  // New enrolments by month per clinic and for the programme (with "earlier"): counts in the
  // linked release, since they add up to the enrolled totals and to the programme's month.
  const monthNodes: [string, string][] = [
    ...input.clinics.map((c) => [id.clinic(c.id), c.id] as [string, string]),
    [id.programme, "*"],
  ];
  for (const [node, key] of monthNodes) {
    const newIds = [id.month(node, "new", "earlier"), ...months.map((m) => id.month(node, "new", m))];
    // The programme's enrolment by month is the headline against the target.
    const headline = node === id.programme;
    cell(newIds[0] as string, newOf(key, "earlier"), { zeroSafe: true, headline });
    for (const m of months) cell(id.month(node, "new", m), newOf(key, m), { zeroSafe: true, headline });
    total(id.node(node, "n"), newIds);
  }
  // The programme's cumulative enrolment, each month rounded on its own (not a sum of rounded
  // months, which would drift): cumulative(m) = cumulative(m − 1) + new(m), the last = enrolled.
  let running = newOf("*", "earlier");
  let before = id.month(id.programme, "new", "earlier");
  for (const m of months) {
    running += newOf("*", m);
    cell(id.cumulative(m), running, { zeroSafe: true, headline: true });
    total(id.cumulative(m), [before, id.month(id.programme, "new", m)]);
    before = id.cumulative(m);
  }
  eqs.push({ plus: [before], minus: [id.node(id.programme, "n")] });
  for (const m of ["earlier", ...months] as const) {
    total(
      id.month(id.programme, "new", m),
      clinicNodes.map((n) => id.month(n, "new", m)),
    );
  }

  // Monthly adherence and cohort retention are published only as shares, never as counts: the
  // share of the two counts rounded to 5, so it tells no more than those rounded counts would (a
  // share of exact counts would pin them, and a day-to-day change of them), and only when the
  // part itself is 5 or more (a "<5" part has no rounded value). These counts are in no equation.
  const pairShare = (part: number, whole: number) =>
    part >= SMALL_CELL ? Math.round((roundedCount(part) / roundedCount(whole)) * 100) / 100 : null;
  const monthlyShares = new Map<string, number | null>();
  for (const [node, key] of monthNodes) {
    for (const m of months) {
      const due = monthlyOf(key, "due", m);
      const adh = monthlyOf(key, "adh", m);
      monthlyShares.set(`${node}|${m}`, pairShare(adh, due));
    }
  }
  const retention = new Map<string, number>(); // E|M → active, shared only next to a shown size
  for (const e of months) {
    for (const m of months.filter((x) => x >= e)) retention.set(`${e}|${m}`, actOf(e, m));
  }

  // What a reader knows besides the release: the stage (none, 1–4 or 5+ patients), and that a
  // clinic had nothing before it joined.
  const withStage = input.clinics.map((c) => {
    const enrolled = snapOf(c.id, "n");
    const stage = stageOf(c, enrolled);
    const node = id.clinic(c.id);
    if (enrolled === 0) {
      for (const k of cellsOf.get(node) ?? []) pin(cells, k);
    } else {
      const n = cells.get(id.node(node, "n")) as CellInput;
      n.lo = stage === "active" ? SMALL_CELL : 1;
      const joined = monthIndex(localDateOf(c.createdAt, PROGRAMME_TZ));
      for (const m of months.filter((x) => x < joined)) {
        pin(cells, id.month(node, "new", m));
      }
      if (joined > first) pin(cells, id.month(node, "new", "earlier"));
    }
    return { ...c, stage };
  });

  const list = [...cells.values()];
  const { marks, complementary } = disclose(list, eqs);
  const trueValue = (k: string) => cells.get(k)?.value ?? 0;
  const markOf = (k: string): Mark => marks.get(k) ?? "hidden";
  const count = (k: string): SuppressedCount => {
    const mark = markOf(k);
    if (mark === "shown") return trueValue(k);
    if (mark === "rounded") return roundedCount(trueValue(k));
    return mark === "small" ? "<5" : "hidden";
  };
  const value = (k: string) => {
    const v = count(k);
    return typeof v === "number" ? v : null;
  };
  return {
    programmeId: input.programmeId,
    months,
    dataThrough: localDateOf(now - 24 * 3600_000, PROGRAMME_TZ),
    clinics: withStage,
    regions,
    count,
    value,
    share: (num, den) => {
      const a = value(num);
      const b = value(den);
      return a == null || b == null || b < SMALL_CELL ? null : a / b;
    },
    monthlyAdherence: (node, m) => monthlyShares.get(`${node}|${m}`) ?? null,
    retention: (e, m) => {
      const size = trueValue(id.month(id.programme, "new", e));
      return value(id.month(id.programme, "new", e)) == null
        ? null
        : pairShare(retention.get(`${e}|${m}`) ?? 0, size);
    },
    complementary,
    cells: list.length,
    internals: { cells: list, equations: eqs, marks },
  };
}

/** Marks a cell as publicly known to be zero, when it is (never claims what is not true). */
function pin(cells: Map<string, CellInput>, k: string) {
  const c = cells.get(k);
  if (c && c.value === 0) {
    c.lo = 0;
    c.hi = 0;
  }
}

/** The clinics of a programme with what their stage needs (no patient data). */
export async function loadClinicFacts(db: Db, programmeId: string, now: number): Promise<ClinicFacts[]> {
  const rows = await db.all<{
    id: string;
    name: string;
    city: string;
    level: string;
    region: string | null;
    createdAt: number;
    onboardedBy: string | null;
    doctors: number;
    pendingInvites: number;
    agreementSignedOn: string | null;
  }>(sql`
    SELECT c.id AS id, c.name AS name, c.city AS city, c.level AS level, p.region AS region,
      c.created_at AS createdAt, c.onboarded_by AS onboardedBy,
      (SELECT count(*) FROM clinic_members m WHERE m.clinic_id = c.id AND m.role = 'doctor') AS doctors,
      (SELECT count(*) FROM clinic_invites i WHERE i.clinic_id = c.id AND i.accepted_at IS NULL
         AND i.revoked_at IS NULL AND i.expires_at > ${now}) AS pendingInvites,
      (SELECT max(a.signed_on) FROM clinic_agreements a WHERE a.clinic_id = c.id) AS agreementSignedOn
    FROM ${clinics} c LEFT JOIN clinic_profiles p ON p.clinic_id = c.id
    WHERE c.programme_id = ${programmeId}
    ORDER BY c.created_at, c.id`);
  return rows.map((r) => ({
    ...r,
    region: r.region ?? regionOfCity(r.city),
    doctors: Number(r.doctors),
    pendingInvites: Number(r.pendingInvites),
  }));
}
