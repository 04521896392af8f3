// Reminder routes of the patient: report subscription results, see and change their reminders,
// and read this week's education tip (the one the weekly reminder sends) in full.
// (A clinician's view of a patient's reminder history is GET /patients/:id/reminders in care.ts.)
import {
  type RemindersResponse,
  reminderSettingsPatch,
  type SubscriptionResponse,
  subscriptionBody,
  type TipResponse,
} from "@steady/shared";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { requireIfMatch, setEtag, staleError } from "../http/concurrency";
import { requirePatient } from "../http/principal";
import { created } from "../http/respond";
import { validate } from "../http/validate";
import { recordSubscription } from "./quota";
import { type ReminderPrefs, updatePrefs } from "./settings";
import { loadTemplates } from "./templates";
import { patientTip } from "./tips";
import { patientReminderView } from "./views";

/** Mounted at /api/v1/me. */
export const meReminderRoutes = new Hono<AppEnv>()
  .post("/subscriptions", validate("json", subscriptionBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const body = c.req.valid("json");
    const { outcome, accepted, quota } = await recordSubscription(
      db,
      me.patientId,
      body,
      await loadTemplates(db),
      clock(),
    );
    const answer = { templateId: body.templateId, result: body.result, accepted, quota };
    return created(c, outcome, answer satisfies SubscriptionResponse);
  })
  .get("/reminders", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const view = await patientReminderView(db, me.patientId, clock());
    setEtag(c, view.version);
    return c.json(view satisfies RemindersResponse);
  })
  .get("/tip", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    return c.json({ tip: await patientTip(db, me, clock()) } satisfies TipResponse);
  })
  .patch("/reminders", validate("json", reminderSettingsPatch), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const patch = Object.fromEntries(
      Object.entries(c.req.valid("json")).filter(([, v]) => v !== undefined),
    ) as Partial<ReminderPrefs>;
    const saved = await updatePrefs(db, me.patientId, patch, clock(), requireIfMatch(c));
    const view = await patientReminderView(db, me.patientId, clock());
    if (!saved) throw staleError("reminder settings", { ...view });
    setEtag(c, view.version);
    return c.json(view satisfies RemindersResponse);
  });
