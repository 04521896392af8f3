// @vitest-environment jsdom
// The weapp build itself (miniapp/dist, WXML compiled by WeChat's own wcc through
// miniprogram-simulate) — the Today page rendered, a Take tapped, the state change seen.
// Taro registers pages with Page(); miniprogram-simulate only knows Component(), so Page()
// is adapted to a component whose lifetimes call the page's onLoad/onShow/onReady.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dueSlot } from "./fixtures";

const require = createRequire(import.meta.url);
const DIST = join(import.meta.dirname, "..", "..", "dist");

// A fixed "now": 2026-03-02 09:30 in Shanghai (01:30 UTC): the 08:00 dose is due.
const NOW = Date.parse("2026-03-02T01:30:00Z");
const PLAN = "0190a000-0000-7000-8000-000000000002";

/** The API as the page sees it through wx.request. */
const api = {
  syncBodies: [] as unknown[],
  handle(method: string, url: string, data: unknown): { statusCode: number; data: unknown } {
    const path = new URL(url).pathname;
    if (path === "/api/v1/auth/wechat")
      return { statusCode: 200, data: { token: "t", patientId: "p", enrolled: true } };
    if (path === "/api/v1/me/today")
      return {
        statusCode: 200,
        data: {
          slots: [dueSlot(PLAN)],
        },
      };
    if (path === "/api/v1/me/plans") return { statusCode: 200, data: { plans: [] } };
    if (path === "/api/v1/me/sync") {
      this.syncBodies.push(data);
      const items = (JSON.parse(String(data)) as { items: Array<{ id: string }> }).items;
      return { statusCode: 200, data: { results: items.map((i) => ({ id: i.id, status: "created" })) } };
    }
    return { statusCode: 404, data: { status: 404, title: `no route ${method} ${path}` } };
  },
};

/** Just enough of `wx` for Taro's runtime and this page: callback-style, like the real one. */
function fakeWx() {
  const storage = new Map<string, unknown>();
  const ok = <T>(opts: { success?: (r: T) => void; complete?: (r: T) => void }, res: T) => {
    setTimeout(() => {
      opts.success?.(res);
      opts.complete?.(res);
    }, 0);
  };
  const fail = (opts: { fail?: (r: unknown) => void; complete?: (r: unknown) => void }, errMsg: string) => {
    setTimeout(() => {
      opts.fail?.({ errMsg });
      opts.complete?.({ errMsg });
    }, 0);
  };
  type Cb = { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void };
  return {
    storage,
    getSystemInfoSync: () => ({
      windowWidth: 375,
      windowHeight: 812,
      pixelRatio: 2,
      platform: "devtools",
      SDKVersion: "3.0.0",
    }),
    getAppBaseInfo: () => ({ fontSizeScaleFactor: 1, SDKVersion: "3.0.0" }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 }),
    getLaunchOptionsSync: () => ({ path: "pages/today/index", query: {}, scene: 1001 }),
    getEnterOptionsSync: () => ({ path: "pages/today/index", query: {}, scene: 1001 }),
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    login: (o: Cb) => ok(o, { code: "wx-code", errMsg: "login:ok" }),
    request: (o: Cb & { url: string; method: string; data: unknown }) => {
      const res = api.handle(o.method, o.url, o.data);
      ok(o, { ...res, header: {}, errMsg: "request:ok" });
      return { abort() {} };
    },
    getStorage: (o: Cb & { key: string }) =>
      storage.has(o.key)
        ? ok(o, { data: storage.get(o.key), errMsg: "getStorage:ok" })
        : fail(o, "getStorage:fail data not found"),
    setStorage: (o: Cb & { key: string; data: unknown }) => {
      storage.set(o.key, JSON.parse(JSON.stringify(o.data)));
      ok(o, { errMsg: "setStorage:ok" });
    },
    removeStorage: (o: Cb & { key: string }) => {
      storage.delete(o.key);
      ok(o, { errMsg: "removeStorage:ok" });
    },
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,
    requestSubscribeMessage: (o: Cb) => fail(o, "requestSubscribeMessage:fail no template"),
    createSelectorQuery: () => ({
      select: () => ({ boundingClientRect: () => ({ exec: () => undefined }) }),
    }),
    pageScrollTo: (o: Cb) => ok(o, {}),
    redirectTo: (o: Cb) => ok(o, {}),
    navigateTo: (o: Cb) => ok(o, {}),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the simulator and Taro's page config are untyped
type Any = any;
let simulate: Any;
let wx: ReturnType<typeof fakeWx>;

beforeAll(() => {
  if (process.env.MINIAPP_WEAPP_PREBUILT !== "1" || !existsSync(join(DIST, "app.json"))) {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !k.startsWith("VITEST") && k !== "NODE_ENV" && k !== "TEST",
      ),
    );
    execFileSync("pnpm", ["exec", "taro", "build", "--type", "weapp"], {
      cwd: join(DIST, ".."),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...env, NODE_ENV: "production" } as NodeJS.ProcessEnv,
    });
  }
  Date.now = () => NOW;
  wx = fakeWx();
  const g = globalThis as Any;
  g.wx = wx;
  // PageMeta's data goes to the current page (getCurrentPages()), as in WeChat.
  const pages: Any[] = [];
  g.getCurrentPages = () => pages;
  g.requirePlugin = () => ({});
  let app: Any;
  g.App = (config: Any) => {
    app = config;
  };
  g.getApp = () => app;
  simulate = require("miniprogram-simulate");
  // Page() → Component(): page handlers become methods; load/show/ready run on attach.
  g.Page = (config: Any) => {
    const methods: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) if (typeof v === "function") methods[k] = v;
    g.Component({
      data: config.data,
      methods,
      lifetimes: {
        attached(this: Any) {
          this.route = "pages/today/index";
          this.__route__ = this.route;
          pages.push(this);
          this.onLoad?.({});
          this.onShow?.();
        },
        ready(this: Any) {
          this.onReady?.();
        },
      },
    });
  };
  require(join(DIST, "app.js"));
  app.onLaunch?.({ path: "pages/today/index", query: {}, scene: 1001 });
  app.onShow?.({ path: "pages/today/index", query: {} });
});

const wait = (ms = 30) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => T | undefined | null | false, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = probe();
    if (v) return v;
    await wait(20);
  }
  throw new Error("condition not met");
}

describe("weapp Today page (miniprogram-simulate)", () => {
  it("renders today's dose, and a tap on Take marks it taken and queues it for upload", async () => {
    const id = simulate.load(join(DIST, "pages", "today", "index"), "today-page", { rootPath: DIST });
    const page = simulate.render(id);
    const host = document.createElement("div");
    document.body.appendChild(host);
    page.attach(host);

    // Taro's WXML keeps class names (prefixed per component by the simulator), not data-*.
    const row = await until(() => page.dom.querySelector(".today-page--dose-due") as Element | null);
    expect(row.textContent).toContain("08:00");
    expect(row.textContent).toContain("氨氯地平");
    expect(row.textContent).toContain("● 该吃了");

    const take = page.querySelector(".btn-primary");
    expect(take.dom.textContent).toContain("已服用");
    take.dispatchEvent("tap");
    const taken = await until(() => page.dom.querySelector(".today-page--dose-taken") as Element | null);
    expect(taken.textContent).toContain("✓ 已服用");
    expect(taken.textContent).toContain("撤销");

    const queue = wx.storage.get("steady.queue.v1") as Array<{ kind: string; body: Record<string, unknown> }>;
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      kind: "dose",
      body: { planId: PLAN, status: "taken", scheduledAt: Date.parse("2026-03-02T00:00:00.000Z") },
    });
    expect(api.syncBodies).toEqual([]); // held for the one-minute undo window
  });
});
