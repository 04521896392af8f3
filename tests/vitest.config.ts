import { defineProject } from "vitest/config";

// Cross-package tests: they start real servers and browsers, so they run one file at a time.
export default defineProject({
  test: {
    name: "tests",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "artifacts/**"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
