// Demo and benchmark data: a programme, two clinics (A, B), the demo portal accounts, and
// synthetic patients with varied adherence, BP and glucose patterns over D days of history.
// Beyond the first 50 patients (the two-clinic layout tests rely on), the demo is a programme:
// ten more clinics in six regions that joined over nine months, onboarded by two reps, with
// enrolment ramping up, clinics of better and worse adherence, and a few patients enrolled today.
import {
  addDays,
  bpAlert,
  bpCategory,
  DEFAULT_THRESHOLDS,
  expandSlots,
  glucoseAlert,
  glucoseCategory,
  localDateOf,
  type MedicationPlan,
  type PatientCondition,
} from "@steady/shared";
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "../auth/crypto";
import {
  alerts,
  bpReadings,
  clinicMembers,
  clinicProfiles,
  clinics,
  doseEvents,
  enrolmentCodes,
  enrolments,
  glucoseReadings,
  medicationPlans,
  patients,
  planRevisions,
  programmes,
  users,
} from "../db/schema";
import type { Db } from "../env";
import { canonicalJson } from "../records/idempotency";
import { rebuildRollups } from "../records/rollups";
import { seedDemoSafetyCases } from "./demo-safety";
import { type Rng, rng } from "./random";

export const DEMO_PASSWORD = "steady-demo";
export const DEMO_PROGRAMME_ID = "programme-demo";
export const CONSENT_VERSION = "2026-01";
/**
 * Days of history in the demo: nine months. The first 50 patients enrol between 60 % and 100 % of
 * it ago (all past the 90 days the 3-month KPI looks at); the rest as their clinics ramp up.
 */
export const DEMO_DAYS = 270;
/** Patients in the demo `pnpm start` seeds (STEADY_DEMO_PATIENTS). */
export const DEMO_PATIENTS = 600;
/** The first patients keep the two-clinic layout (4 of 5 in A); the programme's clinics come after. */
const CORE_PATIENTS = 50;
const DAY = 24 * 3600_000;
const MIN = 60_000;

export interface SeedOptions {
  patients: number;
  days: number;
  now: number;
  seed?: number;
  /** Put every patient in clinic A (benchmarks of one large clinic). */
  singleClinic?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  codes: { clinic: string; doctor: string; email: string; code: string }[];
  accounts: { email: string; role: string; name: string }[];
  patients: number;
  rows: number;
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢".split(
    "",
  );
const GIVEN =
  "秀英桂兰玉兰凤英建华建国志强德明淑珍丽华国华文华立新春梅海燕金凤振华红梅永庆宝山素芬美玲".match(
    /../g,
  ) as string[];

const ACCOUNTS = [
  { key: "admin", email: "admin@demo.test", role: "admin", name: "系统管理员" },
  { key: "manager", email: "manager@demo.test", role: "manager", name: "项目经理 周敏" },
  { key: "rep", email: "rep@demo.test", role: "rep", name: "医药代表 刘洋" },
  { key: "doctorA", email: "doctor.a@demo.test", role: "doctor", name: "陈晓东 医生" },
  { key: "assistantA", email: "assistant.a@demo.test", role: "assistant", name: "林静 医学助理" },
  { key: "doctorB", email: "doctor.b@demo.test", role: "doctor", name: "王海燕 医生" },
  { key: "safety", email: "safety@demo.test", role: "safety", name: "药物警戒专员 赵宁" },
] as const;

/**
 * The rest of the demo programme (seeded only with more than CORE_PATIENTS patients): joined
 * `joined` days ago, `share` of the patients beyond the first 50, `quality` shifts the share of
 * adherent patients (± a few points around the programme's ~65 % baseline).
 */
const PROGRAMME_CLINICS = [
  {
    id: "clinic-c",
    name: "广州中山大学附属第一医院 心内科",
    city: "广州",
    region: "华南",
    level: "三级",
    doctor: "黄志强 医生",
    joined: 265,
    share: 0.14,
    quality: 0.08,
    rep: "rep",
  },
  {
    id: "clinic-d",
    name: "四川省人民医院 全科医学科",
    city: "成都",
    region: "西南",
    level: "三级",
    doctor: "李建华 医生",
    joined: 240,
    share: 0.12,
    quality: -0.06,
    rep: "rep",
  },
  {
    id: "clinic-e",
    name: "武汉市中心医院 心内科",
    city: "武汉",
    region: "华中",
    level: "三级",
    doctor: "张丽华 医生",
    joined: 225,
    share: 0.11,
    quality: 0.02,
    rep: "rep2",
  },
  {
    id: "clinic-f",
    name: "杭州市第一人民医院 内分泌科",
    city: "杭州",
    region: "华东",
    level: "三级",
    doctor: "吴文华 医生",
    joined: 210,
    share: 0.11,
    quality: 0.12,
    rep: "rep",
  },
  {
    id: "clinic-g",
    name: "西安交通大学第二附属医院 心内科",
    city: "西安",
    region: "西北",
    level: "三级",
    doctor: "马振华 医生",
    joined: 190,
    share: 0.09,
    quality: -0.1,
    rep: "rep2",
  },
  {
    id: "clinic-h",
    name: "天津市和平区社区卫生服务中心",
    city: "天津",
    region: "华北",
    level: "一级",
    doctor: "赵国华 医生",
    joined: 170,
    share: 0.08,
    quality: -0.04,
    rep: "rep2",
  },
  {
    id: "clinic-i",
    name: "南京鼓楼医院 心内科",
    city: "南京",
    region: "华东",
    level: "三级",
    doctor: "徐立新 医生",
    joined: 150,
    share: 0.11,
    quality: 0.05,
    rep: "rep",
  },
  {
    id: "clinic-j",
    name: "深圳市人民医院 全科",
    city: "深圳",
    region: "华南",
    level: "二级",
    doctor: "林春梅 医生",
    joined: 120,
    share: 0.09,
    quality: -0.02,
    rep: "rep2",
  },
  {
    id: "clinic-k",
    name: "沈阳市第四人民医院 内分泌科",
    city: "沈阳",
    region: "东北",
    level: "二级",
    doctor: "宋德明 医生",
    joined: 90,
    share: 0.08,
    quality: -0.08,
    rep: "rep2",
  },
  {
    id: "clinic-l",
    name: "重庆医科大学附属第一医院 全科",
    city: "重庆",
    region: "西南",
    level: "三级",
    doctor: "郭永庆 医生",
    joined: 45,
    share: 0.07,
    quality: 0,
    rep: "rep",
  },
] as const;
/** Patients enrolled today in the programme's clinics (the usual state early in any day). */
const ENROLLED_TODAY = 3;

type Archetype = "adherent" | "moderate" | "poor" | "silent";

/** Where and when a programme patient enrols, and how adherent their clinic tends to be. */
interface Placement {
  enrolledAt: number;
  quality: number;
}

export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const r = rng(opts.seed ?? 20261122);
  const now = opts.now;
  const programmeWide = !opts.singleClinic && opts.patients > CORE_PATIENTS;
  // A second generator for the programme's patients, so the first 50 are the same as ever.
  const r2 = rng((opts.seed ?? 20261122) ^ 0x5f3759df);
  const createdAt = now - (opts.days + 30) * DAY;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = Object.fromEntries(ACCOUNTS.map((a) => [a.key, `user-${a.key}`])) as Record<
    (typeof ACCOUNTS)[number]["key"],
    string
  >;
  const clinicA = { id: "clinic-a", name: "北京协和医院 心内科（A）", city: "北京", level: "三级" };
  const clinicB = { id: "clinic-b", name: "上海瑞金医院 内分泌科（B）", city: "上海", level: "三级" };
  const codes = [
    { clinic: clinicA, doctorKey: "doctorA" as const, code: "A-DEMO-CHEN" },
    { clinic: clinicB, doctorKey: "doctorB" as const, code: "B-DEMO-WANG" },
  ];

  await db.batch([
    db.insert(programmes).values({
      id: DEMO_PROGRAMME_ID,
      name: "稳稳 高血压与2型糖尿病用药依从项目",
      condition: "both",
      consentVersion: CONSENT_VERSION,
      thresholds: DEFAULT_THRESHOLDS,
      targets: { baselineAdherence: 0.65, targetAdherence: 0.8, enrolmentTarget: 2000 },
      createdAt,
    }),
    db.insert(users).values([
      ...ACCOUNTS.map((a) => ({
        id: ids[a.key],
        email: a.email,
        name: a.name,
        role: a.role,
        passwordHash,
        createdAt,
      })),
      ...(programmeWide
        ? [
            {
              id: "user-rep2",
              email: "rep2@demo.test",
              name: "医药代表 孙磊",
              role: "rep" as const,
              passwordHash,
              createdAt,
            },
            ...PROGRAMME_CLINICS.map((c) => ({
              id: `user-doctor-${c.id}`,
              email: `doctor.${c.id.slice(-1)}@demo.test`,
              name: c.doctor,
              role: "doctor" as const,
              passwordHash,
              createdAt: now - c.joined * DAY,
            })),
          ]
        : []),
    ]),
    db.insert(clinics).values([
      ...[clinicA, clinicB].map((c) => ({
        ...c,
        programmeId: DEMO_PROGRAMME_ID,
        onboardedBy: ids.rep,
        createdAt,
      })),
      ...(programmeWide
        ? PROGRAMME_CLINICS.map((c) => ({
            id: c.id,
            name: c.name,
            city: c.city,
            level: c.level,
            programmeId: DEMO_PROGRAMME_ID,
            onboardedBy: c.rep === "rep" ? ids.rep : "user-rep2",
            createdAt: now - c.joined * DAY,
          }))
        : []),
    ]),
    db.insert(clinicMembers).values([
      { clinicId: clinicA.id, userId: ids.doctorA, role: "doctor" as const },
      { clinicId: clinicA.id, userId: ids.assistantA, role: "assistant" as const },
      { clinicId: clinicB.id, userId: ids.doctorB, role: "doctor" as const },
      ...(programmeWide
        ? PROGRAMME_CLINICS.map((c) => ({
            clinicId: c.id,
            userId: `user-doctor-${c.id}`,
            role: "doctor" as const,
          }))
        : []),
    ]),
    db.insert(enrolmentCodes).values([
      ...codes.map((c) => ({ code: c.code, clinicId: c.clinic.id, doctorId: ids[c.doctorKey], createdAt })),
      ...(programmeWide
        ? PROGRAMME_CLINICS.map((c) => ({
            code: `${c.id.slice(-1).toUpperCase()}-DEMO-CLINIC`,
            clinicId: c.id,
            doctorId: `user-doctor-${c.id}`,
            createdAt: now - c.joined * DAY,
          }))
        : []),
    ]),
    ...(programmeWide
      ? [
          db
            .insert(clinicProfiles)
            .values([
              { clinicId: clinicA.id, region: "华北" },
              { clinicId: clinicB.id, region: "华东" },
              ...PROGRAMME_CLINICS.map((c) => ({ clinicId: c.id, region: c.region })),
            ]),
        ]
      : []),
  ]);

  let rows = 0;
  const CHUNK = 25; // patients per transaction
  for (let start = 0; start < opts.patients; start += CHUNK) {
    const batch: ReturnType<typeof makePatient>[] = [];
    for (let i = start; i < Math.min(opts.patients, start + CHUNK); i++) {
      if (i >= CORE_PATIENTS && programmeWide) {
        const k = i - CORE_PATIENTS;
        const placed = placeProgrammePatient(r2, k, opts.patients - CORE_PATIENTS, now, createdAt, opts.days);
        batch.push(makePatient(r2, i, opts, placed.clinicId, placed.doctorId, placed.code, placed));
        continue;
      }
      const home = opts.singleClinic || i % 5 !== 4 ? codes[0] : codes[1];
      batch.push(
        makePatient(
          r,
          i,
          opts,
          home?.clinic.id as string,
          ids[home?.doctorKey ?? "doctorA"],
          home?.code ?? "",
        ),
      );
    }
    rows += await insertPatients(db, batch);
    opts.onProgress?.(Math.min(opts.patients, start + CHUNK), opts.patients);
  }
  const t = DEFAULT_THRESHOLDS.glucose;
  await rebuildRollups(db, t.hypoL1, t.nonFastingHigh);
  if (programmeWide) {
    const inA = await db
      .select({ id: enrolments.patientId })
      .from(enrolments)
      .where(eq(enrolments.clinicId, "clinic-a"))
      .limit(2);
    await seedDemoSafetyCases(
      db,
      inA.map((e) => e.id),
      now,
    );
  }
  return {
    codes: codes.map((c) => ({
      clinic: c.clinic.name,
      doctor: ACCOUNTS.find((a) => a.key === c.doctorKey)?.name ?? "",
      email: ACCOUNTS.find((a) => a.key === c.doctorKey)?.email ?? "",
      code: c.code,
    })),
    accounts: ACCOUNTS.map((a) => ({ email: a.email, role: a.role, name: a.name })),
    patients: opts.patients,
    rows,
  };
}

/**
 * A programme patient (beyond the first 50): clinics A and B keep a share, the rest go to the
 * programme's clinics by their share, enrolling after their clinic joined with a ramp (more in
 * recent months); the last few enrol today.
 */
function placeProgrammePatient(
  r: Rng,
  k: number,
  count: number,
  now: number,
  createdAt: number,
  days: number,
) {
  const homes = [
    {
      id: "clinic-a",
      doctorId: "user-doctorA",
      code: "A-DEMO-CHEN",
      joined: (now - createdAt) / DAY,
      quality: 0.04,
    },
    {
      id: "clinic-b",
      doctorId: "user-doctorB",
      code: "B-DEMO-WANG",
      joined: (now - createdAt) / DAY,
      quality: -0.02,
    },
    ...PROGRAMME_CLINICS.map((c) => ({
      id: c.id,
      doctorId: `user-doctor-${c.id}`,
      code: `${c.id.slice(-1).toUpperCase()}-DEMO-CLINIC`,
      joined: c.joined,
      quality: c.quality,
    })),
  ];
  const shares = [0.09, 0.08, ...PROGRAMME_CLINICS.map((c) => c.share * 0.83)];
  let roll = r.next();
  let pick = homes.length - 1;
  for (let j = 0; j < shares.length; j++) {
    roll -= shares[j] as number;
    if (roll < 0) {
      pick = j;
      break;
    }
  }
  const home = homes[pick] as (typeof homes)[number];
  const today = k >= count - ENROLLED_TODAY;
  // Days since the clinic's first day, skewed a little towards recent months: enrolment ramps up.
  const daysAgo = today
    ? 0
    : 1 + Math.floor((Math.max(1, Math.min(home.joined, days)) - 1) * r.next() ** 1.3);
  const enrolledAt = today ? now - r.int(20, 90) * MIN : now - daysAgo * DAY - r.int(0, 8 * 60) * MIN;
  return { clinicId: home.id, doctorId: home.doctorId, code: home.code, enrolledAt, quality: home.quality };
}

function makePatient(
  r: Rng,
  i: number,
  opts: SeedOptions,
  clinicId: string,
  doctorId: string,
  code: string,
  placed?: Placement,
) {
  const { now, days } = opts;
  const id = r.uuid();
  const timezone = r.chance(0.04) ? "America/Vancouver" : "Asia/Shanghai";
  // About 60 % adherent over their first 90 days (the programme started from a 65 % baseline);
  // a programme clinic's quality moves patients between adherent and poor.
  const archetype: Archetype = placed
    ? (() => {
        const x = r.next();
        const adherent = 0.55 + placed.quality;
        return x < adherent ? "adherent" : x < adherent + 0.2 ? "moderate" : x < 0.86 ? "poor" : "silent";
      })()
    : r.pick(["adherent", "adherent", "adherent", "adherent", "moderate", "moderate", "poor", "silent"]);
  const takeP = { adherent: 0.96, moderate: 0.88, poor: 0.45, silent: 0.8 }[archetype];
  // A programme patient who goes silent does so some weeks or months after enrolling (cohorts
  // thin out with time); the first 50 went silent in the last weeks (for the triage demo).
  const silentSince =
    archetype !== "silent"
      ? Number.POSITIVE_INFINITY
      : placed
        ? Math.min(now - 8 * DAY, placed.enrolledAt + r.int(20, 200) * DAY)
        : now - r.int(8, 25) * DAY;
  // Every clinic's demo shows someone urgent: patients 0, 4, 10, 14, … always have a grade-3
  // reading from yesterday (the rest of the data stays random but seeded).
  // (Among the programme's patients, one in twenty.)
  const showcaseUrgent = placed ? i % 20 === 0 : i % 10 === 0 || i % 10 === 4;
  // And patients 7, 17, … are diabetics with frequent lows, for the glucose chart's hypo marks.
  const showcaseHypo = placed ? i % 20 === 7 : i % 10 === 7;
  const hasHtn = r.chance(0.75) || showcaseUrgent;
  const hasDm = !hasHtn || showcaseHypo || r.chance(0.25);
  // As the plans below: amlodipine (± valsartan) for hypertension, metformin for diabetes.
  const condition: PatientCondition = hasHtn && hasDm ? "both" : hasDm ? "diabetes" : "hypertension";
  const enrolledAt =
    placed?.enrolledAt ?? now - r.int(Math.floor(days * 0.6), days) * DAY - r.int(0, 8 * 60) * MIN;
  const startDate = localDateOf(enrolledAt, timezone);

  const plans: MedicationPlan[] = [];
  if (hasHtn) {
    plans.push({ id: r.uuid(), drug: "氨氯地平", dose: "5 mg", times: ["08:00"], startDate });
    if (r.chance(0.4))
      plans.push({ id: r.uuid(), drug: "缬沙坦", dose: "80 mg", times: ["08:00", "20:00"], startDate });
  }
  if (hasDm)
    plans.push({ id: r.uuid(), drug: "二甲双胍", dose: "500 mg", times: ["07:30", "18:30"], startDate });

  const doses: (typeof doseEvents.$inferInsert)[] = [];
  const today = localDateOf(now, timezone);
  for (const plan of plans) {
    for (const slot of expandSlots(plan, startDate, today, timezone)) {
      if (slot.scheduledAt > now || slot.scheduledAt < enrolledAt || slot.scheduledAt > silentSince) continue;
      const roll = r.next();
      if (roll >= takeP && roll >= takeP + (1 - takeP) * 0.3) continue; // not logged
      const status = roll < takeP ? ("taken" as const) : ("skipped" as const);
      const at = slot.scheduledAt + Math.round(r.normal() * 25) * MIN;
      const body = { id: r.uuid(), planId: plan.id, scheduledAt: slot.scheduledAt, status, at };
      doses.push({
        ...body,
        patientId: id,
        localDate: slot.localDate,
        recordedAt: Math.max(at, slot.scheduledAt - 60 * MIN),
        requestJson: canonicalJson(body),
      });
    }
  }

  const uncontrolled = archetype === "poor" || r.chance(0.2);
  const urgentRecent = (r.chance(0.06) || showcaseUrgent) && silentSince > now;
  const bp: (typeof bpReadings.$inferInsert)[] = [];
  const glucose: (typeof glucoseReadings.$inferInsert)[] = [];
  const patientAlerts: (typeof alerts.$inferInsert)[] = [];
  const raise = (readingId: string, kind: string, at: number) =>
    patientAlerts.push({
      id: `alert-${readingId}`,
      patientId: id,
      kind,
      readingId,
      raisedAt: at,
      ...(now - at > 3 * DAY ? { acknowledgedBy: doctorId, acknowledgedAt: at + 2 * 3600_000 } : {}),
    });
  for (let d = 0; d <= days; d++) {
    const day = addDays(startDate, d);
    if (day > today) break;
    const morning = Date.parse(`${day}T07:15:00+08:00`) + r.int(-40, 40) * MIN;
    if (morning > now || morning < enrolledAt || morning > silentSince) continue;
    if (hasHtn && r.chance(archetype === "adherent" ? 0.8 : 0.5)) {
      const systolic = Math.round((uncontrolled ? 150 : 127) + r.normal() * 8);
      const diastolic = Math.round((uncontrolled ? 95 : 80) + r.normal() * 5);
      const rid = r.uuid();
      const body = { id: rid, systolic, diastolic, pulse: 60 + r.int(0, 25), measuredAt: morning };
      bp.push({
        ...body,
        patientId: id,
        localDate: localDateOf(morning, timezone),
        category: bpCategory(systolic, diastolic),
        recordedAt: morning,
        requestJson: canonicalJson(body),
      });
      const kind = bpAlert(systolic, diastolic);
      if (kind) raise(rid, kind, morning);
    }
    if (hasDm && r.chance(0.6)) {
      let mmol = Math.round(((uncontrolled ? 8.4 : 6.3) + r.normal() * 1.1) * 10) / 10;
      if (r.chance(showcaseHypo ? 0.15 : 0.02)) mmol = 2.8;
      mmol = Math.max(2.2, mmol);
      const rid = r.uuid();
      const body = {
        id: rid,
        value: mmol,
        unit: "mmol/L",
        context: "fasting",
        measuredAt: morning - 20 * MIN,
      };
      glucose.push({
        id: rid,
        patientId: id,
        mmol,
        context: "fasting",
        measuredAt: morning - 20 * MIN,
        localDate: localDateOf(morning - 20 * MIN, timezone),
        category: glucoseCategory(mmol, "fasting"),
        recordedAt: morning - 20 * MIN,
        requestJson: canonicalJson(body),
      });
      const kind = glucoseAlert(mmol);
      if (kind) raise(rid, kind, morning - 20 * MIN);
    }
  }
  if (urgentRecent && enrolledAt < now - 30 * 3600_000) {
    // Yesterday's grade-3 reading: an unacknowledged urgent alert for the doctor.
    const measuredAt = now - 30 * 3600_000;
    const body = { id: r.uuid(), systolic: 186, diastolic: 112, pulse: 88, measuredAt };
    bp.push({
      ...body,
      patientId: id,
      localDate: localDateOf(measuredAt, timezone),
      category: bpCategory(body.systolic, body.diastolic),
      recordedAt: measuredAt,
      requestJson: canonicalJson(body),
    });
    raise(body.id, bpAlert(body.systolic, body.diastolic) ?? "bp_urgent", measuredAt);
  }
  const lastActivityAt = Math.max(
    0,
    ...doses.map((x) => x.recordedAt),
    ...bp.map((x) => x.recordedAt),
    ...glucose.map((x) => x.recordedAt),
  );
  const name = `${r.pick(SURNAMES)}${r.pick(GIVEN)}`;
  return {
    patient: {
      id,
      openid: `demo:${i}`,
      name,
      birthYear: r.int(1942, 1975),
      sex: r.pick(["female", "male"]),
      phone: r.chance(0.7) ? `1${r.int(3, 9)}${String(r.int(0, 999_999_999)).padStart(9, "0")}` : null,
      timezone,
      condition,
      lastActivityAt: lastActivityAt || null,
      createdAt: enrolledAt,
    },
    enrolment: {
      id: r.uuid(),
      patientId: id,
      clinicId,
      programmeId: DEMO_PROGRAMME_ID,
      doctorId,
      code,
      consentVersion: CONSENT_VERSION,
      consentedAt: enrolledAt,
      enrolledAt,
      status: "active" as const,
    },
    plans: plans.map((p) => ({
      id: p.id,
      patientId: id,
      drug: p.drug,
      dose: p.dose,
      times: p.times,
      startDate: p.startDate,
      endDate: null,
      prescribedBy: doctorId,
      requestJson: canonicalJson({
        id: p.id,
        drug: p.drug,
        dose: p.dose,
        times: p.times,
        startDate: p.startDate,
      }),
      createdAt: enrolledAt,
      updatedAt: enrolledAt,
    })),
    doses,
    bp,
    glucose,
    alerts: patientAlerts,
  };
}

async function insertPatients(db: Db, batch: ReturnType<typeof makePatient>[]): Promise<number> {
  const chunked = <T>(xs: T[], n: number) =>
    Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  const all = {
    patients: batch.map((b) => b.patient),
    enrolments: batch.map((b) => b.enrolment),
    plans: batch.flatMap((b) => b.plans),
    doses: batch.flatMap((b) => b.doses),
    bp: batch.flatMap((b) => b.bp),
    glucose: batch.flatMap((b) => b.glucose),
    alerts: batch.flatMap((b) => b.alerts),
  };
  const stmts = [
    db.insert(patients).values(all.patients),
    db.insert(enrolments).values(all.enrolments),
    ...(all.plans.length
      ? [
          db.insert(medicationPlans).values(all.plans),
          db.insert(planRevisions).values(
            all.plans.map((p) => ({
              planId: p.id,
              validFrom: p.createdAt,
              drug: p.drug,
              dose: p.dose,
              times: p.times,
              startDate: p.startDate,
              endDate: null,
              changedBy: p.prescribedBy,
            })),
          ),
        ]
      : []),
    ...chunked(all.doses, 400).map((c) => db.insert(doseEvents).values(c)),
    ...chunked(all.bp, 400).map((c) => db.insert(bpReadings).values(c)),
    ...chunked(all.glucose, 400).map((c) => db.insert(glucoseReadings).values(c)),
    ...chunked(all.alerts, 400).map((c) => db.insert(alerts).values(c)),
  ];
  await db.batch(stmts as unknown as Parameters<Db["batch"]>[0]);
  return Object.values(all).reduce((n, xs) => n + xs.length, 0);
}

/** True when the database already holds the demo programme (start-up seeds only an empty one). */
export async function hasData(db: Db): Promise<boolean> {
  const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM programmes`);
  return Number(rows[0]?.n ?? 0) > 0;
}
