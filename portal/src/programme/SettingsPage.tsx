// Programme settings for admins: name, conditions, targets, consent text and version, education
// content. Validated with the same schema as the API before sending.
import {
  type EducationItem,
  PROGRAMME_CONDITIONS,
  type ProgrammeCondition,
  programmeSettingsBody,
} from "@steady/shared";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, isStale } from "../api/client";
import { ConflictNotice } from "../components/Conflict";
import { ErrorBox, Loading } from "../components/Status";
import { useI18n } from "../i18n/i18n";
import { type SettingsView, useSaveSettings, useSettings } from "./api";
import "./programme.css";
import { useWords } from "./words";

export default function SettingsPage() {
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.error || !settings.data) return <ErrorBox error={settings.error} />;
  return <SettingsForm initial={settings.data} />;
}

const pct = (x: number) => String(Math.round(x * 1000) / 10);

/** The form's fields as text, from a stored version of the settings. */
function fieldsOf(v: SettingsView) {
  return {
    name: v.name,
    conditions: v.conditions as ProgrammeCondition[],
    baseline: pct(v.targets.baselineAdherence),
    target: pct(v.targets.targetAdherence),
    enrolment: String(v.targets.enrolmentTarget),
    version: v.consent.version,
    consentText: v.consent.text ?? "",
    education: v.education as EducationItem[],
  };
}
type Fields = ReturnType<typeof fieldsOf>;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function SettingsForm({ initial }: { initial: SettingsView }) {
  const { w } = useWords();
  const { t } = useI18n();
  const save = useSaveSettings();
  // The stored version this edit is based on: its `version` goes out as If-Match (ADR 0011).
  const [base, setBase] = useState(initial);
  const [conflict, setConflict] = useState<SettingsView | null>(null);
  const [name, setName] = useState(initial.name);
  const [conditions, setConditions] = useState<ProgrammeCondition[]>(initial.conditions);
  const [baseline, setBaseline] = useState(pct(initial.targets.baselineAdherence));
  const [target, setTarget] = useState(pct(initial.targets.targetAdherence));
  const [enrolment, setEnrolment] = useState(String(initial.targets.enrolmentTarget));
  const [version, setVersion] = useState(initial.consent.version);
  const [consentText, setConsentText] = useState(initial.consent.text ?? "");
  const [education, setEducation] = useState<EducationItem[]>(initial.education);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), []);
  const form: Fields = { name, conditions, baseline, target, enrolment, version, consentText, education };
  const setForm = (f: Fields) => {
    setName(f.name);
    setConditions(f.conditions);
    setBaseline(f.baseline);
    setTarget(f.target);
    setEnrolment(f.enrolment);
    setVersion(f.version);
    setConsentText(f.consentText);
    setEducation(f.education);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    await send(form, base);
  }

  /** Re-applies the fields the person changed on top of the stored version, and saves again. */
  async function redo() {
    if (!conflict) return;
    const from = fieldsOf(base);
    const mine = { ...fieldsOf(conflict) } as Record<string, unknown>;
    for (const [k, v] of Object.entries(form)) if (!same(v, from[k as keyof Fields])) mine[k] = v;
    setBase(conflict);
    setConflict(null);
    setForm(mine as Fields);
    await send(mine as Fields, conflict);
  }

  function discard() {
    if (!conflict) return;
    setBase(conflict);
    setForm(fieldsOf(conflict));
    setConflict(null);
  }

  // A row per field either side changed; a field the person left alone reads "unchanged".
  const conflictRows = (() => {
    if (!conflict) return [];
    const from = fieldsOf(base);
    const now = fieldsOf(conflict);
    const list = (c: ProgrammeCondition[]) => c.map((x) => w(`settings.${x}`)).join(" + ");
    const edu = (items: EducationItem[]) => items.map((x) => x.zh.title).join("、");
    const show: { [K in keyof Fields]: [string, (v: Fields[K]) => string] } = {
      name: [w("settings.name"), (v) => v],
      conditions: [w("settings.conditions"), list],
      baseline: [w("settings.baseline"), (v) => v],
      target: [w("settings.target"), (v) => v],
      enrolment: [w("settings.enrolmentTarget"), (v) => v],
      version: [w("settings.consentVersion"), (v) => v],
      consentText: [w("settings.consentText"), (v) => v],
      education: [w("settings.education"), edu],
    };
    return (Object.keys(show) as (keyof Fields)[])
      .filter((k) => !same(form[k], from[k]) || !same(now[k], from[k]))
      .map((k) => {
        const [label, fmt] = show[k] as [string, (v: unknown) => string];
        return {
          label,
          mine: same(form[k], from[k]) ? t("conflict.unchanged") : fmt(form[k]),
          theirs: fmt(now[k]),
        };
      });
  })();

  async function send(f: Fields, on: SettingsView) {
    const { name, conditions, baseline, target, enrolment, version, consentText, education } = f;
    setSaved(false);
    const body = {
      name,
      conditions,
      targets: {
        baselineAdherence: Number(baseline) / 100,
        targetAdherence: Number(target) / 100,
        enrolmentTarget: Number(enrolment),
      },
      education,
      ...(consentText.trim() ? { consent: { version, text: consentText } } : {}),
    };
    const parsed = programmeSettingsBody.safeParse(body);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
      return;
    }
    setErrors([]);
    try {
      await save.mutateAsync({ body: parsed.data, version: on.version });
      setSaved(true);
    } catch (e) {
      if (isStale(e)) setConflict(e.current as SettingsView);
    }
  }

  const editItem = (i: number, patch: (x: EducationItem) => EducationItem) =>
    setEducation(education.map((x, j) => (j === i ? patch(x) : x)));

  return (
    <section className="page settings" data-testid="settings">
      <h1>{w("settings.title")}</h1>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <label>
            {w("settings.name")}
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <div>
            {w("settings.conditions")}
            <div className="checks">
              {PROGRAMME_CONDITIONS.map((c) => (
                <label key={c}>
                  <input
                    type="checkbox"
                    checked={conditions.includes(c)}
                    onChange={(e) =>
                      setConditions(e.target.checked ? [...conditions, c] : conditions.filter((x) => x !== c))
                    }
                  />
                  {w(`settings.${c}`)}
                </label>
              ))}
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>{w("settings.targets")}</legend>
          <div className="row">
            <label>
              {w("settings.baseline")}
              <input inputMode="decimal" value={baseline} onChange={(e) => setBaseline(e.target.value)} />
            </label>
            <label>
              {w("settings.target")}
              <input inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />
            </label>
            <label>
              {w("settings.enrolmentTarget")}
              <input inputMode="numeric" value={enrolment} onChange={(e) => setEnrolment(e.target.value)} />
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{w("settings.consent")}</legend>
          <p className="muted small">{w("settings.consentHint")}</p>
          <label>
            {w("settings.consentVersion")}
            <input value={version} onChange={(e) => setVersion(e.target.value)} />
          </label>
          <label>
            {w("settings.consentText")}
            <textarea rows={5} value={consentText} onChange={(e) => setConsentText(e.target.value)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>{w("settings.education")}</legend>
          <p className="muted small">{w("settings.educationHint")}</p>
          {education.map((item, i) => (
            <div key={item.id} className="row" data-testid="education-item">
              <label>
                {w("settings.itemTitle")} (中文)
                <input
                  value={item.zh.title}
                  onChange={(e) => editItem(i, (x) => ({ ...x, zh: { ...x.zh, title: e.target.value } }))}
                />
              </label>
              <label>
                {w("settings.itemBody")} (中文)
                <input
                  value={item.zh.body}
                  onChange={(e) => editItem(i, (x) => ({ ...x, zh: { ...x.zh, body: e.target.value } }))}
                />
              </label>
              <label>
                {w("settings.itemTitle")} (EN)
                <input
                  value={item.en.title}
                  onChange={(e) => editItem(i, (x) => ({ ...x, en: { ...x.en, title: e.target.value } }))}
                />
              </label>
              <label>
                {w("settings.itemBody")} (EN)
                <input
                  value={item.en.body}
                  onChange={(e) => editItem(i, (x) => ({ ...x, en: { ...x.en, body: e.target.value } }))}
                />
              </label>
              <label>
                {w("settings.itemCondition")}
                <select
                  value={item.condition ?? ""}
                  onChange={(e) =>
                    editItem(i, ({ condition: _c, ...x }) =>
                      e.target.value ? { ...x, condition: e.target.value as ProgrammeCondition } : x,
                    )
                  }
                >
                  <option value="">{w("settings.all")}</option>
                  {PROGRAMME_CONDITIONS.map((c) => (
                    <option key={c} value={c}>
                      {w(`settings.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              <div>
                <button type="button" onClick={() => setEducation(education.filter((_, j) => j !== i))}>
                  {w("settings.remove")}
                </button>
              </div>
            </div>
          ))}
          <div>
            <button
              type="button"
              onClick={() =>
                setEducation([
                  ...education,
                  {
                    id: `tip-${Date.now().toString(36)}`,
                    zh: { title: "", body: "" },
                    en: { title: "", body: "" },
                  },
                ])
              }
            >
              {w("settings.add")}
            </button>
          </div>
        </fieldset>
        {errors.length > 0 && (
          <ul className="error" role="alert">
            {errors.map((e) => (
              <li key={e}>⚠ {e}</li>
            ))}
          </ul>
        )}
        {conflict && (
          <ConflictNotice
            rows={conflictRows}
            busy={save.isPending}
            onRedo={() => void redo()}
            onDiscard={discard}
          />
        )}
        {save.error && !conflict && !(save.error instanceof ApiError && save.error.status === 412) && (
          <ErrorBox error={save.error} />
        )}
        {saved && (
          <p className="ok" role="status">
            ✓ {w("settings.saved")}
          </p>
        )}
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? w("form.saving") : w("settings.save")}
        </button>
      </form>
    </section>
  );
}
