// The 保存 / 取消 pair that closes an inline edit form (a patient's condition, BP target, supply,
// revisit): one place so that they read, sit and disable alike.
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n";

/**
 * Save (the form's submit, disabled while `busy`) and cancel (a link-like button calling
 * `onCancel`); `children` go between them, e.g. a form's other action.
 */
export function SaveCancel({
  busy,
  onCancel,
  saveTestId,
  children,
}: {
  busy: boolean;
  onCancel: () => void;
  saveTestId?: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <button type="submit" className="primary" disabled={busy} data-testid={saveTestId}>
        {t("form.save")}
      </button>
      {children}
      <button type="button" className="link-button" onClick={onCancel}>
        {t("form.cancel")}
      </button>
    </>
  );
}
