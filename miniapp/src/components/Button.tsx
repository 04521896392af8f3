import { View } from "@tarojs/components";
import type { ReactNode } from "react";

type Kind = "primary" | "secondary" | "danger" | "plain";

/**
 * A large tap target (≥ 44 px, ≥ 60 px in large mode). A View, not the native button, so
 * its size and colours are ours on every platform.
 */
export function Button(props: {
  children: ReactNode;
  onClick: () => void;
  kind?: Kind;
  small?: boolean;
  disabled?: boolean;
  testId?: string;
  block?: boolean;
}) {
  const { kind = "primary", small, disabled, block } = props;
  return (
    <View
      role="button"
      aria-disabled={disabled || undefined}
      data-testid={props.testId}
      className={`btn btn-${kind}${small ? " btn-small" : ""}${block ? " btn-block" : ""}${disabled ? " btn-disabled" : ""}`}
      onClick={() => {
        if (!disabled) props.onClick();
      }}
    >
      {props.children}
    </View>
  );
}
