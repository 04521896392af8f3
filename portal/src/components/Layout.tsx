// The frame of every clinician page: who is signed in, the three work lists, language, sign out.
import { NavLink } from "react-router";
import { useAlerts, useMe } from "../api/queries";
import { useI18n } from "../i18n/i18n";
import { Frame, whoText } from "./Frame";

export function Layout() {
  const { t } = useI18n();
  const me = useMe();
  const open = useAlerts("open");
  const openCount = open.data?.alerts.length ?? 0;
  const user = me.data && "name" in me.data ? me.data : null;

  return (
    <Frame
      brand={t("app.name")}
      who={user ? whoText(user.name, t(user.role === "doctor" ? "role.doctor" : "role.assistant")) : null}
      nav={
        <>
          <NavLink to="/" end>
            {t("nav.triage")}
          </NavLink>
          <NavLink to="/alerts">
            {t("nav.alerts")}
            {openCount > 0 && (
              <span className="badge">
                <span aria-hidden="true">{openCount}</span>
                <span className="visually-hidden">{t("nav.openAlerts", { n: openCount })}</span>
              </span>
            )}
          </NavLink>
          <NavLink to="/follow-ups">{t("nav.followUps")}</NavLink>
          {user?.role === "doctor" && <NavLink to="/invites">{t("nav.invites")}</NavLink>}
        </>
      }
    />
  );
}
