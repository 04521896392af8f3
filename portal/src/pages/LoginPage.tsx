// Sign in. Wrong password and lock-out answers say what happened and what to do next.
import { portalLoginBody } from "@steady/shared";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError, api, json } from "../api/client";
import { keys } from "../api/queries";
import { LanguageToggle } from "../components/LanguageToggle";
import { type MessageKey, useI18n } from "../i18n/i18n";

/** The API's 423 detail says "locked for N more minutes"; show N in the reader's language. */
export function lockedMinutes(detail: string): number | null {
  const m = /(\d+)\s*(more\s*)?minute/i.exec(detail);
  return m ? Number(m[1]) : null;
}

export function loginErrorMessage(
  error: unknown,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t("login.wrong");
    if (error.status === 423) {
      const minutes = lockedMinutes(error.detail);
      return minutes ? t("login.locked", { minutes }) : t("login.lockedNoTime");
    }
    if (error.status === 422) return t("login.invalidEmail");
    if (error.status === 429) return t("login.tooMany");
    if (error.status === 0) return t("error.network");
  }
  return t("error.server");
}

export function LoginPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const parsed = portalLoginBody.safeParse({ email, password });
    if (!parsed.success) {
      setError(
        parsed.error.issues.some((i) => i.path[0] === "email")
          ? t("login.invalidEmail")
          : t("login.needPassword"),
      );
      return;
    }
    setBusy(true);
    try {
      await json(api.auth.login.$post({ json: parsed.data }));
      await qc.invalidateQueries({ queryKey: keys.me });
      const next = params.get("next");
      // Only paths inside the portal (never another site).
      navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
    } catch (err) {
      setError(loginErrorMessage(err, t));
      setPassword("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form
        className="card login-card"
        onSubmit={submit}
        noValidate
        aria-describedby={error ? "login-error" : undefined}
      >
        <h1>
          <span aria-hidden="true">◉</span> {t("app.name")}
        </h1>
        <p className="muted">{t("login.intro")}</p>
        <label>
          {t("login.email")}
          <input
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            // biome-ignore lint/a11y/noAutofocus: the only task on this page is to sign in
            autoFocus
          />
        </label>
        <label>
          {t("login.password")}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p id="login-error" className="error" role="alert">
            ⚠ {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("login.signingIn") : t("login.submit")}
        </button>
        <LanguageToggle />
      </form>
    </main>
  );
}
