// A plan's tablets (issue 13): how many are left and when they run out, "取了药" in one tap
// (the pack size; or the count, when there is none), and a short form to start tracking.
// The refill goes through the outbox like a dose: stored on the phone first with an id made once
// per tap (so a resend is added once on the server), shown at once — the run-out moves before
// any upload — and sent with the next sync, offline or not.
import { planSupplyBody } from "@steady/shared";
import { View } from "@tarojs/components";
import { useState } from "react";
import { uuidv7 } from "uuidv7";
import type { Plan } from "../api/types";
import { localSupply } from "../lib/supply-model";
import { type FieldErrors, numberField, validate } from "../lib/validation";
import { useApp } from "../state/store";
import { Button } from "./Button";
import { Field } from "./Field";

export function SupplyCard({ plan }: { plan: Plan }) {
  const { state, store, t } = useApp();
  const supply = localSupply(plan, {
    queue: state.queue,
    settledRefills: state.settledRefills,
    settledDoses: state.settled,
    plansAskedAt: state.plansAskedAt,
    now: store.now(),
    tz: state.tz,
  });
  const [tracking, setTracking] = useState(false);
  const [onHand, setOnHand] = useState("");
  const [perDose, setPerDose] = useState("1");
  const [pack, setPack] = useState("");
  const [count, setCount] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refill = async (tablets: number) => {
    setBusy(true);
    try {
      // The instant of the tap, not of the upload: the tablets were in hand from then.
      await store.write("refill", { id: uuidv7(), planId: plan.id, tablets, at: store.now() });
      setCount("");
      setNote(t("supply.refilled", { n: tablets }));
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const saveSupply = async () => {
    const body = {
      onHand: numberField(onHand),
      perDose: numberField(perDose),
      packSize: pack.trim() ? numberField(pack) : null,
    };
    const v = validate(planSupplyBody, body, {
      onHand: "supply.badNumber",
      perDose: "supply.badNumber",
      packSize: "supply.badNumber",
    });
    if (!v.ok) return setErrors(v.errors);
    setErrors({});
    // An edit of the plan, through the outbox like any other (If-Match on the version shown).
    await store.write("plan_patch", { supply: v.data }, { target: plan.id, baseVersion: plan.version ?? 1 });
    setTracking(false);
  };

  if (!supply) {
    if (!tracking) {
      return (
        <Button kind="plain" testId="supply-track" onClick={() => setTracking(true)}>
          {t("supply.track")}
        </Button>
      );
    }
    return (
      <View className="confirm" data-testid="supply-form">
        <View className="p">{t("supply.trackIntro")}</View>
        <Field
          name="onHand"
          type="digit"
          label={t("supply.onHand")}
          value={onHand}
          onInput={setOnHand}
          error={errors.onHand && t(errors.onHand as never)}
        />
        <Field
          name="perDose"
          type="digit"
          label={t("supply.perDose")}
          value={perDose}
          onInput={setPerDose}
          error={errors.perDose && t(errors.perDose as never)}
        />
        <Field
          name="packSize"
          type="number"
          label={t("supply.packSize")}
          value={pack}
          onInput={setPack}
          error={errors.packSize && t(errors.packSize as never)}
        />
        <View className="row-buttons">
          <Button testId="supply-save" onClick={() => void saveSupply()}>
            {t("supply.save")}
          </Button>
          <Button kind="secondary" onClick={() => setTracking(false)}>
            {t("common.cancel")}
          </Button>
        </View>
      </View>
    );
  }

  const days = supply.daysLeft;
  const forecast =
    supply.runOutDate == null || days == null
      ? t("supply.enough")
      : days > 0
        ? t("supply.runOut", { date: supply.runOutDate, n: days })
        : days === 0
          ? t("supply.runOutToday")
          : t("supply.ranOut", { date: supply.runOutDate });
  return (
    <View className="supply" data-testid="supply">
      <View
        className={`p keep-words${days != null && days <= 7 ? " strong" : ""}`}
        data-testid="supply-forecast"
      >
        {t("supply.left", { n: supply.stock })} · {forecast}
      </View>
      {supply.packSize ? (
        <Button block testId="refill" disabled={busy} onClick={() => void refill(supply.packSize as number)}>
          {t("supply.refill", { n: supply.packSize })}
        </Button>
      ) : (
        <View>
          <Field
            name="refillCount"
            type="digit"
            label={t("supply.refillCount")}
            value={count}
            onInput={setCount}
          />
          <Button
            block
            testId="refill"
            disabled={busy}
            onClick={() => {
              const n = numberField(count);
              if (n === undefined || Number.isNaN(n) || n <= 0) return setNote(t("supply.badNumber"));
              void refill(n);
            }}
          >
            {t("supply.refillDo")}
          </Button>
        </View>
      )}
      {note ? (
        <View className="notice" role="status" data-testid="supply-note">
          {note}
          {supply.pendingRefills > 0 ? ` · ${t("supply.pending")}` : ""}
        </View>
      ) : null}
    </View>
  );
}
