// The weekly education tip. The content is the programme's education items, which an admin edits
// in the programme settings; until then the defaults below. A WeChat tip carries the title and
// the text as `thing` values (≤ 20 characters: longer text is cut with "…", the message is a
// teaser that opens the app); the patient's own app shows the whole item (GET /me/tip).
// Wording follows Chinese hypertension and diabetes patient-education basics; no drug or brand names.
import { daysBetween, type EducationItem, type LocalDate, localDateOf } from "@steady/shared";
import { and, asc, eq, sql } from "drizzle-orm";
import { enrolments, patients, programmeSettings, programmes } from "../db/schema";
import type { Db } from "../env";

/** The education content a programme starts with (each title and text fits a WeChat `thing`). */
export const DEFAULT_EDUCATION: EducationItem[] = [
  {
    id: "routine",
    zh: { title: "固定时间服药", body: "把服药和刷牙、早饭连在一起" },
    en: { title: "Tie doses to habits", body: "e.g. after brushing" },
  },
  {
    id: "bp-home",
    condition: "hypertension",
    zh: { title: "在家量血压", body: "坐下静息5分钟后再测量" },
    en: { title: "Check BP at home", body: "Rest 5 min first" },
  },
  {
    id: "glucose-check",
    condition: "diabetes",
    zh: { title: "规律监测血糖", body: "空腹和餐后2小时都要测" },
    en: { title: "Check your glucose", body: "Fasting and 2h after" },
  },
  {
    id: "dont-stop",
    zh: { title: "感觉好了也别停药", body: "停药或减量前先问医生" },
    en: { title: "Feel fine? Keep on", body: "Ask before stopping" },
  },
  {
    id: "salt",
    condition: "hypertension",
    zh: { title: "少吃盐", body: "每天食盐不超过5克" },
    en: { title: "Cut down on salt", body: "Under 5 g a day" },
  },
  {
    id: "hypo",
    condition: "diabetes",
    zh: { title: "警惕低血糖", body: "心慌出汗时先吃15克糖" },
    en: { title: "Know low sugar signs", body: "Shaky? 15 g of sugar" },
  },
  {
    id: "missed-dose",
    zh: { title: "忘记服药怎么办", body: "不要一次吃双倍剂量" },
    en: { title: "Missed a dose?", body: "Never take a double" },
  },
  {
    id: "bp-morning",
    condition: "hypertension",
    zh: { title: "清晨血压要留意", body: "起床后、服药前先量一次" },
    en: { title: "Watch morning BP", body: "Measure before pills" },
  },
  {
    id: "feet",
    condition: "diabetes",
    zh: { title: "每天看看双脚", body: "发现伤口及时就医" },
    en: { title: "Check your feet", body: "Sores? See a doctor" },
  },
  {
    id: "walk",
    zh: { title: "饭后走一走", body: "每天快走30分钟" },
    en: { title: "Walk after meals", body: "30 brisk min a day" },
  },
];

/** The items of a programme ("hypertension", "diabetes" or "both"), in series order. */
export function tipsFor(items: EducationItem[], programmeCondition: string): EducationItem[] {
  return items.filter(
    (t) => !t.condition || programmeCondition === "both" || t.condition === programmeCondition,
  );
}

/**
 * The tip for a patient's week: the series in order from the week they enrolled, then again.
 * `condition` is the patient's own when recorded (a hypertensive patient in a programme for both
 * gets no foot-care tips), else the programme's.
 */
export function tipForWeek(
  items: EducationItem[],
  condition: string,
  enrolledOn: LocalDate,
  today: LocalDate,
): EducationItem | null {
  const series = tipsFor(items, condition);
  if (!series.length) return null;
  const week = Math.max(0, Math.floor(daysBetween(enrolledOn, today) / 7));
  return series[week % series.length] ?? null;
}

/** The education content stored for a programme, or the defaults. */
export function educationOf(stored: unknown): EducationItem[] {
  return Array.isArray(stored) ? (stored as EducationItem[]) : DEFAULT_EDUCATION;
}

/** A programme's education content, as its admin last saved it. */
export async function programmeEducation(db: Db, programmeId: string): Promise<EducationItem[]> {
  const [row] = await db
    .select({ education: programmeSettings.education })
    .from(programmeSettings)
    .where(eq(programmeSettings.programmeId, programmeId));
  return educationOf(row?.education);
}

/** This week's tip of a patient (the one the weekly WeChat tip sends), or null when not enrolled. */
export async function patientTip(
  db: Db,
  patient: { patientId: string; timezone: string },
  now: number,
): Promise<EducationItem | null> {
  const [e] = await db
    .select({
      programmeId: programmes.id,
      condition: sql<string>`coalesce(${patients.condition}, ${programmes.condition})`,
      enrolledAt: enrolments.enrolledAt,
    })
    .from(enrolments)
    .innerJoin(programmes, eq(programmes.id, enrolments.programmeId))
    .innerJoin(patients, eq(patients.id, enrolments.patientId))
    .where(and(eq(enrolments.patientId, patient.patientId), eq(enrolments.status, "active")))
    .orderBy(asc(enrolments.enrolledAt))
    .limit(1);
  if (!e) return null;
  return tipForWeek(
    await programmeEducation(db, e.programmeId),
    e.condition,
    localDateOf(e.enrolledAt, patient.timezone),
    localDateOf(now, patient.timezone),
  );
}
