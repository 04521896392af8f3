// The WeChat subscribe-message template for notices to family members. Its id belongs to the
// mini-program's WeChat account, so it comes from the environment: WECHAT_TEMPLATE_FAMILY, with
// an optional keyword map WECHAT_TEMPLATE_FAMILY_FIELDS (JSON `{event: "thing1", time: "time2",
// note: "thing3"}`) and WECHAT_TEMPLATE_LONG_TERM listing it when WeChat granted long-term.
// Local mode uses a made-up id the fake WeChat server knows.
import { eq } from "drizzle-orm";
import type { Settings } from "../config-env";
import { noticeTemplates } from "../db/schema";
import type { Db } from "../env";

export const FAMILY_PAGE = "packages/family/index";
export const FAMILY_FIELDS = { event: "thing1", time: "time2", note: "thing3" };
export const DEV_FAMILY_TEMPLATE_ID = "dev-family-notice";

export interface NoticeTemplate {
  templateId: string;
  longTerm: boolean;
  fields: Record<string, string>;
  page: string;
}

export function familyTemplateFromSettings(env: Settings, mode: "dev" | "production"): NoticeTemplate | null {
  const id = env.WECHAT_TEMPLATE_FAMILY;
  if (!id) {
    return mode === "dev"
      ? { templateId: DEV_FAMILY_TEMPLATE_ID, longTerm: false, fields: FAMILY_FIELDS, page: FAMILY_PAGE }
      : null;
  }
  const longTerm = env.WECHAT_TEMPLATE_LONG_TERM;
  return {
    templateId: id,
    longTerm: longTerm.includes(id),
    fields: env.WECHAT_TEMPLATE_FAMILY_FIELDS ?? FAMILY_FIELDS,
    page: FAMILY_PAGE,
  };
}

export async function ensureFamilyTemplate(db: Db, t: NoticeTemplate | null, now: number) {
  if (!t) {
    await db.delete(noticeTemplates).where(eq(noticeTemplates.purpose, "family"));
    return;
  }
  const row = {
    templateId: t.templateId,
    longTerm: t.longTerm,
    fields: t.fields,
    page: t.page,
    updatedAt: now,
  };
  await db
    .insert(noticeTemplates)
    .values({ purpose: "family", ...row })
    .onConflictDoUpdate({ target: noticeTemplates.purpose, set: row });
}

export async function loadFamilyTemplate(db: Db): Promise<NoticeTemplate | null> {
  const [row] = await db.select().from(noticeTemplates).where(eq(noticeTemplates.purpose, "family"));
  return row
    ? { templateId: row.templateId, longTerm: row.longTerm, fields: row.fields, page: row.page }
    : null;
}
