import { enrolBody, PATIENT_CONDITIONS, type PatientCondition, SEXES } from "@steady/shared";
import { View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { ApiError } from "../../api/client";
import type { CodePreview, EnrolResult } from "../../api/types";
import { Button } from "../../components/Button";
import { Choice, Field } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { doctorName } from "../../lib/people";
import { type FieldErrors, numberField, validate } from "../../lib/validation";
import { isH5, NetworkError, scanEnrolmentCode } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

type Step = "code" | "doctor" | "consent" | "declined" | "profile" | "done";

/** Tries of the code preview before the patient is asked to try again (waits 0.5 s, 1 s between). */
const PREVIEW_TRIES = 3;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A 4xx other than these will not change by asking again. */
const retryable = (e: unknown) =>
  !(e instanceof ApiError) || e.status >= 500 || e.status === 408 || e.status === 429 || e.status === 401;

/** An error shown right under the button the patient tapped, in their language. */
function StepError(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <View className="field-error step-error" role="alert" data-testid="step-error">
      ✗ {props.text}
    </View>
  );
}

export default function Enrol() {
  const { state, store, t } = useApp();
  const router = useRouter();
  const [step, setStep] = useState<Step>("code");
  const [code, setCode] = useState("");
  const [preview, setPreview] = useState<CodePreview | null>(null);
  const [consented, setConsented] = useState(false);
  const [profile, setProfile] = useState({
    name: "",
    birthYear: "",
    sex: undefined as string | undefined,
    phone: "",
    /** "unsure" is an answer too: nothing is sent, and the doctor fills it in. */
    condition: undefined as PatientCondition | "unsure" | undefined,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [result, setResult] = useState<EnrolResult | null>(null);

  /**
   * The clinic, doctor and consent version behind a code, from the server only: without them
   * the patient cannot confirm the doctor nor agree to the current text, so a failed preview is
   * retried and then offered again — it never lets the patient on without the doctor's name.
   */
  const fetchPreview = useCallback(
    async (c: string): Promise<CodePreview | "invalid" | "network" | "failed"> => {
      let last: unknown;
      for (let attempt = 0; attempt < PREVIEW_TRIES; attempt++) {
        if (attempt > 0) await wait(500 * 2 ** (attempt - 1));
        try {
          const p = await store.call((api) => api.previewCode(c));
          if (p?.doctor?.name && p.clinic?.name && p.programme?.consentVersion) return p;
          last = new Error("incomplete preview");
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) return "invalid";
          last = e;
          if (!retryable(e)) break;
        }
      }
      return last instanceof NetworkError ? "network" : "failed";
    },
    [store],
  );

  const lookUp = useCallback(
    async (raw: string) => {
      const c = raw.trim();
      if (!c) {
        setErrors({ code: t("field.code") });
        return;
      }
      setErrors({});
      setMessage(null);
      setBusy(true);
      try {
        const p = await fetchPreview(c);
        setCode(c);
        if (p === "invalid") setErrors({ code: t("enrol.codeInvalid") });
        else if (p === "network") setMessage(t("err.network"));
        else if (p === "failed") setMessage(t("enrol.previewFailed"));
        else {
          setPreview(p);
          setStep("doctor");
        }
      } finally {
        setBusy(false);
      }
    },
    [fetchPreview, t],
  );

  const start = useCallback(async () => {
    const scene =
      (router.params.scene ? decodeURIComponent(router.params.scene) : undefined) ?? store.state.pendingScene;
    if (store.state.session?.enrolled && !scene) {
      await Taro.redirectTo({ url: "/pages/today/index" });
      return;
    }
    if (scene && step === "code" && !code) {
      setCode(scene);
      await lookUp(scene);
    }
  }, [router.params.scene, store, step, code, lookUp]);
  const gate = useGate(start, { enrolment: true });

  const scan = async () => {
    const res = await scanEnrolmentCode();
    if (res.outcome === "ok" && res.code) {
      setCode(res.code);
      await lookUp(res.code);
    } else if (res.outcome === "unsupported") setMessage(t("enrol.scanUnsupported"));
  };

  // The programme's current consent text version, as the server will check it (never a constant).
  const consentVersion = preview?.programme?.consentVersion;

  const submit = async () => {
    const birthYear = numberField(profile.birthYear);
    const body = {
      code,
      consent: { version: consentVersion, accepted: consented },
      profile: {
        name: profile.name,
        birthYear,
        sex: profile.sex,
        phone: profile.phone.trim() || undefined,
        timezone: state.tz,
        condition: profile.condition === "unsure" ? undefined : profile.condition,
      },
    };
    const v = validate(enrolBody, body, {
      "profile.name": "field.name",
      "profile.birthYear": "field.birthYear",
      "profile.sex": "field.sex",
      "profile.phone": "field.phone",
      code: "field.code",
      consent: "enrol.consentMustCheck",
    });
    if (!v.ok) {
      setErrors(Object.fromEntries(Object.entries(v.errors).map(([k, m]) => [k, t(m as never) ?? m])));
      return;
    }
    setErrors({});
    setBusy(true);
    setMessage(null);
    try {
      const res = await store.call((api) => api.enrol(v.data));
      await store.markEnrolled();
      setResult(res);
      setStep("done");
    } catch (e) {
      const paths = e instanceof ApiError ? (e.problem.errors ?? []).map((x) => x.path) : [];
      if (e instanceof NetworkError) setMessage(t("err.network"));
      else if (paths.some((p) => p.startsWith("consent.version"))) {
        // The consent text changed since it was shown: show the new one and ask again.
        const p = await fetchPreview(code);
        if (typeof p === "object") setPreview(p);
        setConsented(false);
        setStep("consent");
        setMessage(t("enrol.consentChanged"));
      } else if (e instanceof ApiError && (paths.some((p) => p.startsWith("code")) || e.status === 404)) {
        setStep("code");
        setErrors({ code: t("enrol.codeInvalid") });
      } else if (e instanceof ApiError && e.status === 409) setMessage(t("enrol.alreadyElsewhere"));
      else if (e instanceof ApiError && e.status >= 500) setMessage(t("err.server"));
      else setMessage(t("enrol.failed"));
    } finally {
      setBusy(false);
    }
  };

  const go = (next: Step) => {
    setMessage(null);
    setStep(next);
  };

  return (
    <Screen testId="page-enrol">
      <View className="h1">{t("enrol.title")}</View>
      {gate.status === "error" ? <View className="notice">{t("login.failed")}</View> : null}

      {step === "code" ? (
        <View className="card">
          {!isH5 ? (
            <Button block testId="scan" onClick={() => void scan()}>
              {t("enrol.scan")}
            </Button>
          ) : (
            <View className="muted">{t("enrol.scanUnsupported")}</View>
          )}
          <Field
            name="code"
            label={t("enrol.codeLabel")}
            value={code}
            placeholder={t("enrol.codePlaceholder")}
            onInput={setCode}
            error={errors.code as string | undefined}
            maxlength={32}
          />
          <Button block disabled={busy} testId="code-check" onClick={() => void lookUp(code)}>
            {busy ? t("common.loading") : t("enrol.check")}
          </Button>
          <StepError text={message} />
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
      ) : null}

      {step === "doctor" && preview ? (
        <View className="card" data-testid="enrol-doctor">
          <View className="kv">
            <View className="k">{t("enrol.clinic")}</View>
            <View className="v big">{preview.clinic.name}</View>
          </View>
          <View className="kv">
            <View className="k">{t("enrol.doctor")}</View>
            <View className="v big">{t("enrol.doctorName", { name: doctorName(preview.doctor.name) })}</View>
          </View>
          <Button block testId="doctor-ok" onClick={() => go("consent")}>
            {t("enrol.confirmDoctor")}
          </Button>
          <Button block kind="secondary" onClick={() => go("code")}>
            {t("common.back")}
          </Button>
        </View>
      ) : null}

      {step === "consent" && consentVersion ? (
        <View className="card consent" data-testid="enrol-consent">
          <View className="h2">{t("enrol.consentTitle")}</View>
          <View className="p">{t("enrol.consentIntro")}</View>
          <View className="p">• {t("enrol.consentWhat")}</View>
          <View className="p">• {t("enrol.consentWhy")}</View>
          <View className="p">• {t("enrol.consentWho")}</View>
          <View className="p">• {t("enrol.consentRights")}</View>
          <View className="muted">{t("enrol.consentVersion", { v: consentVersion })}</View>
          <View
            className={`checkbox${consented ? " checked" : ""}`}
            role="checkbox"
            aria-checked={consented}
            data-testid="consent-check"
            onClick={() => setConsented(!consented)}
          >
            <View className="box">{consented ? "✓" : ""}</View>
            <View className="checkbox-label">{t("enrol.consentCheck")}</View>
          </View>
          {errors.consent ? <View className="field-error">✗ {errors.consent}</View> : null}
          <Button
            block
            testId="consent-agree"
            disabled={!consented}
            onClick={() => (consented ? go("profile") : setErrors({ consent: t("enrol.consentMustCheck") }))}
          >
            {t("enrol.consentAgree")}
          </Button>
          <StepError text={message} />
          <Button block kind="secondary" onClick={() => go("declined")}>
            {t("enrol.consentDecline")}
          </Button>
        </View>
      ) : null}

      {step === "declined" ? (
        <View className="card">
          <View className="p">{t("enrol.declined")}</View>
          <Button block kind="secondary" onClick={() => go("consent")}>
            {t("common.back")}
          </Button>
        </View>
      ) : null}

      {step === "profile" ? (
        <View className="card" data-testid="enrol-profile">
          <View className="h2">{t("enrol.profileTitle")}</View>
          <Field
            name="name"
            label={t("enrol.name")}
            value={profile.name}
            onInput={(name) => setProfile({ ...profile, name })}
            error={errors["profile.name"] as string | undefined}
            maxlength={40}
          />
          <Field
            name="birthYear"
            type="number"
            label={t("enrol.birthYear")}
            value={profile.birthYear}
            placeholder="1956"
            onInput={(birthYear) => setProfile({ ...profile, birthYear })}
            error={errors["profile.birthYear"] as string | undefined}
            maxlength={4}
          />
          <Choice
            name="sex"
            label={t("enrol.sex")}
            value={profile.sex}
            options={SEXES.map((s) => ({ value: s, label: t(`enrol.sex.${s}`) }))}
            onChange={(sex) => setProfile({ ...profile, sex })}
            error={errors["profile.sex"] as string | undefined}
          />
          <Field
            name="phone"
            type="number"
            label={t("enrol.phone")}
            value={profile.phone}
            onInput={(phone) => setProfile({ ...profile, phone })}
            error={errors["profile.phone"] as string | undefined}
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
              error={errors["profile.condition"] as string | undefined}
            />
          </View>
          <Button block testId="enrol-submit" disabled={busy} onClick={() => void submit()}>
            {t("enrol.submit")}
          </Button>
          <StepError text={message} />
        </View>
      ) : null}

      {step === "done" && result ? (
        <View className="card" data-testid="enrol-done">
          <View className="h2">
            ✓ {t("enrol.done", { clinic: result.clinic.name, doctor: doctorName(result.doctor.name) })}
          </View>
          <Button
            block
            testId="enrol-start"
            onClick={() => void Taro.redirectTo({ url: "/pages/today/index" })}
          >
            {t("enrol.start")}
          </Button>
        </View>
      ) : null}
    </Screen>
  );
}
