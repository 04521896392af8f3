import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError } from "../api/client";
import { useMe } from "../api/queries";
import { ErrorBox, Loading } from "../components/Status";
import { useI18n } from "../i18n/i18n";

/** Signed-in clinicians only; anyone else is sent to sign in (and back here afterwards). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { t } = useI18n();
  if (me.isPending) return <Loading />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (me.error) return <ErrorBox error={me.error} />;
  if (me.data.role !== "doctor" && me.data.role !== "assistant") {
    return (
      <main className="page narrow">
        <h1>{t("auth.notClinician.title")}</h1>
        <p>{t("auth.notClinician.body")}</p>
      </main>
    );
  }
  return <>{children}</>;
}
