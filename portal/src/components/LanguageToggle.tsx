import { useI18n } from "../i18n/i18n";

/** Switches between Chinese and English; the button names the other language in that language. */
export function LanguageToggle() {
  const { locale, setLocale } = useI18n();
  const other = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <button type="button" className="link-button" lang={other} onClick={() => setLocale(other)}>
      {other === "en" ? "English" : "中文"}
    </button>
  );
}
