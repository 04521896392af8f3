import { View } from "@tarojs/components";

/** A big tick box with its words (the state is also shown as ✓, never by colour alone). */
export function Checkbox(props: {
  checked: boolean;
  onChange: (v: boolean) => void;
  label: string;
  testId?: string;
}) {
  return (
    <View
      className={`checkbox${props.checked ? " checked" : ""}`}
      role="checkbox"
      aria-checked={props.checked}
      data-testid={props.testId}
      onClick={() => props.onChange(!props.checked)}
    >
      <View className="box">{props.checked ? "✓" : ""}</View>
      <View className="checkbox-label">{props.label}</View>
    </View>
  );
}
