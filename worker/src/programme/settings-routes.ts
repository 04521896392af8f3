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
import { requirePortalUser } from "../auth/policy";
import { affected } from "../db/affected";
import { programmeSettings } from "../db/schema";
import { writeBatch } from "../db/write-batch";
import type { AppEnv, Db } from "../env";
import { requireIfMatch, setEtag, staleError } from "../http/concurrency";
import { validate } from "../http/validate";
import { educationOf } from "../reminders/tips";
import { currentProgramme } from "./scope";

// One PUT is three statements in one batch (ADR 0011): the settings row and the audit row are
// written only while the programme is still at the version the editor saw, and the last statement
// bumps that version, so two racing saves cannot both apply.
const STILL_AT = "(SELECT version FROM programmes WHERE id = ?) = ?";
const UPSERT_SETTINGS = `INSERT INTO programme_settings (programme_id, education, consent_text, updated_by, updated_at)
SELECT ?, ?, ?, ?, ? WHERE ${STILL_AT}
ON CONFLICT (programme_id) DO UPDATE SET education = excluded.education,
  consent_text = excluded.consent_text, updated_by = excluded.updated_by, updated_at = excluded.updated_at`;
const AUDIT = `INSERT INTO audit_events (actor_id, role, action, at)
SELECT ?, ?, 'update_programme_settings', ? WHERE ${STILL_AT}`;
const UPDATE_PROGRAMME = `UPDATE programmes SET name = coalesce(?, name), condition = coalesce(?, condition),
  targets = coalesce(?, targets), consent_version = coalesce(?, consent_version), version = version + 1
WHERE id = ? AND version = ?`;

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
    /** Optimistic concurrency (ADR 0011): send it back as `If-Match: "<version>"` to save. */
    version: p.version,
  };
}

export const settingsRoutes = new Hono<AppEnv>()
  .get("/settings", validate("query", reportQuery), async (c) => {
    const view = await settingsView(c.var.deps.db, c.req.valid("query").programmeId);
    setEtag(c, view.version);
    return c.json(view);
  })
  .put("/settings", validate("query", reportQuery), validate("json", programmeSettingsBody), async (c) => {
    const user = requirePortalUser(c.var.principal);
    const expected = requireIfMatch(c);
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const current = await settingsView(db, c.req.valid("query").programmeId);
    if (current.version !== expected) throw staleError("programme settings", { ...current });
    const now = clock();
    const education = JSON.stringify(body.education ?? current.education);
    const consentText = body.consent?.text ?? current.consent.text;
    const results = await writeBatch(db, [
      {
        sql: UPSERT_SETTINGS,
        args: [current.id, education, consentText, user.userId, now, current.id, expected],
      },
      { sql: AUDIT, args: [user.userId, user.role, now, current.id, expected] },
      {
        sql: UPDATE_PROGRAMME,
        args: [
          body.name ?? null,
          body.conditions ? conditionColumn(body.conditions) : null,
          body.targets ? JSON.stringify(body.targets) : null,
          body.consent?.version ?? null,
          current.id,
          expected,
        ],
      },
    ]);
    const after = await settingsView(db, current.id);
    if (affected(results[2]) !== 1) throw staleError("programme settings", { ...after });
    setEtag(c, after.version);
    return c.json(after);
  });
