import Taro, { useDidShow } from "@tarojs/taro";
import { useCallback, useState } from "react";
import { NetworkError } from "../platform/request";
import { appStore } from "./store";

export type GateStatus = "loading" | "ready" | "offline" | "error";

/**
 * Make sure the patient is logged in (and enrolled, unless this is the enrolment page), then run
 * `onReady` each time the page shows. Without a network, a stored session is good enough.
 */
export function useGate(onReady: () => Promise<void> | void, opts: { enrolment?: boolean } = {}) {
  const [status, setStatus] = useState<GateStatus>("loading");
  const run = useCallback(async () => {
    try {
      if (!appStore.state.ready) await appStore.init();
      const session = await appStore.ensureSession();
      if (!opts.enrolment && !session.enrolled) {
        await Taro.redirectTo({ url: "/pages/enrol/index" });
        return;
      }
      setStatus("ready");
      await onReady();
    } catch (e) {
      if (e instanceof NetworkError && appStore.state.session) {
        setStatus("offline");
        await onReady();
      } else {
        setStatus(e instanceof NetworkError ? "offline" : "error");
      }
    }
  }, [onReady, opts.enrolment]);
  useDidShow(() => {
    void run();
  });
  return { status, retry: run };
}
