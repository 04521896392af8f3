// Routes. The triage list (home) and the small pages are in the first bundle; the patient view
// and the printable report — the pages with charts — load on demand.
import { lazy, Suspense } from "react";
import { createBrowserRouter } from "react-router";
import { Layout } from "../components/Layout";
import { Loading } from "../components/Status";
import { AlertsPage } from "../pages/AlertsPage";
import { FollowUpsPage } from "../pages/FollowUpsPage";
import { LoginPage } from "../pages/LoginPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { TriagePage } from "../pages/TriagePage";
import { ProgrammeRedirect } from "../programme/roles";
import { InviteApprovalsPage, page, programmeRoutes } from "../programme/routes";
import { safetyRoutes } from "../safety/routes";
import { RequireAuth } from "./RequireAuth";

const PatientPage = lazy(() => import("../pages/PatientPage"));
const ReportPage = lazy(() => import("../pages/ReportPage"));
const DiaryPage = lazy(() => import("../pages/DiaryPage"));

export const createRouter = () =>
  createBrowserRouter([
    { path: "/login", element: <LoginPage /> },
    ...programmeRoutes,
    ...safetyRoutes,
    {
      element: (
        <ProgrammeRedirect>
          <RequireAuth>
            <Layout />
          </RequireAuth>
        </ProgrammeRedirect>
      ),
      children: [
        { index: true, element: <TriagePage /> },
        { path: "alerts", element: <AlertsPage /> },
        { path: "follow-ups", element: <FollowUpsPage /> },
        // Doctors approve the invites reps made to their clinic (the API refuses assistants).
        { path: "invites", element: page(<InviteApprovalsPage />) },
        {
          path: "patients/:id",
          element: (
            <Suspense fallback={<Loading />}>
              <PatientPage />
            </Suspense>
          ),
        },
        {
          path: "patients/:id/report",
          element: (
            <Suspense fallback={<Loading />}>
              <ReportPage />
            </Suspense>
          ),
        },
        {
          path: "patients/:id/diary",
          element: (
            <Suspense fallback={<Loading />}>
              <DiaryPage />
            </Suspense>
          ),
        },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);
