// Renders real pages of the app in jsdom with the H5 Taro APIs, a fake API behind `fetch`,
// and Taro's page hooks reduced to what a page needs in a test.
import { act, fireEvent, render, screen } from "@testing-library/react";
import { vi } from "vitest";

export const router = { params: {} as Record<string, string> };

vi.mock("@tarojs/taro", async (importOriginal) => {
  const actual = (await importOriginal()) as Record<string, unknown> & { default: Record<string, unknown> };
  const React = await import("react");
  const nav = {
    redirectTo: vi.fn(async () => undefined),
    navigateTo: vi.fn(async () => undefined),
    navigateBack: vi.fn(async () => undefined),
    pageScrollTo: vi.fn(async () => undefined),
  };
  const hooks = {
    useRouter: () => router,
    useDidShow: (fn: () => void) => React.useEffect(() => fn(), []),
    useLaunch: () => undefined,
    // WeChat's share card: nothing to do in a browser.
    useShareAppMessage: () => undefined,
  };
  // Taro's H5 build rewrites `Taro.x` into named imports of these APIs; do the same for `default`.
  const { default: base, ...named } = actual;
  return { ...named, ...hooks, ...nav, default: Object.assign(base, named, hooks, nav) };
});

export interface FakeApiCall {
  method: string;
  path: string;
  body: unknown;
}

/** A small in-memory API: enough routes for the pages under test, and a switch to go offline. */
export function fakeApi(routes: Record<string, (body: unknown) => unknown> = {}) {
  const calls: FakeApiCall[] = [];
  const stored = new Map<string, unknown>();
  const api = {
    calls,
    stored,
    offline: false,
    handle(method: string, path: string, body: unknown): { status: number; body: unknown } {
      const key = `${method} ${path.split("?")[0]}`;
      if (routes[key]) {
        const out = routes[key](body);
        // A route answers another status with `{ __status, body }`.
        if (out && typeof out === "object" && "__status" in out) {
          const o = out as { __status: number; body: unknown };
          return { status: o.__status, body: o.body };
        }
        return { status: 200, body: out };
      }
      if (key === "POST /api/v1/auth/wechat")
        return { status: 200, body: { token: "t1", patientId: "p1", enrolled: true } };
      if (key === "POST /api/v1/me/sync") {
        const items = (body as { items: Array<{ id: string }> }).items;
        return {
          status: 200,
          body: {
            results: items.map((i) => {
              const had = stored.has(i.id);
              stored.set(i.id, i);
              return { id: i.id, status: had ? "duplicate" : "created" };
            }),
          },
        };
      }
      if (key === "GET /api/v1/me/plans") return { status: 200, body: { plans: [] } };
      return { status: 404, body: { type: "about:blank", title: "Not Found", status: 404 } };
    },
  };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const method = (init?.method ?? "GET").toUpperCase();
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path: url.pathname + url.search, body });
      if (api.offline) throw new TypeError("Failed to fetch");
      const res = api.handle(method, url.pathname + url.search, body);
      return new Response(JSON.stringify(res.body), {
        status: res.status,
        headers: { "content-type": "application/json" },
      });
    }),
  );
  return api;
}

/** What Taro's <Input> emits when the user types: an `input` event carrying `detail.value`. */
export function typeInto(container: HTMLElement, name: string, value: string) {
  const el = container.querySelector(`[name="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  act(() => {
    el.dispatchEvent(new CustomEvent("input", { detail: { value }, bubbles: true }));
  });
}

export async function tap(el: Element) {
  await act(async () => {
    fireEvent.click(el);
  });
}

/** Let pending promises (storage, fetch) settle. */
export const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));

/** The pages the tests open, by name: the test id on the page's Screen, and its module. */
const PAGES = {
  enrol: ["page-enrol", () => import("../../src/pages/enrol/index")],
  today: ["page-today", () => import("../../src/pages/today/index")],
  log: ["page-log", () => import("../../src/pages/log/index")],
  me: ["page-me", () => import("../../src/pages/me/index")],
  plans: ["page-plans", () => import("../../src/pages/plans/index")],
  reminders: ["page-reminders", () => import("../../src/pages/reminders/index")],
  diary: ["page-diary", () => import("../../src/packages/diary/index")],
  "family-manage": ["page-family-manage", () => import("../../src/packages/family/manage")],
  family: ["page-family", () => import("../../src/packages/family/index")],
  "family-accept": ["page-family-accept", () => import("../../src/packages/family/accept")],
  "side-effect": ["page-side-effect", () => import("../../src/packages/safety/report")],
  "my-side-effects": ["page-my-side-effects", () => import("../../src/packages/safety/mine")],
} as const satisfies Record<string, readonly [string, () => Promise<{ default: () => unknown }>]>;

/**
 * Renders a page afresh (new modules, so a new store that reads what the test left in storage) with
 * these route parameters, and waits until it has shown and settled.
 */
export async function openPage(page: keyof typeof PAGES, params: Record<string, string> = {}) {
  vi.resetModules();
  router.params = params;
  const [testId, load] = PAGES[page];
  const { default: Page } = (await load()) as { default: () => React.JSX.Element };
  const { appStore } = await import("../../src/state/store");
  await appStore.init();
  const view = render(<Page />);
  await screen.findByTestId(testId, {}, { timeout: 10_000 });
  await settle();
  return { ...view, appStore };
}
