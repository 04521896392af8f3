// The frame every signed-in page shares: skip link, top bar (brand, the role's navigation, who is
// signed in, language, sign out) and the page itself. The clinician, programme and safety layouts
// differ only in their brand, navigation and role word; the frame's own words are the portal's.
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Outlet, useNavigate } from "react-router";
import { api } from "../api/client";
import { useI18n } from "../i18n/i18n";
import { LanguageToggle } from "./LanguageToggle";

/** "林静 · 医学助理", unless the account's name already says the role ("陈晓东 医生"). */
export const whoText = (name: string, role: string) => (name.includes(role) ? name : `${name} · ${role}`);

export function Frame(props: { brand: string; nav: ReactNode; who: string | null }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();

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
          <span aria-hidden="true">◉</span> {props.brand}
        </span>
        <nav aria-label={t("nav.label")}>{props.nav}</nav>
        <span className="spacer" />
        {props.who && <span className="who">{props.who}</span>}
        <LanguageToggle />
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
