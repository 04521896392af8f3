import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RouterProvider } from "react-router";
import { setUnauthenticatedHandler } from "../api/client";
import { fetchTriage, keys } from "../api/queries";
import { I18nProvider } from "../i18n/i18n";
import { createRouter } from "./router";

export function App() {
  const [queryClient] = useState(() => {
    const qc = new QueryClient({
      defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } },
    });
    // A 401 anywhere means the session ended: re-check it, and the guard sends the user to sign in.
    setUnauthenticatedHandler(() => qc.invalidateQueries({ queryKey: keys.me }));
    // The home page's list is the slowest request: start it alongside the session check rather
    // than after it (a signed-out visitor's 401 just re-checks the session).
    if (window.location.pathname === "/") {
      void qc.prefetchQuery({ queryKey: keys.triage, queryFn: fetchTriage, staleTime: 60_000 });
    }
    return qc;
  });
  const [router] = useState(createRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>
  );
}
