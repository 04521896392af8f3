// What each role sees of the release: a rep the rows of the clinics they onboarded, a manager or
// admin the whole programme. Every number is a cell of the release (already suppressed) or a sum
// or share of shown cells; nothing is computed from patients here.
import type { Locale, ProgrammeTargets, SuppressedCount } from "@steady/shared";
import { localDateOf, smallShareCeiling } from "@steady/shared";
import { csvText } from "../care/csv";
import { ROUNDING_BASE, SMALL_CELL } from "./cells";
import { id, PROGRAMME_TZ, type Release, type Stage } from "./release";
import { monthIndex, monthLabel } from "./stats";

export interface TrendPoint {
  month: string;
  /** New enrolments in the month. */
  enrolled: SuppressedCount;
  /**
   * Of the patients with a dose due in the month (up to yesterday), the share adherent (days
   * covered ≥ 80 %), to whole percent; null unless both groups count at least 5.
   */
  adherence: number | null;
}

export interface ClinicRow {
  clinicId: string;
  name: string;
  city: string;
  level: string;
  region: string;
  stage: Stage;
  agreementSignedOn: string | null;
  enrolled: SuppressedCount;
  active7d: SuppressedCount;
  /** Enrolled ≥ 90 days: the 3-month adherence base. */
  eligible90d: SuppressedCount;
  /** Of those, adherent over their first 90 days. */
  adherent90d: SuppressedCount;
  adherence90d: number | null;
  trend: TrendPoint[];
  dataThrough: string;
}

export interface OutcomeCells {
  enrolled: SuppressedCount;
  active7d: SuppressedCount;
  eligible90d: SuppressedCount;
  adherent90d: SuppressedCount;
  adherence90d: number | null;
  bpAssessed7d: SuppressedCount;
  bpControlled7d: SuppressedCount;
  bpControlRate: number | null;
}

function outcomes(r: Release, node: string): OutcomeCells {
  const k = (m: string) => id.node(node, m);
  return {
    enrolled: r.count(k("n")),
    active7d: r.count(k("act7")),
    eligible90d: r.count(k("elig")),
    adherent90d: r.count(k("adh90")),
    adherence90d: r.share(k("adh90"), k("elig")),
    bpAssessed7d: r.count(k("bpa")),
    bpControlled7d: r.count(k("bpc")),
    bpControlRate: r.share(k("bpc"), k("bpa")),
  };
}

function trend(r: Release, node: string, from?: number): TrendPoint[] {
  return r.months
    .filter((m) => from === undefined || m >= from)
    .map((m) => ({
      month: monthLabel(m),
      enrolled: r.count(id.month(node, "new", m)),
      adherence: r.monthlyAdherence(node, m),
    }));
}

/** Per-clinic rows; a rep passes their user id and sees only the clinics they onboarded. */
export function clinicRows(r: Release, onlyOnboardedBy?: string): ClinicRow[] {
  return r.clinics
    .filter((c) => onlyOnboardedBy === undefined || c.onboardedBy === onlyOnboardedBy)
    .map((c) => {
      const node = id.clinic(c.id);
      const o = outcomes(r, node);
      const joined = monthIndex(localDateOf(c.createdAt, PROGRAMME_TZ));
      return {
        clinicId: c.id,
        name: c.name,
        city: c.city,
        level: c.level,
        region: c.region,
        stage: c.stage,
        agreementSignedOn: c.agreementSignedOn,
        enrolled: o.enrolled,
        active7d: o.active7d,
        eligible90d: o.eligible90d,
        adherent90d: o.adherent90d,
        adherence90d: o.adherence90d,
        trend: trend(r, node, joined),
        dataThrough: r.dataThrough,
      };
    });
}

export interface ProgrammeReport {
  programme: { id: string; name: string; targets: ProgrammeTargets };
  dataThrough: string;
  /** Patients whose figures are waiting for their daily refresh (counted as of their last one). */
  pending: number;
  totals: OutcomeCells;
  enrolment: { month: string; enrolled: SuppressedCount; cumulative: number | null }[];
  enrolledBefore: SuppressedCount;
  monthly: TrendPoint[];
  regions: ({ region: string; clinics: number } & OutcomeCells)[];
  clinics: (Omit<ClinicRow, "trend"> & OutcomeCells)[];
  cohorts: {
    month: string;
    size: SuppressedCount;
    retained: { offset: number; share: number | null }[];
  }[];
  /**
   * How the figures were protected (ADR 0013): counts of `smallBelow` or more are rounded to a
   * multiple of `rounding`, smaller ones show as "<5"; `complementary` cells were withheld.
   */
  suppression: { cells: number; complementary: number; rounding: number; smallBelow: number };
}

export function programmeReport(
  r: Release,
  programme: { id: string; name: string; targets: ProgrammeTargets },
  pending: number,
): ProgrammeReport {
  const P = id.programme;
  const earlier = id.month(P, "new", "earlier");
  const newIds = r.months.map((m) => id.month(P, "new", m));
  return {
    programme,
    dataThrough: r.dataThrough,
    pending,
    totals: outcomes(r, P),
    enrolledBefore: r.count(earlier),
    enrolment: r.months.map((m, k) => ({
      month: monthLabel(m),
      enrolled: r.count(newIds[k] as string),
      // Rounded on its own (a published cell), so it ends at the published total.
      cumulative: r.value(id.cumulative(m)),
    })),
    monthly: trend(r, P),
    regions: r.regions.map((region) => ({
      region,
      clinics: r.clinics.filter((c) => c.region === region).length,
      ...outcomes(r, id.region(region)),
    })),
    clinics: clinicRows(r).map(({ trend: _t, ...row }) => ({
      ...row,
      ...outcomes(r, id.clinic(row.clinicId)),
    })),
    cohorts: r.months.map((e) => ({
      month: monthLabel(e),
      size: r.count(id.month(P, "new", e)),
      retained: r.months.filter((m) => m >= e).map((m) => ({ offset: m - e, share: r.retention(e, m) })),
    })),
    suppression: {
      cells: r.cells,
      complementary: r.complementary,
      rounding: ROUNDING_BASE,
      smallBelow: SMALL_CELL,
    },
  };
}

// --- CSV ------------------------------------------------------------------------------

const cellText = (v: SuppressedCount, locale: Locale) =>
  v === "hidden" ? (locale === "zh-CN" ? "已隐藏" : "hidden") : String(v);
const pct = (x: number | null) => (x == null ? "" : `${Math.round(x * 1000) / 10}%`);
/** A share as the portal shows it: of the rounded counts, or "≤ x%" where the part is "<5". */
const sharePct = (x: number | null, num: SuppressedCount, den: SuppressedCount) => {
  const ceiling = x == null ? smallShareCeiling(num, den) : null;
  return ceiling == null ? pct(x) : `≤${Math.round(ceiling * 100)}%`;
};

const HEAD: Record<Locale, Record<string, string>> = {
  "zh-CN": {
    clinic: "诊所",
    city: "城市",
    level: "级别",
    region: "区域",
    stage: "阶段",
    clinics: "诊所数",
    enrolled: "入组",
    active7d: "近7天活跃",
    eligible90d: "入组满90天",
    adherent90d: "3个月依从",
    adherence90d: "3个月依从率",
    bpAssessed7d: "近7天测血压",
    bpControlled7d: "血压达标",
    bpControlRate: "血压达标率",
    month: "月份",
    cumulative: "累计入组",
    assessed: "当月有服药计划",
    adherent: "当月依从",
    adherence: "当月依从率",
    size: "入组人数",
    offset: "入组后第几月",
    active: "当月有记录",
    share: "留存率",
  },
  en: {
    clinic: "Clinic",
    city: "City",
    level: "Level",
    region: "Region",
    stage: "Stage",
    clinics: "Clinics",
    enrolled: "Enrolled",
    active7d: "Active 7 d",
    eligible90d: "Enrolled ≥ 90 d",
    adherent90d: "Adherent 3 mo",
    adherence90d: "3-month adherence",
    bpAssessed7d: "BP measured 7 d",
    bpControlled7d: "BP controlled",
    bpControlRate: "BP control rate",
    month: "Month",
    cumulative: "Cumulative enrolled",
    assessed: "With doses due",
    adherent: "Adherent in month",
    adherence: "Adherence in month",
    size: "Cohort size",
    offset: "Month after enrolment",
    active: "Logged in month",
    share: "Retention",
  },
};

const NOTE: Record<Locale, string> = {
  "zh-CN":
    "说明：为保护患者隐私，人数四舍五入到5的倍数（5–7人记为5），1–4人显示为“<5”；比例按四舍五入后的人数计算，“≤x%”为人数少于5人时比例的上限；“已隐藏”的数字为防止推算未公布。",
  en: 'Note: to protect patients, counts are rounded to the nearest 5 (5–7 shows as 5) and 1–4 show as "<5"; rates are of the rounded counts, and "≤x%" is the most a rate can be where its count is below 5; "hidden" counts are withheld so that a small one cannot be worked out.',
};

function table(locale: Locale, cols: string[], rows: (string | number)[][]): string {
  const h = HEAD[locale];
  const lines = [cols.map((c) => csvText(h[c] ?? c)).join(",")];
  for (const row of rows)
    lines.push(row.map((v) => (typeof v === "number" ? String(v) : csvText(v))).join(","));
  lines.push(csvText(NOTE[locale]));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const OUTCOME_COLS = [
  "enrolled",
  "active7d",
  "eligible90d",
  "adherent90d",
  "adherence90d",
  "bpAssessed7d",
  "bpControlled7d",
  "bpControlRate",
] as const;

function outcomeValues(o: OutcomeCells, locale: Locale): (string | number)[] {
  return OUTCOME_COLS.map((k) => {
    if (k === "adherence90d") return sharePct(o.adherence90d, o.adherent90d, o.eligible90d);
    if (k === "bpControlRate") return sharePct(o.bpControlRate, o.bpControlled7d, o.bpAssessed7d);
    return cellText(o[k], locale);
  });
}

export function reportCsv(
  report: ProgrammeReport,
  tableName: "clinics" | "regions" | "months" | "cohorts",
  locale: Locale,
): string {
  switch (tableName) {
    case "clinics":
      return table(
        locale,
        ["clinic", "city", "level", "region", "stage", ...OUTCOME_COLS],
        report.clinics.map((c) => [c.name, c.city, c.level, c.region, c.stage, ...outcomeValues(c, locale)]),
      );
    case "regions":
      return table(
        locale,
        ["region", "clinics", ...OUTCOME_COLS],
        report.regions.map((g) => [g.region, g.clinics, ...outcomeValues(g, locale)]),
      );
    case "months":
      return table(
        locale,
        ["month", "enrolled", "cumulative", "adherence"],
        report.enrolment.map((e, k) => [
          e.month,
          cellText(e.enrolled, locale),
          e.cumulative ?? "",
          pct((report.monthly[k] as TrendPoint).adherence),
        ]),
      );
    case "cohorts":
      return table(
        locale,
        ["month", "size", "offset", "share"],
        report.cohorts.flatMap((co) =>
          co.retained.map((x) => [co.month, cellText(co.size, locale), x.offset, pct(x.share)]),
        ),
      );
  }
}

/** A rep's clinics as CSV (no BP columns: the rep dashboard shows what reps need). */
export function clinicRowsCsv(rows: ClinicRow[], locale: Locale): string {
  return table(
    locale,
    [
      "clinic",
      "city",
      "level",
      "region",
      "stage",
      "enrolled",
      "active7d",
      "eligible90d",
      "adherent90d",
      "adherence90d",
    ],
    rows.map((c) => [
      c.name,
      c.city,
      c.level,
      c.region,
      c.stage,
      cellText(c.enrolled, locale),
      cellText(c.active7d, locale),
      cellText(c.eligible90d, locale),
      cellText(c.adherent90d, locale),
      sharePct(c.adherence90d, c.adherent90d, c.eligible90d),
    ]),
  );
}
