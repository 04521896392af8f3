// The Cloudflare Worker's API reference: the document and page that worker/scripts/openapi-build.ts
// wrote into the static assets (wrangler.toml `[build]` runs it before every deploy and dev run),
// read through the ASSETS binding once per isolate (ADR 0019). The files sit at the paths they
// are served at, under /api/, which wrangler.toml sends to the Worker first: nobody reaches them
// without the API's headers.
import { ProblemError } from "./http/problem";
import type { ApiReference } from "./openapi-reference";

/** Asset paths, relative to the assets directory. The page is found at /api/docs (html_handling). */
export const REFERENCE_FILES = { document: "api/v1/openapi.json", page: "api/docs.html" } as const;
const URLS = { document: "/api/v1/openapi.json", page: "/api/docs" } as const;

export function assetReference(assets: Fetcher): ApiReference {
  const texts = new Map<keyof typeof URLS, Promise<string>>();
  const read = (which: keyof typeof URLS) => {
    let text = texts.get(which);
    if (!text) {
      text = assets.fetch(`https://assets.local${URLS[which]}`).then(async (res) => {
        if (res.ok) return res.text();
        texts.delete(which); // a later request tries again
        throw new ProblemError(
          503,
          `the API reference was not built into this deployment (${REFERENCE_FILES[which]}: ${res.status})`,
        );
      });
      texts.set(which, text);
    }
    return text;
  };
  return { document: async () => read("document"), page: async () => read("page") };
}
