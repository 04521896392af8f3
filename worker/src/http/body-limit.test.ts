// Bodies over 512 KB are refused with 413 whether the size is declared (Content-Length, checked
// before reading) or only known by reading (a streamed body, counted by Hono's bodyLimit).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, ORIGIN } from "../app.test-support";

let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const LIMIT = 512 * 1024;
// {"pad":"…"}: 10 bytes around the padding, so body(n) is exactly n bytes.
const body = (bytes: number) => JSON.stringify({ pad: "x".repeat(bytes - 10) });

function streamed(text: string) {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.slice(i, i + 64 * 1024));
      c.close();
    },
  });
}

describe("request body limit", () => {
  it("measures its test bodies right", () => {
    expect(body(LIMIT + 1)).toHaveLength(LIMIT + 1);
  });

  it("refuses a declared size over the limit before reading it", async () => {
    const res = await t.app.request(`${ORIGIN}/api/v1/auth/wechat`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(LIMIT + 1), origin: ORIGIN },
      body: body(LIMIT + 1),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toBe("request body is too large");
  });

  it("refuses a streamed body once it passes the limit", async () => {
    const res = await t.app.request(`${ORIGIN}/api/v1/auth/wechat`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: streamed(body(LIMIT + 1)),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("lets a body at the limit through to the route (which then rejects the unknown shape)", async () => {
    for (const init of [
      { headers: { "content-length": String(LIMIT) }, body: body(LIMIT) },
      { headers: {}, body: streamed(body(LIMIT)), duplex: "half" },
    ]) {
      const res = await t.app.request(`${ORIGIN}/api/v1/auth/wechat`, {
        method: "POST",
        ...init,
        headers: { ...init.headers, "content-type": "application/json", origin: ORIGIN },
      } as RequestInit);
      expect(res.status).toBe(422);
    }
  });
});
