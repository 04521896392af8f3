// The frame of the rep, manager and admin pages: their own navigation (no patient lists), who is
// signed in, language, sign out. Patient pages are not reachable from here (and the API refuses).
import { NavLink } from "react-router";
import { useMe } from "../api/queries";
import { Frame, whoText } from "../components/Frame";
import { useWords, type Word } from "./words";

export function ProgrammeLayout() {
  const { w } = useWords();
  const me = useMe();
  const user = me.data && "name" in me.data ? me.data : null;
  const role = user?.role ?? "rep";

  return (
    <Frame
      brand={w("app.name")}
      who={user ? whoText(user.name, w(`role.${role}` as Word)) : null}
      nav={
        <>
          <NavLink to="/programme" end>
            {w(role === "rep" ? "nav.home.rep" : "nav.home.manager")}
          </NavLink>
          {role === "admin" && <NavLink to="/programme/invites">{w("nav.approvals")}</NavLink>}
          {role === "rep" && <NavLink to="/programme/safety-report">{w("nav.safetyReport")}</NavLink>}
          {role === "admin" && <NavLink to="/programme/settings">{w("nav.settings")}</NavLink>}
          {role === "admin" && <NavLink to="/programme/dead-letters">{w("nav.deadLetters")}</NavLink>}
        </>
      }
    />
  );
}
