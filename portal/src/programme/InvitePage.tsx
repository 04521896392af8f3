// Accepting an invitation: the clinic and role, a name and a password chosen twice — or, for an
// email that already has an account, that account's password (checked like a sign-in, with its
// lockout). The API does not say whether the email has an account; the invitee knows.
import { acceptInviteBody, MIN_PASSWORD_LENGTH } from "@steady/shared";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client";
import { LanguageToggle } from "../components/LanguageToggle";
import { ErrorBox, Loading } from "../components/Status";
import { useAcceptInvite, useInvite } from "./api";
import "./programme.css";
import { useWords, type Word } from "./words";

export default function InvitePage() {
  const { token = "" } = useParams();
  const invite = useInvite(token);
  const accept = useAcceptInvite(token);
  const { w } = useWords();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [hasAccount, setHasAccount] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (invite.isPending) return <Loading />;
  if (invite.error || !invite.data) {
    const gone =
      invite.error instanceof ApiError && (invite.error.status === 410 || invite.error.status === 404);
    return (
      <main className="login">
        <div className="card login-card" data-testid="invite-gone">
          <h1>{w("invite.gone")}</h1>
          {gone && invite.error instanceof ApiError ? (
            <p>{invite.error.detail}</p>
          ) : (
            <ErrorBox error={invite.error} />
          )}
          <Link to="/login">{w("invite.signIn")}</Link>
        </div>
      </main>
    );
  }
  const i = invite.data;
  const roleWord = w(`clinic.role.${i.role}` as Word);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!hasAccount && password.length < MIN_PASSWORD_LENGTH) return setError(w("invite.short"));
    if (!hasAccount && password !== again) return setError(w("invite.mismatch"));
    const parsed = acceptInviteBody.safeParse({ name: name || i.name || "", password });
    if (!parsed.success)
      return setError(parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; "));
    setError(null);
    try {
      await accept.mutateAsync(parsed.data);
    } catch (err) {
      // The sign-in outcomes in the reader's language; anything else as the API words it.
      if (err instanceof ApiError && err.status === 401) setError(w("invite.wrongPassword"));
      else if (err instanceof ApiError && err.status === 423) setError(w("invite.locked"));
      else if (err instanceof ApiError && err.status === 429) setError(w("invite.tooMany"));
      else setError(err instanceof ApiError ? err.detail : String(err));
    }
  }

  if (accept.data) {
    return (
      <main className="login">
        <div className="card login-card" data-testid="invite-done" role="status">
          <h1>✓ {w("invite.title")}</h1>
          <p>{w("invite.done", { clinic: accept.data.clinic.name })}</p>
          <Link className="button primary" to="/login">
            {w("invite.signIn")}
          </Link>
        </div>
      </main>
    );
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} noValidate data-testid="invite-form">
        <h1>{w("invite.title")}</h1>
        <p>{w("invite.intro", { clinic: i.clinic.name, role: roleWord })}</p>
        <p className="muted">
          {w("invite.email")}: <strong>{i.email}</strong>
        </p>
        <label>
          {w("invite.name")}
          <input
            value={name}
            placeholder={i.name ?? ""}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={hasAccount} onChange={(e) => setHasAccount(e.target.checked)} />{" "}
          {w("invite.haveAccount")}
        </label>
        {hasAccount && <p className="muted small">{w("invite.existingHint")}</p>}
        <label>
          {w(hasAccount ? "invite.passwordExisting" : "invite.password")}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={hasAccount ? "current-password" : "new-password"}
          />
        </label>
        {!hasAccount && (
          <label>
            {w("invite.password2")}
            <input
              type="password"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
              autoComplete="new-password"
            />
          </label>
        )}
        {error && (
          <p className="error" role="alert">
            ⚠ {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={accept.isPending}>
          {accept.isPending ? w("form.saving") : w("invite.submit")}
        </button>
        <LanguageToggle />
      </form>
    </main>
  );
}
