// Enrolment codes on posters: the QR image, the poster's data, and revoking or replacing a code
// (a poster was lost, a doctor left). A doctor acts on their own codes, a rep on the codes of the
// clinics they onboarded; anyone else gets 404.
import {
  type CodeReplacedResponse,
  type CodeRevokedResponse,
  codeChangeBody,
  type PosterResponse,
} from "@steady/shared";
import { and, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { clinics, codeChanges, enrolmentCodes, programmes, users } from "../db/schema";
import type { AppEnv, Db } from "../env";
import { requirePortalUser } from "../http/principal";
import { ProblemError, problem } from "../http/problem";
import { validate } from "../http/validate";
import { WechatError } from "../wechat/client";
import { qrImage } from "./qr-routes";
import { auditStatement, newCodeStatement } from "./scope";

type Ctx = { var: AppEnv["Variables"] };

async function scopedCode(c: Ctx, code: string) {
  const user = requirePortalUser(c.var.principal);
  const [row] = await c.var.deps.db
    .select({
      code: enrolmentCodes.code,
      clinicId: enrolmentCodes.clinicId,
      doctorId: enrolmentCodes.doctorId,
      revokedAt: enrolmentCodes.revokedAt,
      onboardedBy: clinics.onboardedBy,
      clinicName: clinics.name,
      city: clinics.city,
      doctorName: users.name,
      programmeName: programmes.name,
      condition: programmes.condition,
    })
    .from(enrolmentCodes)
    .innerJoin(clinics, eq(clinics.id, enrolmentCodes.clinicId))
    .innerJoin(users, eq(users.id, enrolmentCodes.doctorId))
    .innerJoin(programmes, eq(programmes.id, clinics.programmeId))
    .where(eq(enrolmentCodes.code, code));
  const allowed =
    row &&
    ((user.role === "doctor" && row.doctorId === user.userId) ||
      (user.role === "rep" && row.onboardedBy === user.userId));
  if (!row || !allowed) throw new ProblemError(404, "enrolment code not found");
  return row;
}

async function replacementOf(db: Db, code: string) {
  const [row] = await db.select().from(codeChanges).where(eq(codeChanges.code, code));
  return row;
}

export const programmeCodeRoutes = new Hono<AppEnv>()
  .get("/:code/qr.png", async (c) => {
    const row = await scopedCode(c, c.req.param("code"));
    if (row.revokedAt) return problem(c, 410, "this code was revoked: print the poster of its replacement");
    try {
      const img = await qrImage(c.var.deps.wechat, row.code);
      return c.body(img.bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": img.contentType,
        "cache-control": "private, max-age=3600",
        "x-qr-source": img.source,
      });
    } catch (e) {
      if (e instanceof WechatError) return problem(c, 502, `WeChat could not make the code (${e.errcode})`);
      throw e;
    }
  })
  .get("/:code/poster", async (c) => {
    const row = await scopedCode(c, c.req.param("code"));
    const change = row.revokedAt ? await replacementOf(c.var.deps.db, row.code) : undefined;
    return c.json({
      code: row.code,
      /** The WeChat scene the QR carries (the mini-program reads the code from it). */
      scene: row.code,
      qr: `/api/v1/codes/${encodeURIComponent(row.code)}/qr.png`,
      clinic: { id: row.clinicId, name: row.clinicName, city: row.city },
      doctor: { name: row.doctorName },
      programme: { name: row.programmeName, condition: row.condition },
      revoked: row.revokedAt != null,
      replacedBy: change?.replacedBy ?? null,
    } satisfies PosterResponse);
  })
  .post("/:code/revoke", validate("json", codeChangeBody), async (c) => {
    const row = await scopedCode(c, c.req.param("code"));
    const user = requirePortalUser(c.var.principal);
    const { db, clock } = c.var.deps;
    const now = clock();
    if (!row.revokedAt) {
      await db.batch([
        db
          .update(enrolmentCodes)
          .set({ revokedAt: now })
          .where(and(eq(enrolmentCodes.code, row.code), isNull(enrolmentCodes.revokedAt))),
        db
          .insert(codeChanges)
          .values({
            code: row.code,
            reason: c.req.valid("json").reason,
            changedBy: user.userId,
            changedAt: now,
          })
          .onConflictDoNothing(),
        auditStatement(c, "revoke_code"),
      ]);
    }
    return c.json({ code: row.code, revoked: true as const } satisfies CodeRevokedResponse);
  })
  .post("/:code/replace", validate("json", codeChangeBody), async (c) => {
    const row = await scopedCode(c, c.req.param("code"));
    const user = requirePortalUser(c.var.principal);
    const { db, clock } = c.var.deps;
    if (row.revokedAt) {
      const change = await replacementOf(db, row.code);
      if (change?.replacedBy)
        return c.json({ code: change.replacedBy, replaced: row.code } satisfies CodeReplacedResponse);
      return problem(
        c,
        409,
        "this code was revoked without a replacement; ask for a new code for the doctor",
      );
    }
    const now = clock();
    const made = newCodeStatement(db, row.clinicId, row.doctorId, now);
    await db.batch([
      db.update(enrolmentCodes).set({ revokedAt: now }).where(eq(enrolmentCodes.code, row.code)),
      made.statement,
      db.insert(codeChanges).values({
        code: row.code,
        reason: c.req.valid("json").reason,
        changedBy: user.userId,
        changedAt: now,
        replacedBy: made.code,
      }),
      auditStatement(c, "replace_code"),
    ]);
    return c.json({ code: made.code, replaced: row.code } satisfies CodeReplacedResponse, 201);
  });
