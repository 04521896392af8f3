import { FAMILY_CONSENT_VERSION, FAMILY_SHARES, type FamilyShare as ShareKey } from "@steady/shared";
import { Button as NativeButton, View } from "@tarojs/components";
import { useState } from "react";
import { uuidv7 } from "uuidv7";
import type { FamilyShare, FollowerRow, InviteCreated } from "../../api/types";
import { Button } from "../../components/Button";
import { Checkbox } from "../../components/Checkbox";
import { shownVersion } from "../../lib/people";
import { copyText, isH5 } from "../../platform";
import { useApp } from "../../state/store";

export type FollowerPatch = { share?: Partial<FamilyShare>; notices?: boolean };

/** One follower (or a pending invite): what they see, their notices, and ending it behind a confirm. */
export function Follower(props: {
  f: FollowerRow;
  confirming: boolean;
  setConfirm: (id: string | null) => void;
  onChange: (patch: FollowerPatch) => void;
  onRevoke: () => void;
}) {
  const { t } = useApp();
  const { f } = props;
  const label = f.label ?? t("family.someone");
  const pending = f.status === "pending";
  return (
    <View className="follower" data-testid="follower-row" data-status={f.status}>
      <View className="p strong">
        {pending ? t("family.pending", { code: f.code ?? "" }) : t("family.active", { label })}
      </View>
      {FAMILY_SHARES.map((k) => (
        <Checkbox
          key={k}
          checked={f.share[k]}
          label={t(`family.share.${k}`)}
          testId={`follower-share-${k}`}
          onChange={(v) => props.onChange({ share: { [k]: v } })}
        />
      ))}
      <Checkbox
        checked={f.notices}
        label={t("family.notices")}
        onChange={(v) => props.onChange({ notices: v })}
      />
      {props.confirming ? (
        <View className="confirm" data-testid="revoke-confirm">
          <View className="p">
            {pending
              ? t("family.withdrawConfirm", { code: f.code ?? "" })
              : t("family.revokeConfirm", { label })}
          </View>
          <View className="row-buttons">
            <Button kind="danger" testId="revoke-yes" onClick={props.onRevoke}>
              {pending ? t("family.withdrawYes") : t("family.revokeYes")}
            </Button>
            <Button kind="secondary" onClick={() => props.setConfirm(null)}>
              {t("common.cancel")}
            </Button>
          </View>
        </View>
      ) : (
        <Button kind="danger" small testId="revoke" onClick={() => props.setConfirm(f.id)}>
          {pending ? t("family.withdraw") : t("family.revoke")}
        </Button>
      )}
    </View>
  );
}

/** The code just made, the WeChat share card (in WeChat), and the invite text to paste. */
export function InviteCreatedCard(props: { invite: InviteCreated; setNote: (note: string | null) => void }) {
  const { t } = useApp();
  const { invite } = props;
  return (
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
            props.setNote(o === "ok" ? t("family.copied") : null),
          )
        }
      >
        {t("family.copyLink")}
      </Button>
    </View>
  );
}

/** A new invite: what the family member sees, notices, and the family consent of its own. */
export function InviteForm(props: {
  onCreated: (invite: InviteCreated) => Promise<void>;
  onStart: () => void;
}) {
  const { store, t } = useApp();
  const [share, setShare] = useState<FamilyShare>({ doses: true, bp: true, glucose: true });
  const [notices, setNotices] = useState(true);
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    props.onStart();
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
      setConsent(false);
      await props.onCreated(created);
    } catch (e) {
      setError(t("common.error", { msg: (e as Error).message }));
    }
  };

  const shareLabel = (k: ShareKey) => t(`family.share.${k}`);
  return (
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
      <Checkbox checked={notices} label={t("family.notices")} testId="share-notices" onChange={setNotices} />
      <View className="h2">{t("family.consentTitle")}</View>
      <View className="p">{t("family.consentText")}</View>
      <View className="muted">{t("family.consentVersion", { v: shownVersion(FAMILY_CONSENT_VERSION) })}</View>
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
  );
}
