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

/** Whether asking again may help: no network or a server fault, not a refusal or a bad request. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** The error box. With `onRetry` (a load that failed) it offers to try again where that may help. */
export function ErrorBox({
  error,
  onRetry,
  retrying = false,
}: {
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  const { t } = useI18n();
  return (
    <p className="error" role="alert">
      ⚠ {errorText(error, t)}
      {onRetry && isRetryable(error) && (
        <>
          {" "}
          <button type="button" className="link-button" disabled={retrying} onClick={onRetry}>
            {t("status.retry")}
          </button>
        </>
      )}
    </p>
  );
}
