// The frame of every signed-in page: who is signed in, the three work lists, language, sign out.
import { useQueryClient } from "@tanstack/react-query";
import { NavLink, Outlet, useNavigate } from "react-router";
import { api } from "../api/client";
import { useAlerts, useMe } from "../api/queries";
import { useI18n } from "../i18n/i18n";

/** "林静 · 医学助理", unless the account's name already says the role ("陈晓东 医生"). */
export const whoText = (name: string, role: string) => (name.includes(role) ? name : `${name} · ${role}`);

export function Layout() {
  const { t, locale, setLocale } = useI18n();
  const me = useMe();
  const open = useAlerts("open");
  const qc = useQueryClient();
  const navigate = useNavigate();
  const openCount = open.data?.alerts.length ?? 0;
  const user = me.data && "name" in me.data ? me.data : null;

  async function signOut() {
    try {
      await api.auth.logout.$post();
    } finally {
      qc.clear();
      navigate("/login", { replace: true });
    }
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <span className="brand">
          <span aria-hidden="true">◉</span> {t("app.name")}
        </span>
        <nav aria-label={t("nav.label")}>
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
        </nav>
        <span className="spacer" />
        {user && (
          <span className="who">
            {whoText(user.name, t(user.role === "doctor" ? "role.doctor" : "role.assistant"))}
          </span>
        )}
        <button
          type="button"
          className="link-button"
          lang={locale === "zh-CN" ? "en" : "zh-CN"}
          onClick={() => setLocale(locale === "zh-CN" ? "en" : "zh-CN")}
        >
          {locale === "zh-CN" ? "English" : "中文"}
        </button>
        <button type="button" className="link-button" onClick={signOut}>
          {t("nav.signOut")}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
