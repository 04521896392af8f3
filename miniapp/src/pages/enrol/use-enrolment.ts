import { enrolBody, type PatientCondition } from "@steady/shared";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { ApiError } from "../../api/client";
import type { CodePreview, EnrolResult } from "../../api/types";
import { type FieldErrors, numberField, validate } from "../../lib/validation";
import { NetworkError, scanEnrolmentCode } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";
import { fetchPreview } from "./preview";

export type Step = "code" | "doctor" | "consent" | "declined" | "profile" | "done";

export interface ProfileDraft {
  name: string;
  birthYear: string;
  sex?: string;
  phone: string;
  /** "unsure" is an answer too: nothing is sent, and the doctor fills it in. */
  condition?: PatientCondition | "unsure";
}

/**
 * The enrolment's steps up to the doctor's name: the code (typed, scanned, or from the QR scene the
 * app was opened with), its preview, and the step shown with its message and field errors.
 */
export function useEnrolment() {
  const { store, t } = useApp();
  const router = useRouter();
  const [step, setStep] = useState<Step>("code");
  const [code, setCode] = useState("");
  const [preview, setPreview] = useState<CodePreview | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

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
        const p = await fetchPreview(store, c);
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
    [store, t],
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

  const go = (next: Step) => {
    setMessage(null);
    setStep(next);
  };

  return {
    step,
    setStep,
    go,
    code,
    setCode,
    preview,
    setPreview,
    errors,
    setErrors,
    busy,
    setBusy,
    message,
    setMessage,
    gate,
    lookUp,
    scan,
  };
}

type Enrolment = ReturnType<typeof useEnrolment>;

/** The consent and the profile, and the enrolment itself with what each refusal means for the patient. */
export function useEnrolSubmit(e: Enrolment) {
  const { state, store, t } = useApp();
  const [consented, setConsented] = useState(false);
  const [profile, setProfile] = useState<ProfileDraft>({ name: "", birthYear: "", phone: "" });
  const [result, setResult] = useState<EnrolResult | null>(null);
  // The programme's current consent text version, as the server will check it (never a constant).
  const consentVersion = e.preview?.programme?.consentVersion;

  // A refused enrolment: a changed consent text is shown again; a bad code goes back to its step.
  const refused = async (err: unknown) => {
    const paths = err instanceof ApiError ? (err.problem.errors ?? []).map((x) => x.path) : [];
    if (err instanceof NetworkError) e.setMessage(t("err.network"));
    else if (paths.some((p) => p.startsWith("consent.version"))) {
      // The consent text changed since it was shown: show the new one and ask again.
      const p = await fetchPreview(store, e.code);
      if (typeof p === "object") e.setPreview(p);
      setConsented(false);
      e.setStep("consent");
      e.setMessage(t("enrol.consentChanged"));
    } else if (err instanceof ApiError && (paths.some((p) => p.startsWith("code")) || err.status === 404)) {
      e.setStep("code");
      e.setErrors({ code: t("enrol.codeInvalid") });
    } else if (err instanceof ApiError && err.status === 409) e.setMessage(t("enrol.alreadyElsewhere"));
    else if (err instanceof ApiError && err.status >= 500) e.setMessage(t("err.server"));
    else e.setMessage(t("enrol.failed"));
  };

  const submit = async () => {
    const body = {
      code: e.code,
      consent: { version: consentVersion, accepted: consented },
      profile: {
        name: profile.name,
        birthYear: numberField(profile.birthYear),
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
      e.setErrors(Object.fromEntries(Object.entries(v.errors).map(([k, m]) => [k, t(m as never) ?? m])));
      return;
    }
    e.setErrors({});
    e.setBusy(true);
    e.setMessage(null);
    try {
      const res = await store.call((api) => api.enrol(v.data));
      await store.markEnrolled();
      setResult(res);
      e.setStep("done");
    } catch (err) {
      await refused(err);
    } finally {
      e.setBusy(false);
    }
  };

  return { consented, setConsented, profile, setProfile, result, consentVersion, submit };
}
