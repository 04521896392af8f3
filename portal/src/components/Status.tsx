import { ApiError } from "../api/client";
import { useI18n } from "../i18n/i18n";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="status" role="status" aria-live="polite">
      {label ?? t("status.loading")}
    </p>
  );
}

/** An error in words: what happened and what to do, never a stack trace. */
export function errorText(error: unknown, t: ReturnType<typeof useI18n>["t"]): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t("error.network");
    if (error.status === 401) return t("error.signedOut");
    if (error.status === 403) return t("error.forbidden");
    if (error.status === 404) return t("error.notFound");
    if (error.status === 409) return t("error.conflict");
    if (error.status === 422 || error.status === 400) {
      const fields = error.errors.map((e) => `${e.path}: ${e.message}`).join("; ");
      return `${t("error.invalid")}${fields ? ` (${fields})` : ""}`;
    }
    return t("error.server");
  }
  return t("error.server");
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useI18n();
  return (
    <p className="error" role="alert">
      ⚠ {errorText(error, t)}
    </p>
  );
}
