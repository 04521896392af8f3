import { View } from "@tarojs/components";
import { useShareAppMessage } from "@tarojs/taro";
import { useCallback, useState } from "react";
import type { FollowerRow, InviteCreated } from "../../api/types";
import { BackButton } from "../../components/BackButton";
import { Screen } from "../../components/Screen";
import { StatusNote } from "../../components/StatusNote";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";
import { Follower, type FollowerPatch, InviteCreatedCard, InviteForm } from "./manage-parts";

/**
 * The patient's side of family follow (亲情关注): invite a family member with a code or a WeChat
 * share card, choose what they see and whether they get notices (with a consent of its own), see
 * who follows, change it, or end it at once.
 */
export default function FamilyManage() {
  const { store, t } = useApp();
  const [followers, setFollowers] = useState<FollowerRow[] | null>(null);
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

  const change = async (f: FollowerRow, patch: FollowerPatch) => {
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

  return (
    <Screen testId="page-family-manage">
      <BackButton fallback="/pages/me/index" />
      <View className="h1">{t("family.title")}</View>
      <StatusNote text={note} testId="family-note" />
      <View className="card" data-testid="followers">
        <View className="h2">{t("family.followers")}</View>
        {followers && followers.length === 0 ? <View className="muted">{t("family.none")}</View> : null}
        {(followers ?? []).map((f) => (
          <Follower
            key={f.id}
            f={f}
            confirming={confirm === f.id}
            setConfirm={setConfirm}
            onChange={(patch) => void change(f, patch)}
            onRevoke={() => void revoke(f)}
          />
        ))}
      </View>
      {invite ? <InviteCreatedCard invite={invite} setNote={setNote} /> : null}
      <InviteForm
        onStart={() => setNote(null)}
        onCreated={async (created) => {
          setInvite(created);
          await load();
        }}
      />
    </Screen>
  );
}
