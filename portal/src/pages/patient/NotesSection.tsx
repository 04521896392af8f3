import { noteBody } from "@steady/shared";
import { type FormEvent, useState } from "react";
import { uuidv7 } from "uuidv7";
import { useAddNote, useNotes } from "../../api/queries";
import { QueryState } from "../../components/QueryState";
import { ErrorBox } from "../../components/Status";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";

export function NotesSection({ patientId }: { patientId: string }) {
  const { t, locale } = useI18n();
  const notes = useNotes(patientId);
  const add = useAddNote(patientId);
  const [body, setBody] = useState("");
  const [invalid, setInvalid] = useState(false);
  // One id per note being written, so a retried send never stores it twice.
  const [draftId, setDraftId] = useState(uuidv7);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = noteBody.safeParse({ id: draftId, body });
    setInvalid(!parsed.success);
    if (!parsed.success) return;
    await add.mutateAsync(parsed.data);
    setBody("");
    setDraftId(uuidv7());
  }

  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t("notes.title")}</h2>
      <form onSubmit={submit} className="note-form">
        <label>
          <span className="visually-hidden">{t("notes.new")}</span>
          <textarea
            rows={2}
            value={body}
            placeholder={t("notes.placeholder")}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={invalid}
          />
        </label>
        {invalid && <span className="field-error">{t("notes.empty")}</span>}
        <button type="submit" disabled={add.isPending}>
          {t("notes.add")}
        </button>
        {add.error && <ErrorBox error={add.error} />}
      </form>
      <QueryState query={notes} isEmpty={(d) => d.notes.length === 0} empty={t("notes.none")}>
        {(d) => (
          <ul className="plain timeline">
            {d.notes.map((n) => (
              <li key={n.id}>
                <p>{n.body}</p>
                <p className="muted small">
                  {n.author.name} · {formatDateTime(n.createdAt, locale)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
