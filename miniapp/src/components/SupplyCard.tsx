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
import { StatusNote } from "./StatusNote";

type SupplyDraft = { onHand: string; perDose: string; packSize: string };
const SUPPLY_FIELDS = [
  { name: "onHand", type: "digit", label: "supply.onHand" },
  { name: "perDose", type: "digit", label: "supply.perDose" },
  { name: "packSize", type: "number", label: "supply.packSize" },
] as const;

/** "Track tablets", then the short form that starts tracking (an edit of the plan). */
function StartTracking({ plan }: { plan: Plan }) {
  const { store, t } = useApp();
  const [tracking, setTracking] = useState(false);
  const [draft, setDraft] = useState<SupplyDraft>({ onHand: "", perDose: "1", packSize: "" });
  const [errors, setErrors] = useState<FieldErrors>({});

  const saveSupply = async () => {
    const body = {
      onHand: numberField(draft.onHand),
      perDose: numberField(draft.perDose),
      packSize: draft.packSize.trim() ? numberField(draft.packSize) : null,
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
      {SUPPLY_FIELDS.map((f) => (
        <Field
          key={f.name}
          name={f.name}
          type={f.type}
          label={t(f.label)}
          value={draft[f.name]}
          onInput={(v) => setDraft({ ...draft, [f.name]: v })}
          error={errors[f.name] && t(errors[f.name] as never)}
        />
      ))}
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

type Supply = NonNullable<ReturnType<typeof localSupply>>;

/** When the tablets run out, in words: enough, in n days, today, or already. */
function forecastText(supply: Supply, t: ReturnType<typeof useApp>["t"]) {
  const days = supply.daysLeft;
  if (supply.runOutDate == null || days == null) return t("supply.enough");
  if (days > 0) return t("supply.runOut", { date: supply.runOutDate, n: days });
  if (days === 0) return t("supply.runOutToday");
  return t("supply.ranOut", { date: supply.runOutDate });
}

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
  const [count, setCount] = useState("");
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

  if (!supply) return <StartTracking plan={plan} />;
  const days = supply.daysLeft;
  return (
    <View className="supply" data-testid="supply">
      <View
        className={`p keep-words${days != null && days <= 7 ? " strong" : ""}`}
        data-testid="supply-forecast"
      >
        {t("supply.left", { n: supply.stock })} · {forecastText(supply, t)}
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
      <StatusNote text={note} testId="supply-note">
        {supply.pendingRefills > 0 ? ` · ${t("supply.pending")}` : ""}
      </StatusNote>
    </View>
  );
}
