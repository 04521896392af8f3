import { PATIENT_CONDITIONS, SEXES } from "@steady/shared";
import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { CodePreview, EnrolResult } from "../../api/types";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Choice, Field } from "../../components/Field";
import { doctorName } from "../../lib/people";
import { isH5 } from "../../platform";
import { useApp } from "../../state/store";
import type { useEnrolment, useEnrolSubmit } from "./use-enrolment";

/** The enrolment's state and actions, as the page's hooks give them. */
type Flow = { e: ReturnType<typeof useEnrolment>; s: ReturnType<typeof useEnrolSubmit> };

/** An error shown right under the button the patient tapped, in their language. */
export function StepError(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <View className="field-error step-error" role="alert" data-testid="step-error">
      ✗ {props.text}
    </View>
  );
}

export function CodeStep({ e }: Pick<Flow, "e">) {
  const { t } = useApp();
  return (
    <View className="card">
      {!isH5 ? (
        <Button block testId="scan" onClick={() => void e.scan()}>
          {t("enrol.scan")}
        </Button>
      ) : (
        <View className="muted">{t("enrol.scanUnsupported")}</View>
      )}
      <Field
        name="code"
        label={t("enrol.codeLabel")}
        value={e.code}
        placeholder={t("enrol.codePlaceholder")}
        onInput={e.setCode}
        error={e.errors.code as string | undefined}
        maxlength={32}
      />
      <Button block disabled={e.busy} testId="code-check" onClick={() => void e.lookUp(e.code)}>
        {e.busy ? t("common.loading") : t("enrol.check")}
      </Button>
      <StepError text={e.message} />
      {/* A family member (亲情关注) uses their own WeChat without enrolling. */}
      <Button
        block
        kind="plain"
        testId="i-am-family"
        onClick={() => void Taro.navigateTo({ url: "/packages/family/index" })}
      >
        {t("family.iAmFamily")}
      </Button>
    </View>
  );
}

export function DoctorStep(props: { preview: CodePreview; onOk: () => void; onBack: () => void }) {
  const { t } = useApp();
  return (
    <View className="card" data-testid="enrol-doctor">
      <View className="kv">
        <View className="k">{t("enrol.clinic")}</View>
        <View className="v big">{props.preview.clinic.name}</View>
      </View>
      <View className="kv">
        <View className="k">{t("enrol.doctor")}</View>
        <View className="v big">
          {t("enrol.doctorName", { name: doctorName(props.preview.doctor.name) })}
        </View>
      </View>
      <Button block testId="doctor-ok" onClick={props.onOk}>
        {t("enrol.confirmDoctor")}
      </Button>
      <Button block kind="secondary" onClick={props.onBack}>
        {t("common.back")}
      </Button>
    </View>
  );
}

export function ConsentStep({ e, s, version }: Flow & { version: string }) {
  const { t } = useApp();
  const { consented } = s;
  return (
    <View className="card consent" data-testid="enrol-consent">
      <View className="h2">{t("enrol.consentTitle")}</View>
      <View className="p">{t("enrol.consentIntro")}</View>
      <View className="p">• {t("enrol.consentWhat")}</View>
      <View className="p">• {t("enrol.consentWhy")}</View>
      <View className="p">• {t("enrol.consentWho")}</View>
      <View className="p">• {t("enrol.consentRights")}</View>
      <View className="muted">{t("enrol.consentVersion", { v: version })}</View>
      <Checkbox
        checked={consented}
        onChange={s.setConsented}
        label={t("enrol.consentCheck")}
        testId="consent-check"
      />
      {e.errors.consent ? <View className="field-error">✗ {e.errors.consent}</View> : null}
      <Button
        block
        testId="consent-agree"
        disabled={!consented}
        onClick={() => (consented ? e.go("profile") : e.setErrors({ consent: t("enrol.consentMustCheck") }))}
      >
        {t("enrol.consentAgree")}
      </Button>
      <StepError text={e.message} />
      <Button block kind="secondary" onClick={() => e.go("declined")}>
        {t("enrol.consentDecline")}
      </Button>
    </View>
  );
}

export function ProfileStep({ e, s }: Flow) {
  const { t } = useApp();
  const { profile, setProfile } = s;
  const err = (k: string) => e.errors[`profile.${k}`] as string | undefined;
  return (
    <View className="card" data-testid="enrol-profile">
      <View className="h2">{t("enrol.profileTitle")}</View>
      <Field
        name="name"
        label={t("enrol.name")}
        value={profile.name}
        onInput={(name) => setProfile({ ...profile, name })}
        error={err("name")}
        maxlength={40}
      />
      <Field
        name="birthYear"
        type="number"
        label={t("enrol.birthYear")}
        value={profile.birthYear}
        placeholder="1956"
        onInput={(birthYear) => setProfile({ ...profile, birthYear })}
        error={err("birthYear")}
        maxlength={4}
      />
      <Choice
        name="sex"
        label={t("enrol.sex")}
        value={profile.sex}
        options={SEXES.map((s) => ({ value: s, label: t(`enrol.sex.${s}`) }))}
        onChange={(sex) => setProfile({ ...profile, sex })}
        error={err("sex")}
      />
      <Field
        name="phone"
        type="number"
        label={t("enrol.phone")}
        value={profile.phone}
        onInput={(phone) => setProfile({ ...profile, phone })}
        error={err("phone")}
        maxlength={11}
      />
      {/* One choice per line, full width: big targets for older hands. */}
      <View className="choice-stack">
        <Choice
          name="condition"
          label={t("enrol.condition")}
          value={profile.condition}
          options={[...PATIENT_CONDITIONS, "unsure" as const].map((c) => ({
            value: c,
            label: t(`enrol.condition.${c}`),
          }))}
          onChange={(condition) => setProfile({ ...profile, condition })}
          error={err("condition")}
        />
      </View>
      <Button block testId="enrol-submit" disabled={e.busy} onClick={() => void s.submit()}>
        {t("enrol.submit")}
      </Button>
      <StepError text={e.message} />
    </View>
  );
}

export function DoneStep({ result }: { result: EnrolResult }) {
  const { t } = useApp();
  return (
    <View className="card" data-testid="enrol-done">
      <View className="h2">
        ✓ {t("enrol.done", { clinic: result.clinic.name, doctor: doctorName(result.doctor.name) })}
      </View>
      <Button block testId="enrol-start" onClick={() => void Taro.redirectTo({ url: "/pages/today/index" })}>
        {t("enrol.start")}
      </Button>
    </View>
  );
}
