import type { ReactNode } from "react";
import { NotForYourRole, SignedIn } from "../components/SignedIn";
import { useI18n } from "../i18n/i18n";

/** Signed-in clinicians only; anyone else is sent to sign in (and back here afterwards). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <SignedIn>
      {(me) =>
        me.role === "doctor" || me.role === "assistant" ? (
          children
        ) : (
          <NotForYourRole title={t("auth.notClinician.title")} body={t("auth.notClinician.body")} />
        )
      }
    </SignedIn>
  );
}
