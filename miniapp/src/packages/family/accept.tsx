import { INVITE_CODE } from "@steady/shared";
import { View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { ApiError } from "../../api/client";
import type { InvitePreview } from "../../api/types";
import { BackButton } from "../../components/BackButton";
import { Button } from "../../components/Button";
import { Field } from "../../components/Field";
import { Screen } from "../../components/Screen";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

/**
 * A family member accepts an invite: they open it from the share card (the code in the page's
 * query) or type the code, see whose invite it is and what they will see, and accept. They sign
 * in with their own WeChat and need not be enrolled.
 */
export default function FamilyAccept() {
  const { store, t } = useApp();
  const router = useRouter();
  const [code, setCode] = useState((router.params.code ?? "").toUpperCase());
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [label, setLabel] = useState("");
  const [error, setError] = useState<string | null>(null);

  const lookUp = useCallback(
    async (raw: string) => {
      const c = raw.trim().toUpperCase();
      setPreview(null);
      if (!INVITE_CODE.test(c)) return setError(t("family.invalidCode"));
      setError(null);
      try {
        setPreview(await store.call((api) => api.previewInvite(c)));
        setCode(c);
      } catch (e) {
        setError(e instanceof ApiError ? t("family.invalidCode") : t("err.network"));
      }
    },
    [store, t],
  );
  useGate(
    useCallback(async () => {
      if (router.params.code) await lookUp(router.params.code);
    }, [router.params.code, lookUp]),
    { enrolment: true },
  );

  const accept = async () => {
    try {
      const { id } = await store.call((api) => api.acceptInvite(code, label.trim() || undefined));
      await Taro.redirectTo({ url: `/packages/family/index?link=${id}` });
    } catch (e) {
      setError(e instanceof ApiError ? (e.problem.detail ?? t("family.invalidCode")) : t("err.network"));
    }
  };

  return (
    <Screen testId="page-family-accept">
      <BackButton fallback="/pages/enrol/index" />
      <View className="h1">{t("family.acceptTitle")}</View>
      <View className="card">
        <Field
          name="inviteCode"
          label={t("family.enterCode")}
          value={code}
          onInput={(v) => setCode(v.toUpperCase())}
          maxlength={8}
        />
        <Button block kind="secondary" testId="invite-check" onClick={() => void lookUp(code)}>
          {t("family.check")}
        </Button>
        {error ? (
          <View className="field-error" role="alert" data-testid="accept-error">
            ✗ {error}
          </View>
        ) : null}
      </View>
      {preview ? (
        <View className="card" data-testid="invite-preview">
          {preview.own ? (
            <View className="p">{t("family.ownInvite")}</View>
          ) : (
            <View>
              <View className="p strong">{t("family.preview", { name: preview.patient.name })}</View>
              {(["doses", "bp", "glucose"] as const)
                .filter((k) => preview.share[k])
                .map((k) => (
                  <View key={k} className="p">
                    ✓ {t(`family.share.${k}`)}
                  </View>
                ))}
              {preview.notices ? <View className="p">✓ {t("family.notices")}</View> : null}
              <View className="muted">{t("family.readOnly")}</View>
              <Field
                name="label"
                label={t("family.yourName")}
                value={label}
                onInput={setLabel}
                maxlength={20}
              />
              <Button block testId="invite-accept" onClick={() => void accept()}>
                {t("family.accept")}
              </Button>
            </View>
          )}
        </View>
      ) : null}
    </Screen>
  );
}
