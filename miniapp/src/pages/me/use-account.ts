import { useCallback, useState } from "react";
import { copyText, type Outcome, shareExport } from "../../platform";
import { useApp } from "../../state/store";
import { useGate } from "../../state/use-gate";

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`;

/**
 * The 我的 page's account work: what the server recorded at enrolment (the phone, which fills in
 * the SMS form, and the consent given — never a constant), the summary copy, the export, and
 * deleting the account; each says how it went in one note.
 */
export function useAccount() {
  const { store, t } = useApp();
  const [note, setNote] = useState<string | null>(null);
  const [deleted, setDeleted] = useState(false);
  const [profilePhone, setProfilePhone] = useState<string | null>(null);
  const [consentVersion, setConsentVersion] = useState<string | null>(null);
  useGate(
    useCallback(async () => {
      const me = await store.call((api) => api.me()).catch(() => null);
      const phone = me?.profile?.phone;
      if (phone) setProfilePhone(phone);
      if (me?.consent?.version) setConsentVersion(me.consent.version);
    }, [store]),
  );

  const run = async (fn: () => Promise<Outcome | undefined>, ok: string) => {
    setNote(null);
    try {
      const outcome = await fn();
      setNote(outcome === "ok" || outcome === undefined ? ok : t("common.error", { msg: outcome }));
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  const exportAll = () =>
    run(async () => {
      const data = await store.call((api) => api.exportAll());
      return shareExport(
        `steady-export-${new Date(store.now()).toISOString().slice(0, 10)}.json`,
        JSON.stringify(data, null, 2),
      );
    }, t("me.exportDone"));

  const copySummary = () =>
    run(async () => {
      const s = await store.call((api) => api.summary(30));
      const bp = s.bp?.mean7d ? `${s.bp.mean7d.systolic}/${s.bp.mean7d.diastolic}` : "—";
      const text = t("me.summaryText", {
        adh: pct(s.doseAdherence),
        dc: pct(s.daysCovered),
        bp,
        tir: pct(s.glucose?.timeInRange),
      });
      return copyText(text);
    }, t("me.copied"));

  const deleteAccount = async () => {
    try {
      await store.call((api) => api.deleteMe());
      await store.forgetAll();
      setDeleted(true);
    } catch (e) {
      setNote(t("common.error", { msg: (e as Error).message }));
    }
  };

  return { note, deleted, profilePhone, consentVersion, exportAll, copySummary, deleteAccount };
}
