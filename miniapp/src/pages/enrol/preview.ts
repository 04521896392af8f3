import { ApiError } from "../../api/client";
import type { CodePreview } from "../../api/types";
import { NetworkError } from "../../platform";
import type { AppStore } from "../../state/app-store";

/** Tries of the code preview before the patient is asked to try again (waits 0.5 s, 1 s between). */
const PREVIEW_TRIES = 3;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A 4xx other than these will not change by asking again. */
const retryable = (e: unknown) =>
  !(e instanceof ApiError) || e.status >= 500 || e.status === 408 || e.status === 429 || e.status === 401;

/**
 * The clinic, doctor and consent version behind a code, from the server only: without them
 * the patient cannot confirm the doctor nor agree to the current text, so a failed preview is
 * retried and then offered again — it never lets the patient on without the doctor's name.
 */
export async function fetchPreview(
  store: AppStore,
  c: string,
): Promise<CodePreview | "invalid" | "network" | "failed"> {
  let last: unknown;
  for (let attempt = 0; attempt < PREVIEW_TRIES; attempt++) {
    if (attempt > 0) await wait(500 * 2 ** (attempt - 1));
    try {
      const p = await store.call((api) => api.previewCode(c));
      if (p?.doctor?.name && p.clinic?.name && p.programme?.consentVersion) return p;
      last = new Error("incomplete preview");
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return "invalid";
      last = e;
      if (!retryable(e)) break;
    }
  }
  return last instanceof NetworkError ? "network" : "failed";
}
