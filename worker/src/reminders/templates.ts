// The WeChat subscribe-message templates per purpose. Real template ids belong to the
// mini-program's WeChat account (chosen from WeChat's template library by an admin), so they
// come from the environment; local mode uses made-up ids the fake WeChat server knows.
import { eq } from "drizzle-orm";
import type { Settings } from "../config-env";
import { type ReminderKind, reminderTemplates } from "../db/schema";
import type { Db } from "../env";

export interface ReminderTemplate {
  purpose: ReminderKind;
  templateId: string;
  longTerm: boolean;
  /** Our names → the template's keywords. Dose and follow-up: drug, time, note; tip: title, summary. */
  fields: Record<string, string>;
  page: string;
}

export const DOSE_FIELDS = { drug: "thing1", time: "time2", note: "thing3" };
export const TIP_FIELDS = { title: "thing1", summary: "thing2" };
export const TODAY_PAGE = "pages/today/index";

/**
 * Local mode's templates. The follow-up reuses the dose template ("用药提醒": 药品名称, 服药时间,
 * 温馨提示) so one acceptance serves either message and the patient is asked once, not twice.
 */
export const DEV_TEMPLATES: ReminderTemplate[] = [
  {
    purpose: "dose",
    templateId: "dev-dose-reminder",
    longTerm: false,
    fields: DOSE_FIELDS,
    page: TODAY_PAGE,
  },
  {
    purpose: "follow_up",
    templateId: "dev-dose-reminder",
    longTerm: false,
    fields: DOSE_FIELDS,
    page: TODAY_PAGE,
  },
  { purpose: "tip", templateId: "dev-health-tip", longTerm: false, fields: TIP_FIELDS, page: TODAY_PAGE },
];

/**
 * Templates from WECHAT_TEMPLATE_DOSE / _FOLLOW_UP (default: the dose template) / _TIP, with
 * optional keyword maps in WECHAT_TEMPLATE_FIELDS (JSON `{dose: {drug: "thing1", …}, …}`) and
 * WECHAT_TEMPLATE_LONG_TERM (comma-separated template ids WeChat granted long-term).
 * Without ids: local mode's templates in dev, none in production (the scheduler then sends nothing).
 */
export function templatesFromSettings(env: Settings, mode: "dev" | "production") {
  const dose = env.WECHAT_TEMPLATE_DOSE;
  if (!dose) return mode === "dev" ? DEV_TEMPLATES : [];
  const fields = env.WECHAT_TEMPLATE_FIELDS ?? {};
  const longTerm = new Set(env.WECHAT_TEMPLATE_LONG_TERM);
  const make = (purpose: ReminderKind, templateId: string | undefined, defaults: Record<string, string>) =>
    templateId
      ? [
          {
            purpose,
            templateId,
            longTerm: longTerm.has(templateId),
            fields: fields[purpose] ?? defaults,
            page: TODAY_PAGE,
          },
        ]
      : [];
  return [
    ...make("dose", dose, DOSE_FIELDS),
    ...make("follow_up", env.WECHAT_TEMPLATE_FOLLOW_UP ?? dose, fields.dose ?? DOSE_FIELDS),
    ...make("tip", env.WECHAT_TEMPLATE_TIP, TIP_FIELDS),
  ];
}

/** Stores the templates in use (idempotent; run at start-up and by the scheduler's host). */
export async function ensureReminderTemplates(db: Db, templates: ReminderTemplate[], now: number) {
  for (const t of templates) {
    await db
      .insert(reminderTemplates)
      .values({ ...t, updatedAt: now })
      .onConflictDoUpdate({
        target: reminderTemplates.purpose,
        set: {
          templateId: t.templateId,
          longTerm: t.longTerm,
          fields: t.fields,
          page: t.page,
          updatedAt: now,
        },
      });
  }
}

export async function loadTemplates(db: Db): Promise<Map<ReminderKind, ReminderTemplate>> {
  const rows = await db.select().from(reminderTemplates);
  return new Map(rows.map((r) => [r.purpose, { ...r }]));
}

/**
 * The templates a run uses. Refill and revisit reminders go on the dose reminders' template
 * (issue 13): the patient's one acceptance ("用药提醒") carries them, through the same quota and
 * channels.
 */
export async function templatesForRun(db: Db): Promise<Map<ReminderKind, ReminderTemplate>> {
  const templates = await loadTemplates(db);
  const doseTemplate = templates.get("dose");
  if (doseTemplate) {
    for (const kind of ["refill", "revisit"] as const)
      if (!templates.has(kind)) templates.set(kind, { ...doseTemplate, purpose: kind });
  }
  return templates;
}

export async function templateByPurpose(db: Db, purpose: ReminderKind): Promise<ReminderTemplate | null> {
  const [row] = await db.select().from(reminderTemplates).where(eq(reminderTemplates.purpose, purpose));
  return row ?? null;
}
