// The rep and programme side of the API (issue 6): onboarding clinics, invites, enrolment codes
// and posters, aggregate dashboards and exports, and admin-edited programme settings. Patient
// data is never read here except through the suppressed release (ADR 0007).
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { clinicInviteRoutes, inviteApprovalRoutes } from "./clinic-invites";
import { clinicRoutes } from "./programme-clinics";
import { programmeCodeRoutes } from "./programme-codes";
import { inviteRoutes } from "./programme-invites";
import { reportRoutes } from "./programme-reports";
import { settingsRoutes } from "./programme-settings";

export const programmeRoutes = new Hono<AppEnv>()
  .route("/clinics", clinicRoutes)
  .route("/clinics", clinicInviteRoutes)
  .route("/invite-approvals", inviteApprovalRoutes)
  .route("/invites", inviteRoutes)
  .route("/codes", programmeCodeRoutes)
  .route("/reports", reportRoutes)
  .route("/programme", settingsRoutes);
