// Routes of the programme side, added to the portal's router: lazily loaded pages in their own
// frame, the printable poster without a frame, and the public invite page.
import { lazy, type ReactNode, Suspense } from "react";
import type { RouteObject } from "react-router";
import { Loading } from "../components/Status";
import { ProgrammeLayout } from "./ProgrammeLayout";
import { RequireProgrammeRole } from "./roles";

const ProgrammeHome = lazy(() => import("./ProgrammeHome"));
const ClinicPage = lazy(() => import("./ClinicPage"));
const PosterPage = lazy(() => import("./PosterPage"));
const SettingsPage = lazy(() => import("./SettingsPage"));
const InvitePage = lazy(() => import("./InvitePage"));
const DeadLettersPage = lazy(() => import("./DeadLettersPage"));
export const InviteApprovalsPage = lazy(() => import("./InviteApprovalsPage"));
const RepReportPage = lazy(() => import("../safety/RepReportPage"));

export const page = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;

export const programmeRoutes: RouteObject[] = [
  { path: "/invite/:token", element: page(<InvitePage />) },
  // Doctors print their own posters too; the API decides whose code it is.
  { path: "/programme/codes/:code/poster", element: page(<PosterPage />) },
  {
    path: "/programme",
    element: (
      <RequireProgrammeRole>
        <ProgrammeLayout />
      </RequireProgrammeRole>
    ),
    children: [
      { index: true, element: page(<ProgrammeHome />) },
      { path: "clinics/:id", element: page(<ClinicPage />) },
      // Write-only adverse-event report: a rep gets a case number and reads no case.
      {
        path: "safety-report",
        element: <RequireProgrammeRole roles={["rep"]}>{page(<RepReportPage />)}</RequireProgrammeRole>,
      },
      {
        path: "invites",
        element: (
          <RequireProgrammeRole roles={["admin"]}>{page(<InviteApprovalsPage />)}</RequireProgrammeRole>
        ),
      },
      {
        path: "dead-letters",
        element: <RequireProgrammeRole roles={["admin"]}>{page(<DeadLettersPage />)}</RequireProgrammeRole>,
      },
      {
        path: "settings",
        element: <RequireProgrammeRole roles={["admin"]}>{page(<SettingsPage />)}</RequireProgrammeRole>,
      },
    ],
  },
];
