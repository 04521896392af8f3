import Taro from "@tarojs/taro";
import { apiBase } from "./env";

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** The request never reached the server or no answer came back: try again later. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NetworkError";
  }
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Http = (
  method: HttpMethod,
  path: string,
  body?: unknown,
  token?: string,
  /** Extra request headers (If-Match for plan edits, ADR 0011). */
  headers?: Record<string, string>,
) => Promise<HttpResponse>;

/** wx.request in WeChat, fetch on H5 (Taro maps both); never throws for HTTP error statuses. */
export const taroHttp: Http = async (method, path, body, token, headers) => {
  const header: Record<string, string> = { Accept: "application/json", ...headers };
  if (body !== undefined) header["Content-Type"] = "application/json";
  if (token) header.Authorization = `Bearer ${token}`;
  try {
    const res = await Taro.request({
      url: `${apiBase}${path}`,
      method,
      data: body === undefined ? undefined : JSON.stringify(body),
      header,
      dataType: "json",
      timeout: 15_000,
    });
    let data: unknown = res.data;
    if (typeof data === "string" && data.length > 0) {
      try {
        data = JSON.parse(data);
      } catch {
        // not JSON: keep the text
      }
    }
    return { status: res.statusCode, body: data };
  } catch (e) {
    const msg = (e as { errMsg?: string; message?: string })?.errMsg ?? (e as Error)?.message ?? String(e);
    throw new NetworkError(msg);
  }
};
