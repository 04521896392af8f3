// Family follow (亲情关注). Mounted at /api/v1/family. Patients and followers both sign in with
// their own WeChat (a patient session; a follower need not be enrolled): the link row decides who
// is the patient and who the follower, so a follower reaches nothing but the links they accepted,
// and a revoked or foreign link is a 404.
//
//   the patient:   POST /invites · GET /followers · PATCH|DELETE /followers/:id
//   the follower:  GET /invites/:code · POST /invites/:code/accept · GET /following ·
//                  GET|DELETE /following/:id · POST /subscriptions (WeChat family notices)
import {
  type FamilyAcceptResponse,
  type FamilyInvitePreviewResponse,
  type FamilyInviteResponse,
  type FamilyRevokeResponse,
  type FamilyViewResponse,
  type FollowerResponse,
  type FollowersResponse,
  type FollowingResponse,
  familyAcceptBody,
  familyInviteBody,
  familySharePatch,
  familySubscriptionBody,
  inviteCodeParam,
  type SubscriptionResponse,
} from "@steady/shared";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { requirePatient } from "../http/principal";
import { ProblemError } from "../http/problem";
import { created } from "../http/respond";
import { validate } from "../http/validate";
import { FAMILY_PAGE, loadFamilyTemplate } from "../reminders/family-templates";
import { quotaViews, recordSubscription } from "../reminders/quota";
import {
  acceptInvite,
  createInvite,
  followerView,
  listFollowers,
  listFollowing,
  previewInvite,
  revoke,
  updateShares,
} from "./links";
import { familyView } from "./view";

async function familyTemplates(c: { var: AppEnv["Variables"] }) {
  const t = await loadFamilyTemplate(c.var.deps.db);
  return new Map(t ? [["family", { ...t, purpose: "family" as const }]] : []);
}

export const familyRoutes = new Hono<AppEnv>()
  .post("/invites", validate("json", familyInviteBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const now = clock();
    const { outcome, link } = await createInvite(db, me.patientId, c.req.valid("json"), now);
    const view = followerView(link, now);
    return created(c, outcome, {
      ...view,
      /** Opens the accept page in the mini-program (share card path; the H5 build takes it as a hash route). */
      path: `packages/family/accept?code=${link.inviteCode}`,
    } satisfies FamilyInviteResponse);
  })
  .get("/followers", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    return c.json({ followers: await listFollowers(db, me.patientId, clock()) } satisfies FollowersResponse);
  })
  .patch("/followers/:id", validate("json", familySharePatch), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const link = await updateShares(db, me.patientId, c.req.param("id"), c.req.valid("json"), clock());
    return c.json(link satisfies FollowerResponse);
  })
  .delete("/followers/:id", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const ended = await revoke(db, { patientId: me.patientId }, c.req.param("id"), clock());
    return c.json(ended satisfies FamilyRevokeResponse);
  })
  .get("/invites/:code", validate("param", inviteCodeParam), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const preview = await previewInvite(db, c.req.valid("param").code, me.patientId, clock());
    return c.json(preview satisfies FamilyInvitePreviewResponse);
  })
  .post(
    "/invites/:code/accept",
    validate("param", inviteCodeParam),
    validate("json", familyAcceptBody),
    async (c) => {
      const me = requirePatient(c.var.principal);
      const { db, clock } = c.var.deps;
      const { label } = c.req.valid("json");
      const link = await acceptInvite(db, c.req.valid("param").code, me.patientId, label, clock());
      return c.json(link satisfies FamilyAcceptResponse, 201);
    },
  )
  .get("/following", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const templates = await familyTemplates(c);
    const [quota] = await quotaViews(db, me.patientId, templates);
    return c.json({
      following: await listFollowing(db, me.patientId, clock()),
      /** The follower's WeChat notices: the template to ask for, and how many messages are left. */
      notices: quota
        ? {
            templateId: quota.templateId,
            remaining: quota.remaining,
            longTerm: quota.longTerm,
            page: FAMILY_PAGE,
          }
        : null,
    } satisfies FollowingResponse);
  })
  .get("/following/:id", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const view = await familyView(db, me.patientId, c.req.param("id"), clock());
    return c.json(view satisfies FamilyViewResponse);
  })
  .delete("/following/:id", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const ended = await revoke(db, { followerId: me.patientId }, c.req.param("id"), clock());
    return c.json(ended satisfies FamilyRevokeResponse);
  })
  .post("/subscriptions", validate("json", familySubscriptionBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const templates = await familyTemplates(c);
    if (!templates.size) throw new ProblemError(404, "family notices by WeChat are not set up");
    const body = c.req.valid("json");
    const { outcome, accepted, quota } = await recordSubscription(db, me.patientId, body, templates, clock());
    const answer = { templateId: body.templateId, result: body.result, accepted, quota };
    return created(c, outcome, answer satisfies SubscriptionResponse);
  });
