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
import { QueryFallback } from "../components/QueryState";
import { ErrorBox } from "../components/Status";
import { useI18n } from "../i18n/i18n";
import { type SettingsView, useSaveSettings, useSettings } from "./api";
import "./programme.css";
import { useWords } from "./words";

export default function SettingsPage() {
  const settings = useSettings();
  if (!settings.isSuccess) return <QueryFallback query={settings} />;
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
type Words = ReturnType<typeof useWords>["w"];
/** Sets one field of the form. */
type SetField = <K extends keyof Fields>(k: K, v: Fields[K]) => void;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The body the API takes, from the form's text fields (percentages become shares). */
function bodyOf(f: Fields) {
  const { name, conditions, baseline, target, enrolment, version, consentText, education } = f;
  return {
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
}

/**
 * A row per field either side changed since `base`; a field the person left alone reads
 * "unchanged".
 */
function conflictRowsOf(
  form: Fields,
  base: SettingsView,
  conflict: SettingsView,
  w: Words,
  unchanged: string,
) {
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
        mine: same(form[k], from[k]) ? unchanged : fmt(form[k]),
        theirs: fmt(now[k]),
      };
    });
}

function SettingsForm({ initial }: { initial: SettingsView }) {
  const { w } = useWords();
  const { t } = useI18n();
  const save = useSaveSettings();
  // The stored version this edit is based on: its `version` goes out as If-Match (ADR 0011).
  const [base, setBase] = useState(initial);
  const [conflict, setConflict] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<Fields>(() => fieldsOf(initial));
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), []);
  const set: SetField = (k, v) => setForm((f) => ({ ...f, [k]: v }));

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

  async function send(f: Fields, on: SettingsView) {
    setSaved(false);
    const parsed = programmeSettingsBody.safeParse(bodyOf(f));
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

  return (
    <section className="page settings" data-testid="settings">
      <h1>{w("settings.title")}</h1>
      <form onSubmit={submit} noValidate>
        <NameAndConditions form={form} set={set} />
        <TargetFields form={form} set={set} />
        <ConsentFields form={form} set={set} />
        <EducationFields education={form.education} onChange={(v) => set("education", v)} />
        {errors.length > 0 && (
          <ul className="error" role="alert">
            {errors.map((e) => (
              <li key={e}>⚠ {e}</li>
            ))}
          </ul>
        )}
        {conflict && (
          <ConflictNotice
            rows={conflictRowsOf(form, base, conflict, w, t("conflict.unchanged"))}
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

function NameAndConditions({ form: { name, conditions }, set }: { form: Fields; set: SetField }) {
  const { w } = useWords();
  return (
    <fieldset>
      <label>
        {w("settings.name")}
        <input value={name} onChange={(e) => set("name", e.target.value)} />
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
                  set("conditions", e.target.checked ? [...conditions, c] : conditions.filter((x) => x !== c))
                }
              />
              {w(`settings.${c}`)}
            </label>
          ))}
        </div>
      </div>
    </fieldset>
  );
}

function TargetFields({ form: { baseline, target, enrolment }, set }: { form: Fields; set: SetField }) {
  const { w } = useWords();
  return (
    <fieldset>
      <legend>{w("settings.targets")}</legend>
      <div className="row">
        <label>
          {w("settings.baseline")}
          <input inputMode="decimal" value={baseline} onChange={(e) => set("baseline", e.target.value)} />
        </label>
        <label>
          {w("settings.target")}
          <input inputMode="decimal" value={target} onChange={(e) => set("target", e.target.value)} />
        </label>
        <label>
          {w("settings.enrolmentTarget")}
          <input inputMode="numeric" value={enrolment} onChange={(e) => set("enrolment", e.target.value)} />
        </label>
      </div>
    </fieldset>
  );
}

function ConsentFields({ form: { version, consentText }, set }: { form: Fields; set: SetField }) {
  const { w } = useWords();
  return (
    <fieldset>
      <legend>{w("settings.consent")}</legend>
      <p className="muted small">{w("settings.consentHint")}</p>
      <label>
        {w("settings.consentVersion")}
        <input value={version} onChange={(e) => set("version", e.target.value)} />
      </label>
      <label>
        {w("settings.consentText")}
        <textarea rows={5} value={consentText} onChange={(e) => set("consentText", e.target.value)} />
      </label>
    </fieldset>
  );
}

function EducationFields({
  education,
  onChange,
}: {
  education: EducationItem[];
  onChange: (v: EducationItem[]) => void;
}) {
  const { w } = useWords();
  return (
    <fieldset>
      <legend>{w("settings.education")}</legend>
      <p className="muted small">{w("settings.educationHint")}</p>
      {education.map((item, i) => (
        <EducationItemRow
          key={item.id}
          item={item}
          onEdit={(patch) => onChange(education.map((x, j) => (j === i ? patch(x) : x)))}
          onRemove={() => onChange(education.filter((_, j) => j !== i))}
        />
      ))}
      <div>
        <button
          type="button"
          onClick={() =>
            onChange([
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
  );
}

/** One education tip: title and body in Chinese and English, and the condition it is for. */
function EducationItemRow({
  item,
  onEdit,
  onRemove,
}: {
  item: EducationItem;
  onEdit: (patch: (x: EducationItem) => EducationItem) => void;
  onRemove: () => void;
}) {
  const { w } = useWords();
  return (
    <div className="row" data-testid="education-item">
      <label>
        {w("settings.itemTitle")} (中文)
        <input
          value={item.zh.title}
          onChange={(e) => onEdit((x) => ({ ...x, zh: { ...x.zh, title: e.target.value } }))}
        />
      </label>
      <label>
        {w("settings.itemBody")} (中文)
        <input
          value={item.zh.body}
          onChange={(e) => onEdit((x) => ({ ...x, zh: { ...x.zh, body: e.target.value } }))}
        />
      </label>
      <label>
        {w("settings.itemTitle")} (EN)
        <input
          value={item.en.title}
          onChange={(e) => onEdit((x) => ({ ...x, en: { ...x.en, title: e.target.value } }))}
        />
      </label>
      <label>
        {w("settings.itemBody")} (EN)
        <input
          value={item.en.body}
          onChange={(e) => onEdit((x) => ({ ...x, en: { ...x.en, body: e.target.value } }))}
        />
      </label>
      <label>
        {w("settings.itemCondition")}
        <select
          value={item.condition ?? ""}
          onChange={(e) =>
            onEdit(({ condition: _c, ...x }) =>
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
        <button type="button" onClick={onRemove}>
          {w("settings.remove")}
        </button>
      </div>
    </div>
  );
}
