// Programme settings as data an admin edits (issue 6): name, conditions, targets (baseline and
// target adherence, enrolment target), education content and the consent text and its version.
// A new consent version applies to new enrolments; enrolled patients keep the version they accepted.
import {
  PROGRAMME_CONDITIONS,
  type ProgrammeCondition,
  type ProgrammeTargets,
  programmeSettingsBody,
  reportQuery,
} from "@steady/shared";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { programmeSettings, programmes } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { validate } from "../http/validate";
import { requirePortalUser } from "../policy";
import { educationOf } from "../reminders/tips";
import { auditStatement, currentProgramme } from "./programme-scope";

type Batch = Parameters<Db["batch"]>[0];

const conditionsOf = (condition: string): ProgrammeCondition[] =>
  condition === "both" ? [...PROGRAMME_CONDITIONS] : [condition as ProgrammeCondition];
const conditionColumn = (list: ProgrammeCondition[]) => (list.length > 1 ? "both" : (list[0] as string));

async function settingsView(db: Db, programmeId?: string) {
  const p = await currentProgramme(db, programmeId);
  const [s] = await db.select().from(programmeSettings).where(eq(programmeSettings.programmeId, p.id));
  return {
    id: p.id,
    name: p.name,
    conditions: conditionsOf(p.condition),
    targets: p.targets as ProgrammeTargets,
    consent: { version: p.consentVersion, text: s?.consentText ?? null },
    education: educationOf(s?.education),
    updatedAt: s ? new Date(s.updatedAt).toISOString() : null,
  };
}

export const settingsRoutes = new Hono<AppEnv>()
  .get("/settings", validate("query", reportQuery), async (c) =>
    c.json(await settingsView(c.var.deps.db, c.req.valid("query").programmeId)),
  )
  .put("/settings", validate("query", reportQuery), validate("json", programmeSettingsBody), async (c) => {
    const user = requirePortalUser(c.var.principal);
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const current = await settingsView(db, c.req.valid("query").programmeId);
    const now = clock();
    const programmeChange = {
      ...(body.name ? { name: body.name } : {}),
      ...(body.conditions ? { condition: conditionColumn(body.conditions) } : {}),
      ...(body.targets ? { targets: body.targets } : {}),
      ...(body.consent ? { consentVersion: body.consent.version } : {}),
    };
    const education = body.education ?? current.education;
    const consentText = body.consent?.text ?? current.consent.text;
    await db.batch([
      ...(Object.keys(programmeChange).length
        ? [db.update(programmes).set(programmeChange).where(eq(programmes.id, current.id))]
        : []),
      db
        .insert(programmeSettings)
        .values({ programmeId: current.id, education, consentText, updatedBy: user.userId, updatedAt: now })
        .onConflictDoUpdate({
          target: programmeSettings.programmeId,
          set: { education, consentText, updatedBy: user.userId, updatedAt: now },
        }),
      auditStatement(c, "update_programme_settings"),
    ] as unknown as Batch);
    return c.json(await settingsView(db, current.id));
  });
