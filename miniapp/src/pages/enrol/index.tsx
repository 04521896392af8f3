import { View } from "@tarojs/components";
import { Button } from "../../components/Button";
import { Screen } from "../../components/Screen";
import { useApp } from "../../state/store";
import { CodeStep, ConsentStep, DoctorStep, DoneStep, ProfileStep } from "./steps";
import { useEnrolment, useEnrolSubmit } from "./use-enrolment";

export default function Enrol() {
  const { t } = useApp();
  const e = useEnrolment();
  const s = useEnrolSubmit(e);
  const { step, go } = e;

  return (
    <Screen testId="page-enrol">
      <View className="h1">{t("enrol.title")}</View>
      {e.gate.status === "error" ? <View className="notice">{t("login.failed")}</View> : null}
      {step === "code" ? <CodeStep e={e} /> : null}
      {step === "doctor" && e.preview ? (
        <DoctorStep preview={e.preview} onOk={() => go("consent")} onBack={() => go("code")} />
      ) : null}
      {step === "consent" && s.consentVersion ? <ConsentStep e={e} s={s} version={s.consentVersion} /> : null}
      {step === "declined" ? (
        <View className="card">
          <View className="p">{t("enrol.declined")}</View>
          <Button block kind="secondary" onClick={() => go("consent")}>
            {t("common.back")}
          </Button>
        </View>
      ) : null}
      {step === "profile" ? <ProfileStep e={e} s={s} /> : null}
      {step === "done" && s.result ? <DoneStep result={s.result} /> : null}
    </Screen>
  );
}
