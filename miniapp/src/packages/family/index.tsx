import { localTimeOf, UNITS } from "@steady/shared";
import { View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { ApiError } from "../../api/client";
import type { FamilyViewData, FollowingList } from "../../api/types";
import { BackButton } from "../../components/BackButton";
import { Button } from "../../components/Button";
import { Screen } from "../../components/Screen";
import { SmsSettingsCard } from "../../components/SmsSettingsCard";
import { askSubscriptions, type Outcome } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

/** The last seven readings, newest first: "11-20 07:15 · <line>". */
function LatestReadings<R extends { id: string; measuredAt: string }>(props: {
  readings: R[];
  timezone: string;
  line: (r: R) => string;
}) {
  const { t } = useApp();
  if (!props.readings.length) return <View className="muted">{t("family.noReadings")}</View>;
  return (
    <>
      {props.readings
        .slice(-7)
        .reverse()
        .map((r) => (
          <View key={r.id} className="kv">
            {r.measuredAt.slice(5, 10)} {localTimeOf(Date.parse(r.measuredAt), props.timezone)} ·{" "}
            {props.line(r)}
          </View>
        ))}
    </>
  );
}

/** Said in place of what the followed person does not share. */
function NotShared({ what }: { what: string }) {
  const { t } = useApp();
  return (
    <View className="muted" data-testid="not-shared">
      {t("family.notShared", { what })}
    </View>
  );
}

/** The BP or glucose card: the latest readings, or that they are not shared. */
function ReadingsCard<R extends { id: string; measuredAt: string }>(props: {
  kind: "bp" | "glucose";
  /** Absent when not shared. */
  readings: R[] | undefined;
  timezone: string;
  line: (r: R) => string;
}) {
  const { t } = useApp();
  const { kind, readings } = props;
  return (
    <View className="card" data-testid={`family-${kind}`}>
      <View className="h2">{t(`family.${kind}`)}</View>
      {readings ? (
        <LatestReadings readings={readings} timezone={props.timezone} line={props.line} />
      ) : (
        <NotShared what={t(`family.share.${kind}`)} />
      )}
    </View>
  );
}

/** The family member's read-only view of someone they follow (only what that person shares). */
function FamilyPanel({ v }: { v: FamilyViewData }) {
  const { t } = useApp();
  return (
    <View data-testid="family-view">
      <View className="h1">{v.patient.name}</View>
      <View className="muted">
        {v.date} · {t("family.readOnly")}
      </View>
      <View className="card" data-testid="family-doses">
        <View className="h2">{t("family.todayDoses")}</View>
        {v.doses ? (
          <View>
            {v.doses.today.length === 0 ? <View className="muted">{t("family.noDoses")}</View> : null}
            {v.doses.today.map((s) => (
              <View
                key={`${s.planId}-${s.scheduledAt}`}
                className="kv"
                data-testid="family-dose"
                data-status={s.status}
              >
                <View className="dose-time">
                  {s.time ?? localTimeOf(Date.parse(s.scheduledAt), v.timezone)}
                </View>{" "}
                {s.drug} {s.dose} · {t(`today.status.${s.status}`)}
              </View>
            ))}
            <View className="muted">
              {t("family.week", { taken: v.doses.week.dosesTaken, due: v.doses.week.dosesDue })}
            </View>
          </View>
        ) : (
          <NotShared what={t("family.share.doses")} />
        )}
      </View>
      <ReadingsCard
        kind="bp"
        readings={v.bp?.readings}
        timezone={v.timezone}
        line={(r) =>
          `${r.systolic}/${r.diastolic} ${UNITS.bp}${r.category ? ` · ${t(`bp.${r.category}` as never)}` : ""}`
        }
      />
      <ReadingsCard
        kind="glucose"
        readings={v.glucose?.readings}
        timezone={v.timezone}
        line={(r) => `${r.value} ${UNITS.glucose} · ${t(`log.ctx.${r.context}` as never)}`}
      />
    </View>
  );
}

/**
 * The family member's home: whom they follow, the read-only view of the one chosen, their own
 * notices (a WeChat subscription per notice, or SMS), and stopping. A revoked link shows as gone
 * on the very next read.
 */
export default function FamilyHome() {
  const { store, t } = useApp();
  const router = useRouter();
  const [list, setList] = useState<FollowingList | null>(null);
  const [selected, setSelected] = useState<string | null>(router.params.link ?? null);
  const [view, setView] = useState<FamilyViewData | null>(null);
  const [gone, setGone] = useState(false);
  const [subscribed, setSubscribed] = useState<Outcome | null>(null);

  const open = useCallback(
    async (id: string) => {
      setSelected(id);
      setGone(false);
      try {
        setView(await store.call((api) => api.familyView(id)));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) {
          setView(null);
          setGone(true);
          setList(await store.call((api) => api.following()));
        } else throw e;
      }
    },
    [store],
  );

  const load = useCallback(async () => {
    const l = await store.call((api) => api.following());
    setList(l);
    const id = selected ?? l.following[0]?.id;
    if (id) await open(id);
  }, [store, selected, open]);
  useGate(load, { enrolment: true });

  const subscribe = async () => {
    const templateId = list?.notices?.templateId;
    const asked = await askSubscriptions(templateId ? [templateId] : []);
    setSubscribed(asked.outcome);
    if (Object.keys(asked.results).length) {
      await store.reportSubscriptions("family", asked.results).catch(() => undefined);
      setList(await store.call((api) => api.following()));
    }
  };

  const stop = async (id: string) => {
    await store.call((api) => api.stopFollowing(id));
    setView(null);
    setSelected(null);
    setList(await store.call((api) => api.following()));
  };

  return (
    <Screen testId="page-family">
      <BackButton fallback="/pages/enrol/index" />
      {gone ? (
        <View className="notice" data-testid="family-gone">
          {t("family.gone")}
        </View>
      ) : null}
      {list && list.following.length > 1 ? (
        <View className="row-buttons">
          {list.following.map((f) => (
            <Button
              key={f.id}
              small
              kind={f.id === selected ? "primary" : "secondary"}
              onClick={() => void open(f.id)}
            >
              {f.patient.name}
            </Button>
          ))}
        </View>
      ) : null}
      {view ? <FamilyPanel v={view} /> : null}
      {list && list.following.length === 0 ? (
        <View className="card" data-testid="family-empty">
          <View className="h1">{t("family.following")}</View>
          <View className="p">{t("family.notFollowing")}</View>
        </View>
      ) : null}
      <Button
        block
        kind="secondary"
        testId="family-enter-code"
        onClick={() => void Taro.navigateTo({ url: "/packages/family/accept" })}
      >
        {t("family.acceptTitle")}
      </Button>
      {view ? (
        <View className="card" data-testid="family-notices">
          <View className="h2">{t("family.noticesTitle")}</View>
          {list?.notices ? (
            <View>
              <View className="kv">{t("family.noticesLeft", { n: list.notices.remaining ?? "∞" })}</View>
              {subscribed ? (
                <View className="muted">
                  {subscribed === "ok"
                    ? t("today.remindOk")
                    : subscribed === "unsupported"
                      ? t("today.remindUnsupported")
                      : t("today.remindNo")}
                </View>
              ) : (
                <Button block kind="secondary" testId="family-subscribe" onClick={() => void subscribe()}>
                  {t("family.noticesWechat")}
                </Button>
              )}
            </View>
          ) : null}
          <View className="muted">{t("family.noticesSms")}</View>
        </View>
      ) : null}
      {view ? <SmsSettingsCard /> : null}
      {view ? (
        <Button block kind="danger" testId="family-stop" onClick={() => void stop(view.id)}>
          {t("family.stop")}
        </Button>
      ) : null}
    </Screen>
  );
}
