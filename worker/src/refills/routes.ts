// Refills ("取了药") and the next visit (复诊), issue 13. The patient's routes act on their own
// record; the clinician's go through the access layer (clinic scope + audit).
import { refillBody, revisitBody } from "@steady/shared";
import { Hono } from "hono";
import { clinicianPatient } from "../access/patient-access";
import type { AppEnv } from "../env";
import { requirePatient, requirePortalUser } from "../http/principal";
import { created } from "../http/respond";
import { validate } from "../http/validate";
import { addRefill } from "../plans/supply";
import { getRevisit, putRevisit } from "./revisits";

export const meSupplyRoutes = new Hono<AppEnv>()
  .post("/plans/:id/refills", validate("json", refillBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const { outcome, refill } = await addRefill(
      db,
      me.patientId,
      c.req.param("id"),
      c.req.valid("json"),
      clock(),
    );
    return created(c, outcome, refill);
  })
  .get("/revisit", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    return c.json({ revisit: await getRevisit(db, me.patientId, clock()) });
  })
  .put("/revisit", validate("json", revisitBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    return c.json({ revisit: await putRevisit(db, me.patientId, c.req.valid("json"), clock(), "patient") });
  });

export const patientRevisitRoutes = new Hono<AppEnv>()
  .get("/:id/revisit", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_revisit");
    const { db, clock } = c.var.deps;
    return c.json({ revisit: await getRevisit(db, id, clock()) });
  })
  .put("/:id/revisit", validate("json", revisitBody), async (c) => {
    const user = requirePortalUser(c.var.principal);
    const id = await clinicianPatient(c, c.req.param("id"), "set_revisit");
    const { db, clock } = c.var.deps;
    return c.json({ revisit: await putRevisit(db, id, c.req.valid("json"), clock(), user.userId) });
  });
