// Refills ("取了药") and the next visit (复诊), issue 13. The patient's routes act on their own
// record; the clinician's go through the access layer (clinic scope + audit).
import { type RefillResponse, type RevisitResponse, refillBody, revisitBody } from "@steady/shared";
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
    return created(c, outcome, refill satisfies RefillResponse | null);
  })
  .get("/revisit", async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    return c.json({ revisit: await getRevisit(db, me.patientId, clock()) } satisfies RevisitResponse);
  })
  .put("/revisit", validate("json", revisitBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { db, clock } = c.var.deps;
    const revisit = await putRevisit(db, me.patientId, c.req.valid("json"), clock(), "patient");
    return c.json({ revisit } satisfies RevisitResponse);
  });

export const patientRevisitRoutes = new Hono<AppEnv>()
  .get("/:id/revisit", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_revisit");
    const { db, clock } = c.var.deps;
    return c.json({ revisit: await getRevisit(db, id, clock()) } satisfies RevisitResponse);
  })
  .put("/:id/revisit", validate("json", revisitBody), async (c) => {
    const user = requirePortalUser(c.var.principal);
    const id = await clinicianPatient(c, c.req.param("id"), "set_revisit");
    const { db, clock } = c.var.deps;
    const revisit = await putRevisit(db, id, c.req.valid("json"), clock(), user.userId);
    return c.json({ revisit } satisfies RevisitResponse);
  });
