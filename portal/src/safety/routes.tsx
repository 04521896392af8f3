// The safety officer's side of the portal: its own frame and guard (role `safety` reads every
// case of the programme and no patient record), the inbox and the case page, loaded on demand.
import { lazy, type ReactNode, Suspense } from "react";
import { NavLink, type RouteObject } from "react-router";
import { useMe } from "../api/queries";
import { CASES_CSV } from "../api/safety";
import { Frame, whoText } from "../components/Frame";
import { NotForYourRole, SignedIn } from "../components/SignedIn";
import { Loading } from "../components/Status";
import { useSafetyWords } from "./words";

const InboxPage = lazy(() => import("./InboxPage"));
const CasePage = lazy(() => import("./CasePage"));

const page = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;

export function RequireSafetyRole({ children }: { children: ReactNode }) {
  const { w } = useSafetyWords();
  return (
    <SignedIn>
      {(me) =>
        (me.role as string) === "safety" ? (
          children
        ) : (
          <NotForYourRole title={w("notSafety.title")} body={w("notSafety.body")} />
        )
      }
    </SignedIn>
  );
}

export function SafetyLayout() {
  const { w } = useSafetyWords();
  const me = useMe();
  const user = me.data && "name" in me.data ? me.data : null;
  return (
    <Frame
      brand={w("app.name")}
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
