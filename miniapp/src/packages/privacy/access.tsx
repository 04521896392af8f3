// 谁看过我的数据: every time someone other than the patient read or changed their record — a
// doctor opening their page, their name in a clinic's list, a family member's view — with who
// (role and name) and when (PIPL art. 45; the server's audit trail, GET /me/access-log).
import { localDateOf, localTimeOf } from "@steady/shared";
import { View } from "@tarojs/components";
import { useCallback, useState } from "react";
import type { AccessLogEntry } from "../../api/types";
import { BackButton } from "../../components/BackButton";
import { Screen } from "../../components/Screen";
import type { MessageKey } from "../../i18n";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

export default function AccessLogPage() {
  const { state, store, t } = useApp();
  const [entries, setEntries] = useState<AccessLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setEntries(await store.call((api) => api.accessLog()));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [store]);
  const gate = useGate(load);

  // Roles and actions the dictionary knows get their words; anything newer a plain fallback.
  const label = (prefix: string, key: string, fallback: MessageKey) => {
    const k = `${prefix}.${key}` as MessageKey;
    const s = t(k);
    return s === k ? t(fallback) : s;
  };

  // Staff names may already carry the title ("陈晓东 医生"): say the role only when they don't.
  const who = (e: AccessLogEntry) => {
    const role = label("access.role", e.role, "access.role.other");
    if (!e.name) return role;
    return e.name.includes(role) ? e.name : `${role} ${e.name}`;
  };

  return (
    <Screen testId="page-access-log">
      <BackButton fallback="/pages/me/index" />
      <View className="h1">{t("access.title")}</View>
      <View className="p muted">{t("access.intro")}</View>
      {gate.status === "offline" && !entries ? <View className="muted">{t("sync.offline")}</View> : null}
      {error ? (
        <View className="field-error" role="alert">
          {t("common.error", { msg: error })}
        </View>
      ) : null}
      {entries && entries.length === 0 ? (
        <View className="card p" data-testid="access-empty">
          {t("access.none")}
        </View>
      ) : null}
      {entries?.map((e, i) => {
        const at = Date.parse(e.at);
        return (
          <View className="card access-entry" key={`${e.at}-${i}`} data-testid="access-entry">
            <View className="strong big">{who(e)}</View>
            <View className="p">{label("access.action", e.action, "access.action.other")}</View>
            <View className="p muted">
              {localDateOf(at, state.tz)} {localTimeOf(at, state.tz)}
            </View>
          </View>
        );
      })}
    </Screen>
  );
}
