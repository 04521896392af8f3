// Which kind of caller a handler needs. The policy table (auth/policy.ts) has already refused
// roles that may not call the route; these narrow the principal's type for the handler and
// guard against a route listed for both kinds by mistake.
import type { PatientContext, Principal } from "../env";
import { ProblemError } from "./problem";

export function requirePatient(p: Principal | null): PatientContext {
  if (p?.role !== "patient") throw new ProblemError(401, "patient session required");
  return p;
}

export function requirePortalUser(p: Principal | null) {
  if (!p || p.role === "patient") throw new ProblemError(401, "portal session required");
  return p;
}
