import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineProject } from "vitest/config";

// The app's Taro packages resolve from the app package; components and APIs are swapped for
// their browser (H5) builds, as Taro's own H5 build does (docs/toolchain.md, Mini-program).
const appRequire = createRequire(join(import.meta.dirname, "..", "package.json"));
const pkgDir = (name: string) => dirname(appRequire.resolve(`${name}/package.json`));

export default defineProject({
  resolve: {
    alias: [
      { find: /^@tarojs\/components$/, replacement: join(pkgDir("@tarojs/components"), "lib/react") },
      {
        find: /^@tarojs\/taro$/,
        replacement: join(pkgDir("@tarojs/plugin-platform-h5"), "dist/runtime/apis/index.js"),
      },
    ],
  },
  define: {
    "process.env.TARO_ENV": JSON.stringify("h5"),
    "process.env.TARO_PLATFORM": JSON.stringify("web"),
    "process.env.SUPPORT_TARO_POLYFILL": JSON.stringify("disabled"),
    DEPRECATED_ADAPTER_COMPONENT: "false",
    STEADY_API_BASE: JSON.stringify("http://api.test"),
    STEADY_UNDO_WINDOW_MS: "60000",
  },
  test: {
    name: "miniapp",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/setup.ts"],
    // The weapp test builds the app first (about 15 s on 2 cores).
    hookTimeout: 120_000,
    // Pages are imported afresh per test; on a busy 2-core machine that alone can take seconds.
    testTimeout: 30_000,
  },
});
