// The guards' common part: who is signed in, once known. A 401 sends the person to sign in (and
// back to this page afterwards); other failures show as any load does.
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError } from "../api/client";
import { type Me, useMe } from "../api/queries";
import { QueryFallback } from "./QueryState";

export function SignedIn({ children }: { children: (me: Me) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (!me.isSuccess) return <QueryFallback query={me} />;
  return <>{children(me.data)}</>;
}

/** What a signed-in person sees on pages that are not for their role. */
export function NotForYourRole({ title, body }: { title: string; body: string }) {
  return (
    <main className="page narrow">
      <h1>{title}</h1>
      <p>{body}</p>
    </main>
  );
}
