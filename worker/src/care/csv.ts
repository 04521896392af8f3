// The triage list as CSV for a spreadsheet: UTF-8 with a BOM (so Excel shows Chinese), CRLF line
// ends, RFC 4180 quoting, and text cells that a spreadsheet would run as a formula neutralised.
import { formatCondition, formatTier, type Locale, localDateOf, localTimeOf } from "@steady/shared";
import type { TriageRow } from "../triage/list";

const HEADERS: Record<Locale, string[]> = {
  "zh-CN": [
    "分级",
    "姓名",
    "医生",
    "病种",
    "原因",
    "14天服药率",
    "30天覆盖天数比例",
    "7天平均血压",
    "最近记录",
    "未处理警报",
    "入组日期",
    "患者ID",
  ],
  en: [
    "Tier",
    "Name",
    "Doctor",
    "Condition",
    "Reasons",
    "Dose adherence 14 d",
    "Days covered 30 d",
    "BP 7-day mean",
    "Last activity",
    "Open alerts",
    "Enrolled",
    "Patient ID",
  ],
};

/** A text cell: quoted when needed; a leading = + - @ (or tab/CR) gets a ' so it stays text. */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const percent = (x: number | null) => (x == null ? "" : `${Math.round(x * 100)}%`);

/** Times are shown on the clinic's clock (the programme runs in China). */
function localStamp(iso: string | null, tz: string): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return `${localDateOf(ms, tz)} ${localTimeOf(ms, tz)}`;
}

export function triageCsv(rows: TriageRow[], locale: Locale, tz = "Asia/Shanghai"): string {
  const lines = [HEADERS[locale].map(csvText).join(",")];
  for (const r of rows) {
    lines.push(
      [
        csvText(formatTier(r.tier, locale)),
        csvText(r.name),
        csvText(r.doctorName),
        csvText(formatCondition(r.condition, locale)),
        csvText(r.reasons.join(locale === "zh-CN" ? "；" : "; ")),
        percent(r.doseAdherence14d),
        percent(r.daysCovered30d),
        r.bpMean7d ? `${r.bpMean7d.systolic}/${r.bpMean7d.diastolic}` : "",
        localStamp(r.lastActivityAt, tz),
        String(r.openAlerts),
        localDateOf(Date.parse(r.enrolledAt), tz),
        csvText(r.patientId),
      ].join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
