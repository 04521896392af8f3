import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const API = process.env.STEADY_API ?? "http://localhost:8787";

export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    // The first route's budget is checked by `pnpm size` (docs/budgets.md), not by a warning here.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `pnpm dev`: the API runs on its own port; the proxy presents it as same-origin, and the
    // Origin header is rewritten so the API's CSRF check sees its own origin.
    proxy: {
      "/api": {
        target: API,
        changeOrigin: true,
        configure: (proxy) => proxy.on("proxyReq", (req) => req.setHeader("origin", API)),
      },
    },
  },
});
