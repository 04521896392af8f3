// The month's diary and the monthly self-report (issue 13 items 6–7), for the patient (/me/…) and
// for clinicians of the patient's clinic (/patients/:id/…, through clinicianPatient: scoped and audited).
import {
  type MySelfReportsResponse,
  monthQuery,
  type PatientSelfReportsResponse,
  type SelfReportResponse,
  selfReportBody,
} from "@steady/shared";
import { Hono } from "hono";
import { clinicianPatient } from "../access/patient-access";
import { patientScope } from "../care/clinician-routes";
import type { AppEnv } from "../env";
import { requirePatient } from "../http/principal";
import { created } from "../http/respond";
import { validate } from "../http/validate";
import { diary, recordSelfReport, selfReportsWithLogged } from "./diary";

export const diaryRoutes = new Hono<AppEnv>()
  .get("/me/diary", validate("query", monthQuery), async (c) => {
    const me = requirePatient(c.var.principal);
    return c.json(await diary(c.var.deps.db, me, c.req.valid("query").month, c.var.deps.clock()));
  })
  .post("/me/self-reports", validate("json", selfReportBody), async (c) => {
    const me = requirePatient(c.var.principal);
    const { outcome, record } = await recordSelfReport(
      c.var.deps.db,
      me,
      c.req.valid("json"),
      c.var.deps.clock(),
    );
    return created(c, outcome, record satisfies SelfReportResponse);
  })
  .get("/me/self-reports", async (c) => {
    const me = requirePatient(c.var.principal);
    const { reports } = await selfReportsWithLogged(c.var.deps.db, me, c.var.deps.clock());
    // The patient sees their own answers; the disagreement flag is a prompt for the doctor.
    const own = reports.map(({ disagreement: _d, ...r }) => r);
    return c.json({ reports: own } satisfies MySelfReportsResponse);
  })
  .get("/patients/:id/diary", validate("query", monthQuery), async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_diary");
    const { scope } = await patientScope(c.var.deps.db, id);
    return c.json(await diary(c.var.deps.db, scope, c.req.valid("query").month, c.var.deps.clock()));
  })
  .get("/patients/:id/self-reports", async (c) => {
    const id = await clinicianPatient(c, c.req.param("id"), "read_self_reports");
    const { scope } = await patientScope(c.var.deps.db, id);
    const reports = await selfReportsWithLogged(c.var.deps.db, scope, c.var.deps.clock());
    return c.json(reports satisfies PatientSelfReportsResponse);
  });
