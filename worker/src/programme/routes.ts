// The rep and programme side of the API (issue 6): onboarding clinics, invites, enrolment codes
// and posters, aggregate dashboards and exports, and admin-edited programme settings. Patient
// data is never read here except through the suppressed release (ADR 0007).
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { clinicInviteRoutes, inviteApprovalRoutes } from "./clinic-invites-routes";
import { clinicRoutes } from "./clinics-routes";
import { programmeCodeRoutes } from "./codes-routes";
import { inviteRoutes } from "./invites-routes";
import { reportRoutes } from "./reports-routes";
import { settingsRoutes } from "./settings-routes";

export const programmeRoutes = new Hono<AppEnv>()
  .route("/clinics", clinicRoutes)
  .route("/clinics", clinicInviteRoutes)
  .route("/invite-approvals", inviteApprovalRoutes)
  .route("/invites", inviteRoutes)
  .route("/codes", programmeCodeRoutes)
  .route("/reports", reportRoutes)
  .route("/programme", settingsRoutes);
