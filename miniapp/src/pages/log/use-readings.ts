import { bpBody, type GlucoseContext, type GlucoseUnit, glucoseBody, UNITS } from "@steady/shared";
import { useState } from "react";
import { uuidv7 } from "uuidv7";
import type { Feedback } from "../../components/ReadingFeedback";
import { bpAlert, bpCategory, glucoseAlert, glucoseCategory, toMmol } from "../../lib/clinical";
import { type FieldErrors, numberField, validate } from "../../lib/validation";
import { useApp } from "../../state/store";

export type BpDraft = { systolic: string; diastolic: string; pulse: string };
export type GlucoseDraft = { value: string; unit: GlucoseUnit; context?: GlucoseContext };
const EMPTY_BP: BpDraft = { systolic: "", diastolic: "", pulse: "" };

/**
 * The two reading forms' drafts (kept while the patient switches between them) and their saves:
 * validated with the shared schemas, written to the outbox, and the feedback computed here so it
 * shows at once even with no network.
 */
export function useReadings(onSaved: (id: string, feedback: Feedback) => void) {
  const { store } = useApp();
  const [bp, setBp] = useState<BpDraft>(EMPTY_BP);
  const [glucose, setGlucose] = useState<GlucoseDraft>({ value: "", unit: UNITS.glucose });
  const [errors, setErrors] = useState<FieldErrors>({});

  const saveBp = async () => {
    const body = {
      id: uuidv7(),
      systolic: numberField(bp.systolic),
      diastolic: numberField(bp.diastolic),
      pulse: numberField(bp.pulse),
      measuredAt: store.now(),
    };
    const v = validate(bpBody, body, {
      systolic: "field.systolic",
      diastolic: (issue) => (issue.code === "custom" ? "field.diastolicOrder" : "field.diastolic"),
      pulse: "field.pulse",
    });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    const { systolic, diastolic } = v.data;
    const feedback: Feedback = {
      kind: "bp",
      category: bpCategory(systolic, diastolic),
      alert: bpAlert(systolic, diastolic),
      pending: true,
    };
    await store.write("bp", body as Record<string, unknown>);
    onSaved(body.id, feedback);
    setBp(EMPTY_BP);
  };

  const saveGlucose = async () => {
    const body = {
      id: uuidv7(),
      value: numberField(glucose.value),
      unit: glucose.unit,
      context: glucose.context,
      measuredAt: store.now(),
    };
    const v = validate(glucoseBody, body, {
      value: "field.glucose",
      context: "field.context",
      unit: "field.glucose",
    });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    const mmol = toMmol(v.data.value, v.data.unit);
    const feedback: Feedback = {
      kind: "glucose",
      category: glucoseCategory(mmol, v.data.context),
      alert: glucoseAlert(mmol),
      pending: true,
    };
    await store.write("glucose", body as Record<string, unknown>);
    onSaved(body.id, feedback);
    setGlucose({ ...glucose, value: "" });
  };

  // A value typed in mg/dL, in mmol/L as well (the unit doctors here read).
  const mg = glucose.unit === "mg/dL" ? numberField(glucose.value) : undefined;
  const mmolPreview = mg && Number.isFinite(mg) ? toMmol(mg, "mg/dL") : undefined;

  return { bp, setBp, glucose, setGlucose, mmolPreview, errors, setErrors, saveBp, saveGlucose };
}
