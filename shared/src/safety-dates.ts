// Safety-case dates (docs/definitions.md, Safety-reporting dates; ADR 0010). Pure: the API stores what these
// return and never recomputes a date once set.
//
// Working time is counted on the Asia/Shanghai calendar. China has kept UTC+8 without daylight
// saving since 1991, so a fixed offset is exact and needs no zone database.
import type { Instant, LocalDate } from "./types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const SHANGHAI_OFFSET_MS = 8 * HOUR;

export interface WorkCalendar {
  /** Public holidays (days off) on the Asia/Shanghai calendar. */
  holidays: readonly LocalDate[];
  /** Adjusted working weekend days (调休上班), counted as working days when `countAdjustedWorkingDays`. */
  adjustedWorkingDays: readonly LocalDate[];
  countAdjustedWorkingDays: boolean;
}

/**
 * The 2026 public holidays and adjusted working days as announced by the State Council
 * (国务院办公厅关于2026年部分节假日安排的通知). Data, not code: the programme setting replaces
 * it, and each year's list must be added when it is announced.
 */
export const CN_2026_HOLIDAYS: readonly LocalDate[] = [
  "2026-01-01",
  "2026-01-02",
  "2026-01-03", // 元旦
  "2026-02-15",
  "2026-02-16",
  "2026-02-17",
  "2026-02-18",
  "2026-02-19",
  "2026-02-20",
  "2026-02-21",
  "2026-02-22",
  "2026-02-23", // 春节
  "2026-04-04",
  "2026-04-05",
  "2026-04-06", // 清明
  "2026-05-01",
  "2026-05-02",
  "2026-05-03",
  "2026-05-04",
  "2026-05-05", // 劳动节
  "2026-06-19",
  "2026-06-20",
  "2026-06-21", // 端午
  "2026-09-25",
  "2026-09-26",
  "2026-09-27", // 中秋
  "2026-10-01",
  "2026-10-02",
  "2026-10-03",
  "2026-10-04",
  "2026-10-05",
  "2026-10-06",
  "2026-10-07", // 国庆
];
export const CN_2026_ADJUSTED_WORKING_DAYS: readonly LocalDate[] = [
  "2026-01-04",
  "2026-02-14",
  "2026-02-28",
  "2026-05-09",
  "2026-09-20",
  "2026-10-10",
];

export const DEFAULT_WORK_CALENDAR: WorkCalendar = {
  holidays: CN_2026_HOLIDAYS,
  adjustedWorkingDays: CN_2026_ADJUSTED_WORKING_DAYS,
  countAdjustedWorkingDays: true,
};

/** The programme's forwarding rule: working hours to forward, shorter for serious/fatal if set. */
export interface ForwardRule {
  /** Default 24: one working day. */
  hours: number;
  seriousHours?: number;
  fatalHours?: number;
}
export const DEFAULT_FORWARD_RULE: ForwardRule = { hours: 24 };

export const SERIOUSNESS_CRITERIA = [
  "death",
  "life_threatening",
  "hospitalisation",
  "disability",
  "congenital_anomaly",
  "medically_important",
] as const;
export type SeriousnessCriterion = (typeof SERIOUSNESS_CRITERIA)[number];

export const SPECIAL_SITUATIONS = [
  "pregnancy",
  "breastfeeding",
  "overdose",
  "abuse",
  "misuse",
  "medication_error",
  "off_label",
  "occupational_exposure",
  "lack_of_efficacy",
  "interaction",
  "product_quality_complaint",
  "falsified_product",
] as const;
export type SpecialSituation = (typeof SPECIAL_SITUATIONS)[number];

/** The Shanghai calendar day of an instant. */
export function shanghaiDate(at: Instant): LocalDate {
  return new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 in Shanghai of a calendar day (a rep's `awareOn` → `awareAt`). */
export function startOfShanghaiDay(day: LocalDate): Instant {
  return Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
}

export function isWorkingDay(day: LocalDate, cal: WorkCalendar = DEFAULT_WORK_CALENDAR): boolean {
  if (cal.countAdjustedWorkingDays && cal.adjustedWorkingDays.includes(day)) return true;
  if (cal.holidays.includes(day)) return false;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow >= 1 && dow <= 5;
}

/**
 * `start` plus `hours` of working-day time: only the hours that fall on working days count.
 * So 24 working hours from Friday 10:00 end on Monday 10:00, and from Saturday 10:00 at the end
 * of Monday (Tuesday 00:00): a report heard on a day off is due by the end of the next working day.
 */
export function addWorkingHours(
  start: Instant,
  hours: number,
  cal: WorkCalendar = DEFAULT_WORK_CALENDAR,
): Instant {
  let remaining = hours * HOUR;
  let t = start;
  for (let guard = 0; guard < 800; guard++) {
    const local = t + SHANGHAI_OFFSET_MS;
    const dayEndLocal = Math.floor(local / DAY) * DAY + DAY;
    if (isWorkingDay(new Date(local).toISOString().slice(0, 10), cal)) {
      const available = dayEndLocal - local;
      if (remaining <= available) return t + remaining;
      remaining -= available;
    }
    t = dayEndLocal - SHANGHAI_OFFSET_MS;
  }
  throw new Error("work calendar has no working days");
}

export const isSerious = (criteria: readonly string[]) => criteria.length > 0;

/** Steady's deadline to forward to the MAH (timeliness is measured against it). */
export function forwardDueAt(
  awareAt: Instant,
  seriousness: readonly SeriousnessCriterion[],
  rule: ForwardRule = DEFAULT_FORWARD_RULE,
  cal: WorkCalendar = DEFAULT_WORK_CALENDAR,
): Instant {
  let hours = rule.hours;
  if (seriousness.length && rule.seriousHours != null) hours = Math.min(hours, rule.seriousHours);
  if (seriousness.includes("death") && rule.fatalHours != null) hours = Math.min(hours, rule.fatalHours);
  return addWorkingHours(awareAt, hours, cal);
}

/** For information: the MAH's deadline to NMPA — day0 + 15 days serious, + 30 other, a death at once. */
export function regulatoryDueAt(day0: Instant, seriousness: readonly SeriousnessCriterion[]): Instant {
  if (seriousness.includes("death")) return day0;
  return day0 + (seriousness.length ? 15 : 30) * DAY;
}

export const MINIMUM_ELEMENTS = ["patient", "reporter", "suspect_drug", "event"] as const;
export type MinimumElement = (typeof MINIMUM_ELEMENTS)[number];

export interface CaseFacts {
  patient: {
    ref?: string | null;
    initials?: string | null;
    sex?: string | null;
    ageYears?: number | null;
    ageGroup?: string | null;
  };
  reporter: { qualification?: number | null; known: boolean };
  suspectDrugs: readonly { name: string }[];
  events: readonly { verbatim: string }[];
  description?: string | null;
  specialSituations: readonly string[];
}

/**
 * The four minimum elements of a valid ICSR (ICH E2D(R1) §5.1.1; GVP 2021): an identifiable
 * patient, an identifiable reporter, a suspect drug, and an adverse event or special situation.
 */
export function missingElements(f: CaseFacts): MinimumElement[] {
  const missing: MinimumElement[] = [];
  const p = f.patient;
  if (!(p.ref || p.initials || p.sex || p.ageYears != null || p.ageGroup)) missing.push("patient");
  if (!(f.reporter.known || f.reporter.qualification != null)) missing.push("reporter");
  if (!f.suspectDrugs.some((d) => d.name.trim())) missing.push("suspect_drug");
  const anyEvent =
    f.events.some((e) => e.verbatim.trim()) ||
    Boolean(f.description?.trim()) ||
    f.specialSituations.length > 0;
  if (!anyEvent) missing.push("event");
  return missing;
}

/** Seriousness after triage: the reporter's criteria are never removed. */
export function mergeSeriousness(
  reported: readonly SeriousnessCriterion[],
  triaged: readonly SeriousnessCriterion[],
): SeriousnessCriterion[] {
  const all = new Set([...reported, ...triaged]);
  return SERIOUSNESS_CRITERIA.filter((c) => all.has(c));
}

/** The reported criteria a proposed triage would drop (each is a 422). */
export function droppedCriteria(
  reported: readonly SeriousnessCriterion[],
  proposed: readonly SeriousnessCriterion[],
): SeriousnessCriterion[] {
  return reported.filter((c) => !proposed.includes(c));
}

/**
 * Case number, human-readable: STD-<year of awareness in Shanghai>-<6-digit sequence>.
 */
export function caseNumber(seq: number, awareAt: Instant): string {
  return `STD-${shanghaiDate(awareAt).slice(0, 4)}-${String(seq).padStart(6, "0")}`;
}
