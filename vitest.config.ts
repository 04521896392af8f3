import { defineConfig } from "vitest/config";

// One test command for the whole workspace: each package with a vitest.config.ts is a project.
export default defineConfig({
  test: {
    projects: ["*/vitest.config.ts", "miniapp/*/vitest.config.ts"],
  },
});
