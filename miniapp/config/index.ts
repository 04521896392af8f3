import path from "node:path";
import { defineConfig, type UserConfigExport } from "@tarojs/cli";

// Build-time settings. STEADY_API_BASE sets the API origin baked into the bundle:
// empty means same-origin (H5 served by the API), the default for weapp is the local dev API.
const apiBase = process.env.STEADY_API_BASE ?? (process.env.TARO_ENV === "h5" ? "" : "http://localhost:8787");
const undoWindowMs = Number(process.env.STEADY_UNDO_WINDOW_MS ?? 60_000);

export default defineConfig<"vite">(async () => {
  const config: UserConfigExport<"vite"> = {
    projectName: "steady-miniapp",
    date: "2025-1-1",
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: "src",
    outputRoot: process.env.TARO_ENV === "h5" ? "dist-h5" : "dist",
    plugins: [path.resolve(__dirname, "page-meta-plugin.ts")],
    defineConstants: {
      STEADY_API_BASE: JSON.stringify(apiBase),
      STEADY_UNDO_WINDOW_MS: JSON.stringify(undoWindowMs),
    },
    copy: { patterns: [], options: {} },
    framework: "react",
    compiler: "vite",
    mini: {
      // Sizes are written in rem/em so WeChat's font setting (PageMeta rootFontSize="system")
      // and our large-type mode scale everything together; px→rpx would ignore both.
      postcss: {
        pxtransform: { enable: false, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" },
        },
      },
    },
    h5: {
      // `pnpm start` serves the H5 build under /m/ beside the portal.
      publicPath: process.env.STEADY_H5_PUBLIC_PATH ?? "/",
      staticDirectory: "static",
      router: { mode: "hash" },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" },
        },
      },
    },
  };
  // WeChat has no `Headers`, which Hono's typed client builds for every request: the weapp build
  // gets src/platform/headers.ts in its place (an option the vite runner reads, not in Taro's types).
  Object.assign(config.mini ?? {}, {
    injectOptions: {
      include: { Headers: [path.resolve(__dirname, "../src/platform/headers.ts"), "MiniHeaders"] },
    },
  });
  return config;
});
