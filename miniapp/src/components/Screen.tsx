import { PageMeta, View } from "@tarojs/components";
import type { ReactNode } from "react";
import { useApp } from "../state/store";
import { NavBar, type Tab } from "./NavBar";
import { SyncBanner } from "./SyncBanner";

/**
 * Every page's frame. Sizes are in rem/em: in WeChat PageMeta rootFontSize="system" makes
 * 1rem follow the phone's font setting, and large-type mode scales the em base on top.
 */
export function Screen({ tab, children, testId }: { tab?: Tab; children: ReactNode; testId?: string }) {
  const { state } = useApp();
  return (
    <View className={`screen${state.prefs.large ? " large" : ""}`} data-testid={testId}>
      <PageMeta rootFontSize="system" />
      <SyncBanner />
      <View className="content">{children}</View>
      {tab ? <NavBar current={tab} /> : null}
    </View>
  );
}
