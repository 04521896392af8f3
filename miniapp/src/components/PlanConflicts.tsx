// Plan edits the server refused because the plan changed since the patient saw it (412), or that
// an older app queued without saying which version they were based on (428) — ADR 0011. Each
// shows the patient's change against the plan as it is now, and lets them save it again on top of
// the current version or drop it. Nothing is resent without their tap.
import { View } from "@tarojs/components";
import type { Plan } from "../api/types";
import { useApp } from "../state/store";
import type { QueueItem } from "../sync/queue";
import { Button } from "./Button";

const FIELDS = ["drug", "dose", "times", "endDate"] as const;

export function PlanConflicts() {
  const { state, store, t } = useApp();
  const items = state.queue.filter(
    (i) =>
      i.state === "failed" &&
      i.error?.status === "conflict" &&
      (i.kind === "plan_patch" || i.kind === "plan_delete"),
  );
  if (!items.length) return null;

  const show = (v: unknown) =>
    Array.isArray(v) ? v.join("、") : v == null || v === "" ? t("plans.conflictNone") : String(v);
  const label = {
    drug: "plans.drug",
    dose: "plans.dose",
    times: "plans.timesLabel",
    endDate: "plans.endDate",
  } as const;

  const currentOf = (item: QueueItem): Plan | undefined =>
    (item.error?.current as Plan | undefined) ?? state.plans?.find((p) => p.id === item.target);

  async function redo(item: QueueItem, current: Plan) {
    await store.queue.remove(item.id);
    await store.write(item.kind, item.body, { target: item.target, baseVersion: current.version ?? 1 });
    await store.refreshPlans();
  }

  async function drop(item: QueueItem) {
    await store.queue.remove(item.id);
    await store.refreshPlans();
  }

  return (
    <View data-testid="plan-conflicts">
      {items.map((item) => {
        const current = currentOf(item);
        const rows =
          item.kind === "plan_delete"
            ? [
                {
                  key: "status",
                  label: t("plans.conflictStatus"),
                  mine: t("plans.stopped"),
                  theirs: t("plans.conflictActive"),
                },
              ]
            : // The whole plan as it is now, beside what the patient changed (the rest: "unchanged").
              FIELDS.map((f) => ({
                key: f,
                label: t(label[f]),
                mine: f in item.body ? show(item.body[f]) : t("plans.conflictSame"),
                theirs: show(current?.[f]),
              }));
        return (
          <View key={item.id} className="card conflict" role="alert" data-testid="plan-conflict">
            <View className="dose-drug">{current?.drug ?? ""}</View>
            <View className="p strong">
              {item.error?.current ? t("plans.conflictTitle") : t("plans.conflictOld")}
            </View>
            <View className="conflict-table">
              <View className="conflict-row muted">
                <View>{t("plans.conflictField")}</View>
                <View>{t("plans.conflictMine")}</View>
                <View>{t("plans.conflictTheirs")}</View>
              </View>
              {rows.map((r) => (
                <View key={r.key} className="conflict-row" data-testid={`conflict-${r.key}`}>
                  <View>{r.label}</View>
                  <View>{r.mine}</View>
                  <View className="strong">{r.theirs}</View>
                </View>
              ))}
            </View>
            <View className="row-buttons">
              {current && !current.stoppedAt ? (
                <Button testId="conflict-redo" onClick={() => void redo(item, current)}>
                  {t("plans.conflictRedo")}
                </Button>
              ) : null}
              <Button kind="secondary" testId="conflict-drop" onClick={() => void drop(item)}>
                {t("plans.conflictDrop")}
              </Button>
            </View>
          </View>
        );
      })}
    </View>
  );
}
