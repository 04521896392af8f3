import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RouterProvider } from "react-router";
import { setUnauthenticatedHandler } from "../api/client";
import { keys } from "../api/queries";
import { I18nProvider } from "../i18n/i18n";
import { createRouter } from "./router";

export function App() {
  const [queryClient] = useState(() => {
    const qc = new QueryClient({
      defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } },
    });
    // A 401 anywhere means the session ended: re-check it, and the guard sends the user to sign in.
    setUnauthenticatedHandler(() => qc.invalidateQueries({ queryKey: keys.me }));
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
