import { useSyncExternalStore } from "react";
import { fontScale, loginCode, platformFetch, taroStorage } from "../platform";
import { AppStore } from "./app-store";

/** The one store of the running app (tests build their own AppStore with fakes). */
export const appStore = new AppStore({
  storage: taroStorage,
  fetch: platformFetch,
  loginCode: () => loginCode(taroStorage),
  defaultLarge: fontScale() > 1,
});

export function useApp() {
  const state = useSyncExternalStore(appStore.subscribe, appStore.getState, appStore.getState);
  return { state, store: appStore, t: appStore.t };
}
