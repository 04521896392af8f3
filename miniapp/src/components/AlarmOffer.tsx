import { localDateOf } from "@steady/shared";
import { View } from "@tarojs/components";
import { useState } from "react";
import { type AlarmChanges, alarmChanges, type DesiredAlarm, desiredAlarms } from "../lib/alarms";
import { icsCalendar } from "../lib/ics";
import { visiblePlans } from "../lib/today-model";
import { addDailyAlarm, downloadFile, isH5, type Outcome } from "../platform";
import { useApp } from "../state/store";
import { Button } from "./Button";

/**
 * Phone calendar alarms for the plan times (docs/product.md), offered when plans are created or
 * changed: in WeChat one tap per time (addPhoneRepeatCalendar asks for its permission itself); in
 * a browser an .ics file with the same daily events. Remembers what was added and names the
 * alarms that are no longer needed.
 */
export function AlarmOffer({ always = false }: { always?: boolean }) {
  const { state, store, t } = useApp();
  const [done, setDone] = useState<Record<string, Outcome>>({});
  const [icsDone, setIcsDone] = useState(false);
  const today = localDateOf(store.now(), state.tz);
  const desired = desiredAlarms(visiblePlans(state.plans ?? [], state.queue), today);
  const changes: AlarmChanges = alarmChanges(desired, state.alarms);
  if (!desired.length && !changes.remove.length) return null;
  if (!changes.add.length && !changes.remove.length) {
    const justSet = icsDone || Object.values(done).includes("ok");
    return always || justSet ? (
      <View className="card" data-testid="alarm-offer">
        {icsDone ? (
          <View className="p" data-testid="alarm-ics-done">
            {t("alarm.icsDone")}
          </View>
        ) : null}
        <View className="muted" data-testid="alarm-all-set">
          {t("alarm.allSet")}
        </View>
      </View>
    ) : null;
  }
  const title = t("alarm.summary");
  const describe = (a: DesiredAlarm) => t("alarm.description", { time: a.time, what: a.what.join("、") });

  const addOne = async (a: DesiredAlarm) => {
    const outcome = await addDailyAlarm(`${title} ${a.time}`, a.time, a.startDate, {
      description: describe(a),
      endDate: a.endDate,
    });
    setDone((d) => ({ ...d, [a.time]: outcome }));
    if (outcome === "ok") await store.rememberAlarms([a], "calendar");
  };
  const downloadIcs = async () => {
    const text = icsCalendar(
      desired.map((a) => ({ ...a, summary: title, description: describe(a) })),
      { now: store.now(), uidPrefix: `steady-${state.session?.patientId ?? "me"}` },
    );
    if (downloadFile("steady-alarms.ics", text, "text/calendar") === "ok") {
      setIcsDone(true);
      await store.rememberAlarms(desired, "ics");
    }
  };

  return (
    <View className="card" data-testid="alarm-offer">
      <View className="h2">{t("alarm.title")}</View>
      <View className="p">{t("alarm.intro")}</View>
      {changes.add
        .filter((a) => state.alarms[a.time])
        .map((a) => (
          <View key={`c-${a.time}`} className="p">
            {t("alarm.changed", { time: a.time })}
          </View>
        ))}
      {isH5 ? (
        icsDone ? (
          <View className="muted" data-testid="alarm-ics-done">
            {t("alarm.icsDone")}
          </View>
        ) : (
          <Button block kind="secondary" testId="alarm-ics" onClick={() => void downloadIcs()}>
            {t("alarm.ics")}
          </Button>
        )
      ) : (
        changes.add.map((a) => (
          <Button
            key={a.time}
            block
            kind="secondary"
            testId={`alarm-${a.time}`}
            onClick={() => void addOne(a)}
          >
            {done[a.time] === "ok"
              ? t("alarm.added", { time: a.time })
              : done[a.time]
                ? t("alarm.failed")
                : t("alarm.add", { time: a.time })}
          </Button>
        ))
      )}
      {changes.remove.length ? (
        <View className="notice" data-testid="alarm-remove">
          {t("alarm.remove", { times: changes.remove.map((a) => a.time).join("、") })}
          <Button
            small
            kind="secondary"
            onClick={() => void store.forgetAlarms(changes.remove.map((a) => a.time))}
          >
            {t("alarm.removed")}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
