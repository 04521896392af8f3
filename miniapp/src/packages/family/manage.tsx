import { FAMILY_CONSENT_VERSION, FAMILY_SHARES, type FamilyShare as ShareKey } from "@steady/shared";
import { Button as NativeButton, View } from "@tarojs/components";
import { useShareAppMessage } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { uuidv7 } from "uuidv7";
import type { FamilyShare, FollowerRow, InviteCreated } from "../../api/types";
import { BackButton } from "../../components/BackButton";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { Screen } from "../../components/Screen";
import { shownVersion } from "../../lib/people";
import { copyText, isH5 } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

/**
 * The patient's side of family follow (亲情关注): invite a family member with a code or a WeChat
 * share card, choose what they see and whether they get notices (with a consent of its own), see
 * who follows, change it, or end it at once.
 */
export default function FamilyManage() {
  const { store, t } = useApp();
  const [followers, setFollowers] = useState<FollowerRow[] | null>(null);
  const [share, setShare] = useState<FamilyShare>({ doses: true, bp: true, glucose: true });
  const [notices, setNotices] = useState(true);
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);

  const load = useCallback(async () => {
    setFollowers(await store.call((api) => api.followers()));
  }, [store]);
  useGate(load);

  // The WeChat share card opens the accept page with the code (the tap on the share button).
  useShareAppMessage(() => ({
    title: t("family.inviteTitle"),
    path: invite ? `/${invite.path}` : "/packages/family/index",
  }));

  const create = async () => {
    setNote(null);
    if (!share.doses && !share.bp && !share.glucose) return setError(t("family.mustShare"));
    if (!consent) return setError(t("family.mustConsent"));
    setError(null);
    try {
      const created = await store.call((api) =>
        api.createInvite({
          id: uuidv7(),
          share,
          notices,
          consent: { version: FAMILY_CONSENT_VERSION, accepted: true },
        }),
      );
      setInvite(created);
      setConsent(false);
      await load();
    } catch (e) {
      setError(t("common.error", { msg: (e as Error).message }));
    }
  };

  const change = async (f: FollowerRow, patch: { share?: Partial<FamilyShare>; notices?: boolean }) => {
    try {
      await store.call((api) => api.updateFollower(f.id, patch));
      setNote(t("family.saved"));
      await load();
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  const revoke = async (f: FollowerRow) => {
    await store.call((api) => api.revokeFollower(f.id));
    setConfirm(null);
    if (invite?.id === f.id) setInvite(null);
    setNote(t("family.revoked"));
    await load();
  };

  const shareLabel = (k: ShareKey) => t(`family.share.${k}`);
  return (
    <Screen testId="page-family-manage">
      <BackButton fallback="/pages/me/index" />
      <View className="h1">{t("family.title")}</View>
      {note ? (
        <View className="notice" role="status" data-testid="family-note">
          {note}
        </View>
      ) : null}

      <View className="card" data-testid="followers">
        <View className="h2">{t("family.followers")}</View>
        {followers && followers.length === 0 ? <View className="muted">{t("family.none")}</View> : null}
        {(followers ?? []).map((f) => {
          const label = f.label ?? t("family.someone");
          return (
            <View key={f.id} className="follower" data-testid="follower-row" data-status={f.status}>
              <View className="p strong">
                {f.status === "pending"
                  ? t("family.pending", { code: f.code ?? "" })
                  : t("family.active", { label })}
              </View>
              {FAMILY_SHARES.map((k) => (
                <Checkbox
                  key={k}
                  checked={f.share[k]}
                  label={shareLabel(k)}
                  testId={`follower-share-${k}`}
                  onChange={(v) => void change(f, { share: { [k]: v } })}
                />
              ))}
              <Checkbox
                checked={f.notices}
                label={t("family.notices")}
                onChange={(v) => void change(f, { notices: v })}
              />
              {confirm === f.id ? (
                <View className="confirm" data-testid="revoke-confirm">
                  <View className="p">
                    {f.status === "pending"
                      ? t("family.withdrawConfirm", { code: f.code ?? "" })
                      : t("family.revokeConfirm", { label })}
                  </View>
                  <View className="row-buttons">
                    <Button kind="danger" testId="revoke-yes" onClick={() => void revoke(f)}>
                      {f.status === "pending" ? t("family.withdrawYes") : t("family.revokeYes")}
                    </Button>
                    <Button kind="secondary" onClick={() => setConfirm(null)}>
                      {t("common.cancel")}
                    </Button>
                  </View>
                </View>
              ) : (
                <Button kind="danger" small testId="revoke" onClick={() => setConfirm(f.id)}>
                  {f.status === "pending" ? t("family.withdraw") : t("family.revoke")}
                </Button>
              )}
            </View>
          );
        })}
      </View>

      {invite ? (
        <View className="card" data-testid="invite-created">
          <View className="h2">{t("family.code")}</View>
          <View className="big invite-code" data-testid="invite-code">
            {invite.code}
          </View>
          <View className="p">{t("family.codeHint")}</View>
          {!isH5 ? (
            <NativeButton className="btn btn-primary btn-block" openType="share">
              {t("family.shareCard")}
            </NativeButton>
          ) : null}
          <Button
            block
            kind="secondary"
            onClick={() =>
              void copyText(t("family.inviteText", { code: invite.code ?? "" })).then((o) =>
                setNote(o === "ok" ? t("family.copied") : null),
              )
            }
          >
            {t("family.copyLink")}
          </Button>
        </View>
      ) : null}

      <View className="card" data-testid="invite-form">
        <View className="h2">{t("family.inviteTitle")}</View>
        <View className="field-label">{t("family.shareWhat")}</View>
        {FAMILY_SHARES.map((k) => (
          <Checkbox
            key={k}
            checked={share[k]}
            label={shareLabel(k)}
            testId={`share-${k}`}
            onChange={(v) => setShare({ ...share, [k]: v })}
          />
        ))}
        <Checkbox
          checked={notices}
          label={t("family.notices")}
          testId="share-notices"
          onChange={setNotices}
        />
        <View className="h2">{t("family.consentTitle")}</View>
        <View className="p">{t("family.consentText")}</View>
        <View className="muted">
          {t("family.consentVersion", { v: shownVersion(FAMILY_CONSENT_VERSION) })}
        </View>
        <Checkbox
          checked={consent}
          label={t("family.consentCheck")}
          testId="family-consent"
          onChange={setConsent}
        />
        {error ? (
          <View className="field-error" role="alert" data-testid="invite-error">
            ✗ {error}
          </View>
        ) : null}
        <Button block testId="invite-create" onClick={() => void create()}>
          {t("family.create")}
        </Button>
      </View>
    </Screen>
  );
}
