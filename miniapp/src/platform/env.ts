import Taro from "@tarojs/taro";

/** True in the browser build (tests, demos); false inside WeChat. */
export const isH5 = process.env.TARO_ENV === "h5";

/** API origin baked in at build time (STEADY_API_BASE); "" means same origin as the page. */
export const apiBase: string = typeof STEADY_API_BASE === "string" ? STEADY_API_BASE : "";

/**
 * How long a Take/Skip can be undone before it is uploaded. In the browser build (tests and
 * demos only, like `?dev=`) `?undoMs=<ms>` shortens it, so a test need not wait a minute.
 */
export const undoWindowMs: number = (() => {
  const built = typeof STEADY_UNDO_WINDOW_MS === "number" ? STEADY_UNDO_WINDOW_MS : 60_000;
  if (!isH5 || typeof window === "undefined") return built;
  const given = Number(new URLSearchParams(window.location.search).get("undoMs"));
  return Number.isFinite(given) && given > 0 ? given : built;
})();

/** WeChat's font-size setting as a factor (1 = standard); the browser has none. */
export function fontScale(): number {
  try {
    const info = Taro.getAppBaseInfo?.() as { fontSizeScaleFactor?: number } | undefined;
    const f = info?.fontSizeScaleFactor;
    return typeof f === "number" && f > 0 ? f : 1;
  } catch {
    return 1;
  }
}

/** The enrolment code the app was opened with: a mini-program code's `scene`, or `?scene=` on H5. */
export function launchScene(): string | undefined {
  try {
    if (isH5) {
      const fromSearch = new URLSearchParams(window.location.search).get("scene");
      const hashQuery = window.location.hash.split("?")[1];
      const fromHash = hashQuery ? new URLSearchParams(hashQuery).get("scene") : null;
      return (fromSearch ?? fromHash ?? undefined) || undefined;
    }
    const scene = Taro.getLaunchOptionsSync().query?.scene as string | undefined;
    return scene ? decodeURIComponent(scene) : undefined;
  } catch {
    return undefined;
  }
}
