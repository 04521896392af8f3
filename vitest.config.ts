import { defineConfig } from "vitest/config";

// One test command for the whole workspace: each package contributes a project.
export default defineConfig({
  test: {
    projects: ["shared", "worker", "tests"],
  },
});
