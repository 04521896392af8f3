import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { MessageKey } from "../i18n";
import { useApp } from "../state/store";

export type Tab = "today" | "log" | "plans" | "me";

const TABS: Array<{ tab: Tab; label: MessageKey; icon: string; url: string }> = [
  { tab: "today", label: "nav.today", icon: "☀", url: "/pages/today/index" },
  { tab: "log", label: "nav.log", icon: "✎", url: "/pages/log/index" },
  { tab: "plans", label: "nav.plans", icon: "✚", url: "/pages/plans/index" },
  { tab: "me", label: "nav.me", icon: "☺", url: "/pages/me/index" },
];

/** Big, labelled bottom navigation (icon + word; the current tab is also underlined and bold). */
export function NavBar({ current }: { current: Tab }) {
  const { t } = useApp();
  return (
    <View className="navbar" role="navigation">
      {TABS.map((x) => (
        <View
          key={x.tab}
          className={`nav-item${x.tab === current ? " current" : ""}`}
          role="link"
          aria-current={x.tab === current ? "page" : undefined}
          onClick={() => {
            if (x.tab !== current) void Taro.redirectTo({ url: x.url });
          }}
        >
          <View className="nav-icon" aria-hidden>
            {x.icon}
          </View>
          <View>{t(x.label)}</View>
        </View>
      ))}
    </View>
  );
}
