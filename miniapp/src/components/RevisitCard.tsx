// The next visit (复诊) on the 我的 page (issue 13): set by the patient or by their doctor;
// reminders come the day before and that morning.
import { localDateOf, localDate as localDateSchema, revisitBody } from "@steady/shared";
import { View } from "@tarojs/components";
import { useCallback, useEffect, useState } from "react";
import type { Revisit } from "../api/types";
import { type FieldErrors, validate } from "../lib/validation";
import { useApp } from "../state/store";
import { Button } from "./Button";
import { Field } from "./Field";
import { StatusNote } from "./StatusNote";

export function RevisitCard() {
  const { state, store, t } = useApp();
  const [revisit, setRevisit] = useState<Revisit | null>(null);
  const [editing, setEditing] = useState(false);
  const [date, setDate] = useState("");
  const [hospital, setHospital] = useState("");
  const [department, setDepartment] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRevisit((await store.call((api) => api.revisit())).revisit);
    } catch {
      // offline: the card offers to set it; saving says what went wrong
    }
  }, [store]);
  useEffect(() => {
    void load();
  }, [load]);

  const open = () => {
    setDate(revisit?.date ?? "");
    setHospital(revisit?.hospital ?? "");
    setDepartment(revisit?.department ?? "");
    setEditing(true);
  };

  const save = async () => {
    setNote(null);
    const body = {
      date: date.trim(),
      hospital: hospital.trim() || null,
      department: department.trim() || null,
    };
    const today = localDateOf(store.now(), state.tz);
    const v = validate(revisitBody, body, { date: "revisit.badDate" });
    if (!v.ok) return setErrors(v.errors);
    if (!localDateSchema.safeParse(body.date).success || body.date < today)
      return setErrors({ date: "revisit.badDate" });
    setErrors({});
    try {
      const r = await store.call((api) => api.saveRevisit(v.data as typeof body));
      setRevisit(r.revisit);
      setEditing(false);
      setNote(t("revisit.saved"));
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  const where = [revisit?.hospital, revisit?.department].filter(Boolean).join(" ");
  return (
    <View className="card" data-testid="revisit-card">
      <View className="h2">{t("revisit.title")}</View>
      {revisit ? (
        <View className="p strong keep-words" data-testid="revisit-shown">
          {t("revisit.shown", { date: revisit.date, where: where || "—" })}
          {revisit.setBy === "clinician" ? ` · ${t("revisit.byDoctor")}` : ""}
        </View>
      ) : (
        <View className="p">{t("revisit.none")}</View>
      )}
      {revisit?.overdue ? (
        <View className="notice" role="alert" data-testid="revisit-overdue">
          ⚠ {t("revisit.overdue")}
        </View>
      ) : null}
      {editing ? (
        <View data-testid="revisit-form">
          <Field
            name="revisitDate"
            label={t("revisit.date")}
            value={date}
            onInput={setDate}
            maxlength={10}
            placeholder="2026-12-04"
            error={errors.date && t(errors.date as never)}
          />
          <Field
            name="hospital"
            label={t("revisit.hospital")}
            value={hospital}
            onInput={setHospital}
            maxlength={60}
          />
          <Field
            name="department"
            label={t("revisit.department")}
            value={department}
            onInput={setDepartment}
            maxlength={40}
          />
          <View className="row-buttons">
            <Button testId="revisit-save" onClick={() => void save()}>
              {t("revisit.save")}
            </Button>
            <Button kind="secondary" onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </Button>
          </View>
        </View>
      ) : (
        <Button block kind="secondary" testId="revisit-edit" onClick={open}>
          {t("revisit.edit")}
        </Button>
      )}
      <StatusNote text={note} testId="revisit-note" />
    </View>
  );
}
