import { Input, View } from "@tarojs/components";
import type { ReactNode } from "react";

/** A field's error in words, under it (never colour alone). */
function FieldError(props: { name: string; error?: string }) {
  if (!props.error) return null;
  return (
    <View className="field-error" role="alert" data-testid={`error-${props.name}`}>
      ✗ {props.error}
    </View>
  );
}

/** A labelled input with its error underneath in words (never colour alone). */
export function Field(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  type?: "text" | "number" | "digit" | "idcard";
  placeholder?: string;
  name: string;
  maxlength?: number;
  hint?: ReactNode;
}) {
  return (
    <View className={`field${props.error ? " has-error" : ""}`}>
      <View className="field-label">{props.label}</View>
      <Input
        className="field-input"
        name={props.name}
        id={`f-${props.name}`}
        type={props.type ?? "text"}
        value={props.value}
        placeholder={props.placeholder}
        maxlength={props.maxlength ?? 60}
        onInput={(e) => props.onInput(e.detail.value)}
      />
      {props.hint ? <View className="field-hint">{props.hint}</View> : null}
      <FieldError name={props.name} error={props.error} />
    </View>
  );
}

/** A row of big choice buttons (radio group); the chosen one is marked with ✓ as well as colour. */
export function Choice<T extends string>(props: {
  label: string;
  value: T | undefined;
  options: Array<{ value: T; label: string }>;
  onChange: (v: T) => void;
  error?: string;
  name: string;
}) {
  return (
    <View className={`field${props.error ? " has-error" : ""}`}>
      <View className="field-label">{props.label}</View>
      <View className="choices" role="radiogroup">
        {props.options.map((o) => (
          <View
            key={o.value}
            role="radio"
            aria-checked={o.value === props.value}
            data-testid={`${props.name}-${o.value}`}
            className={`choice${o.value === props.value ? " chosen" : ""}`}
            onClick={() => props.onChange(o.value)}
          >
            {o.value === props.value ? "✓ " : ""}
            {o.label}
          </View>
        ))}
      </View>
      <FieldError name={props.name} error={props.error} />
    </View>
  );
}
