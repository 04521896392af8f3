import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

// Component tests in jsdom (vitest 4.1 + jsdom 26 run on Node 20: docs/toolchain.md).
export default defineProject({
  plugins: [react()],
  test: {
    name: "portal",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
