// Rendering a page as the app does (query cache, i18n, router) over a fake API: `routes` maps
// "METHOD /path" to a JSON answer or a function of the request.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { vi } from "vitest";
import type { Locale } from "../i18n/i18n";
import { I18nProvider } from "../i18n/i18n";

type Reply = { status?: number; body: unknown; headers?: Record<string, string> };
export type Answer = Reply | ((req: { url: URL; body: unknown; headers: Headers }) => Reply);

export function fakeApi(routes: Record<string, Answer>) {
  const calls: { method: string; path: string; body: unknown; ifMatch: string | null; headers: Headers }[] =
    [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? "GET").toUpperCase();
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const headers = new Headers(init?.headers);
    const ifMatch = headers.get("if-match");
    calls.push({ method, path: url.pathname + url.search, body, ifMatch, headers });
    const answer = routes[`${method} ${url.pathname}`];
    if (!answer)
      return new Response(JSON.stringify({ status: 404, detail: "no fake route" }), { status: 404 });
    const a = typeof answer === "function" ? answer({ url, body, headers }) : answer;
    const status = a.status ?? 200;
    return new Response(JSON.stringify(a.body), {
      status,
      headers: {
        "content-type": status >= 400 ? "application/problem+json" : "application/json",
        ...a.headers,
      },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls };
}

export function renderPage(
  element: ReactElement,
  { path = "/", route = "/", locale = "zh-CN" as Locale } = {},
) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <I18nProvider locale={locale}>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={element} />
            {path !== "/" && <Route path="/" element={<p>home</p>} />}
            <Route path="*" element={<p>elsewhere</p>} />
          </Routes>
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}
