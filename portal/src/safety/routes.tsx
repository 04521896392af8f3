// The safety officer's side of the portal: its own frame and guard (role `safety` reads every
// case of the programme and no patient record), the inbox and the case page, loaded on demand.
import { lazy, type ReactNode, Suspense } from "react";
import { Navigate, NavLink, type RouteObject, useLocation } from "react-router";
import { ApiError } from "../api/client";
import { useMe } from "../api/queries";
import { CASES_CSV } from "../api/safety";
import { Frame, whoText } from "../components/Frame";
import { ErrorBox, Loading } from "../components/Status";
import { useSafetyWords } from "./words";

const InboxPage = lazy(() => import("./InboxPage"));
const CasePage = lazy(() => import("./CasePage"));

const page = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;

export function RequireSafetyRole({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { w } = useSafetyWords();
  if (me.isPending) return <Loading />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.error) return <ErrorBox error={me.error} />;
  if ((me.data.role as string) !== "safety") {
    return (
      <main className="page narrow">
        <h1>{w("notSafety.title")}</h1>
        <p>{w("notSafety.body")}</p>
      </main>
    );
  }
  return <>{children}</>;
}

export function SafetyLayout() {
  const { w, locale } = useSafetyWords();
  const me = useMe();
  const user = me.data && "name" in me.data ? me.data : null;
  return (
    <Frame
      brand={w("app.name")}
      navLabel={locale === "zh-CN" ? "主导航" : "Main"}
      skipLabel={locale === "zh-CN" ? "跳到主要内容" : "Skip to main content"}
      signOutLabel={locale === "zh-CN" ? "退出登录" : "Sign out"}
      who={user ? whoText(user.name, w("role.safety")) : null}
      nav={
        <>
          <NavLink to="/safety" end>
            {w("nav.inbox")}
          </NavLink>
          <a href={CASES_CSV} download>
            {w("nav.csv")}
          </a>
        </>
      }
    />
  );
}

export const safetyRoutes: RouteObject[] = [
  {
    path: "/safety",
    element: (
      <RequireSafetyRole>
        <SafetyLayout />
      </RequireSafetyRole>
    ),
    children: [
      { index: true, element: page(<InboxPage />) },
      { path: "cases/:id", element: page(<CasePage />) },
    ],
  },
];
