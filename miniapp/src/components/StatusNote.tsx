import { View } from "@tarojs/components";
import type { ReactNode } from "react";

/** What the last tap did ("saved", an error in words), read out as a status; nothing when empty. */
export function StatusNote(props: { text: string | null; testId?: string; children?: ReactNode }) {
  if (!props.text) return null;
  return (
    <View className="notice" role="status" data-testid={props.testId}>
      {props.text}
      {props.children}
    </View>
  );
}
