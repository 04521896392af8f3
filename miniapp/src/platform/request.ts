// The transport under the typed API client (api/client.ts): a `fetch` for hc. On H5 it is the
// browser's fetch; inside WeChat, which has no fetch, Headers or Response, it is wx.request
// (through Taro) answering a minimal Response. Either way a request that gets no answer throws
// NetworkError (the offline queue keeps the item); HTTP error statuses are answers, not throws.
import type { Fetch } from "@steady/api-client";
import { NetworkError } from "@steady/api-client";
import Taro from "@tarojs/taro";
import { isH5 } from "./env";

export { NetworkError } from "@steady/api-client";

/** Reads the message out of a failure of fetch or of wx.request ({ errMsg }). */
const messageOf = (e: unknown) =>
  (e as { errMsg?: string; message?: string })?.errMsg ?? (e as Error)?.message ?? String(e);

const browserFetch: Fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (e) {
    throw new NetworkError(messageOf(e));
  }
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What hc reads of an answer: status, headers, and the body as text or JSON. */
function miniResponse(status: number, header: Record<string, string>, text: string): Response {
  const lower = new Map(Object.entries(header).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => lower.get(name.toLowerCase()) ?? null },
    text: async () => text,
    json: async () => JSON.parse(text),
  } as unknown as Response;
}

const wxFetch: Fetch = async (url, init) => {
  const header: Record<string, string> = {};
  init.headers.forEach((value, key) => {
    header[key] = value;
  });
  try {
    const res = await Taro.request({
      url,
      method: init.method.toUpperCase() as Method,
      data: typeof init.body === "string" ? init.body : undefined,
      header,
      // The text as sent: json() below parses it (a problem body, or an empty 204).
      dataType: "text",
      responseType: "text",
      timeout: 15_000,
    });
    // A string as asked; a runtime that parsed it anyway gives an object; a 204 gives nothing.
    const text = typeof res.data === "string" ? res.data : res.data == null ? "" : JSON.stringify(res.data);
    return miniResponse(res.statusCode, (res.header ?? {}) as Record<string, string>, text);
  } catch (e) {
    throw new NetworkError(messageOf(e));
  }
};

/** fetch on H5 (plain browser fetch, so tests can stand in for the server), wx.request in WeChat. */
export const platformFetch: Fetch = isH5 ? browserFetch : wxFetch;
