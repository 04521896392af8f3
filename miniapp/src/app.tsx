import { useDidShow, useLaunch } from "@tarojs/taro";
import { type PropsWithChildren, useEffect } from "react";
import { launchScene, onNetworkBack } from "./platform";
import { appStore } from "./state/store";
import "./app.css";

const RETRY_MS = 30_000;

export default function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    const scene = (options?.query as Record<string, string> | undefined)?.scene;
    void appStore.init(scene ? decodeURIComponent(scene) : launchScene()).then(() => appStore.sync());
  });
  useDidShow(() => {
    void appStore.sync();
  });
  useEffect(() => {
    // Upload again when the network returns, and every half minute while anything waits.
    const off = onNetworkBack(() => void appStore.sync());
    const timer = setInterval(() => {
      if (appStore.queue.pendingCount() > 0) void appStore.sync();
    }, RETRY_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, []);
  return children;
}
