// Who goes where after signing in: reps, managers and admins to the programme pages, clinicians
// to their worklists. The guards only route; the API's policy is what actually refuses.

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { fetchMe, keys } from "../api/queries";
import { SignedIn } from "../components/SignedIn";

export const PROGRAMME_ROLES = ["rep", "manager", "admin"] as const;
export type ProgrammeRole = (typeof PROGRAMME_ROLES)[number];
export const isProgrammeRole = (role: string): role is ProgrammeRole =>
  (PROGRAMME_ROLES as readonly string[]).includes(role);

/**
 * Around the clinicians' pages: programme roles (and the safety officer) are sent to their own
 * home instead. It watches
 * only the role (a string), so it never re-renders the clinicians' pages on its own: a re-render
 * from here in the middle of a navigation would reset their URL-driven inputs.
 */
export function ProgrammeRedirect({ children }: { children: ReactNode }) {
  const role = useQuery({
    queryKey: keys.me,
    queryFn: fetchMe,
    select: (m) => m.role,
    retry: false,
    staleTime: 60_000,
  }).data;
  if (role && isProgrammeRole(role)) return <Navigate to="/programme" replace />;
  // The safety officer reads cases, not patients: their own pages.
  // (`safety` joins the worker's role type when the safety routes are merged.)
  if ((role as string | undefined) === "safety") return <Navigate to="/safety" replace />;
  return <>{children}</>;
}

/** Around the programme pages: signed-in reps, managers and admins (some pages fewer roles). */
export function RequireProgrammeRole({
  children,
  roles = PROGRAMME_ROLES,
}: {
  children: ReactNode;
  roles?: readonly ProgrammeRole[];
}) {
  return (
    <SignedIn>
      {(me) => (roles.includes(me.role as ProgrammeRole) ? children : <Navigate to="/" replace />)}
    </SignedIn>
  );
}
