// The frame of the rep, manager and admin pages: their own navigation (no patient lists), who is
// signed in, language, sign out. Patient pages are not reachable from here (and the API refuses).
import { useQueryClient } from "@tanstack/react-query";
import { NavLink, Outlet, useNavigate } from "react-router";
import { api } from "../api/client";
import { useMe } from "../api/queries";
import { whoText } from "../components/Layout";
import { useWords, type Word } from "./words";

export function ProgrammeLayout() {
  const { w, locale, setLocale } = useWords();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const user = me.data && "name" in me.data ? me.data : null;
  const role = user?.role ?? "rep";

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
        {locale === "zh-CN" ? "跳到主要内容" : "Skip to main content"}
      </a>
      <header className="topbar">
        <span className="brand">
          <span aria-hidden="true">◉</span> {w("app.name")}
        </span>
        <nav aria-label={locale === "zh-CN" ? "主导航" : "Main"}>
          <NavLink to="/programme" end>
            {w(role === "rep" ? "nav.home.rep" : "nav.home.manager")}
          </NavLink>
          {role === "admin" && <NavLink to="/programme/settings">{w("nav.settings")}</NavLink>}
        </nav>
        <span className="spacer" />
        {user && <span className="who">{whoText(user.name, w(`role.${role}` as Word))}</span>}
        <button
          type="button"
          className="link-button"
          lang={locale === "zh-CN" ? "en" : "zh-CN"}
          onClick={() => setLocale(locale === "zh-CN" ? "en" : "zh-CN")}
        >
          {locale === "zh-CN" ? "English" : "中文"}
        </button>
        <button type="button" className="link-button" onClick={signOut}>
          {locale === "zh-CN" ? "退出登录" : "Sign out"}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
