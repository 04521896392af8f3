// Shown when a save answers 412 (ADR 0011): someone else saved this in the meantime, so nothing of
// ours was written. It says what differs — the person's edit against what is stored now — and
// lets them apply their edit again on top of the current version, or drop it.
import { useId } from "react";
import { useI18n } from "../i18n/i18n";

export interface ConflictRow {
  label: string;
  mine: string;
  theirs: string;
}

export function ConflictNotice({
  rows,
  onRedo,
  onDiscard,
  busy = false,
  canRedo = true,
}: {
  rows: ConflictRow[];
  onRedo: () => void;
  onDiscard: () => void;
  busy?: boolean;
  /** False when the edit cannot apply any more (the plan was stopped meanwhile). */
  canRedo?: boolean;
}) {
  const { t } = useI18n();
  const title = useId();
  const shown = rows.filter((r) => r.mine !== r.theirs);
  return (
    <div className="conflict" role="alertdialog" aria-labelledby={title} data-testid="conflict">
      <h4 id={title}>{t("conflict.title")}</h4>
      <p>{t("conflict.body")}</p>
      {shown.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("conflict.field")}</th>
              <th scope="col">{t("conflict.mine")}</th>
              <th scope="col">{t("conflict.theirs")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.mine}</td>
                <td>
                  <strong>{r.theirs}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-actions">
        {canRedo && (
          <button type="button" className="primary" disabled={busy} onClick={onRedo}>
            {t("conflict.redo")}
          </button>
        )}
        <button type="button" disabled={busy} onClick={onDiscard}>
          {t("conflict.discard")}
        </button>
      </div>
    </div>
  );
}
