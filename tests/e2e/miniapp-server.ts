// Serves the mini-program's H5 build and forwards /api to the stack, so the app talks to the
// real API from its own origin (no CORS), as it would behind one gateway.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { documentCsp, pageHeaders } from "@steady/worker/security-headers";
import { buildPortal } from "../bench/portal-build";
import { launchBrowser } from "../support/browser";
import { buildOnce, cleanBuildEnv, REPO } from "../support/build-once";
import { type StackOptions, startStack } from "../support/stack";

export const MINIAPP_DIR = join(import.meta.dirname, "..", "..", "miniapp");
const DIST = join(MINIAPP_DIR, "dist-h5");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Build the H5 app the tests serve (root path, same-origin API), once per change of its sources. */
export function buildH5() {
  if (process.env.MINIAPP_H5_PREBUILT === "1" && existsSync(join(DIST, "index.html"))) return;
  const settings = { NODE_ENV: "production", STEADY_API_BASE: "" };
  buildOnce({
    outDir: DIST,
    inputs: ["src", "config", "package.json", "babel.config.js", "tsconfig.json"]
      .map((p) => join(MINIAPP_DIR, p))
      .concat(join(REPO, "shared", "src")),
    settings,
    build: () =>
      execFileSync("pnpm", ["exec", "taro", "build", "--type", "h5"], {
        cwd: MINIAPP_DIR,
        stdio: ["ignore", "pipe", "pipe"],
        env: cleanBuildEnv(settings),
      }),
  });
}

export async function serveMiniapp(apiBase: string) {
  const api = new URL(apiBase);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname.startsWith("/api/")) {
      const upstream = httpRequest(
        { host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
      return;
    }
    const rel = normalize(url.pathname === "/" ? "/index.html" : url.pathname).replace(/^(\.\.[/\\])+/, "");
    const file = join(DIST, rel);
    const path = file.startsWith(DIST) && existsSync(file) ? file : join(DIST, "index.html");
    const type = TYPES[extname(path)] ?? "application/octet-stream";
    // The same page headers as the Node server's /m/ (CSP included), so every H5 test runs under them.
    const headers = pageHeaders(false);
    const body = readFileSync(path);
    if (type.startsWith("text/html"))
      headers["content-security-policy"] = await documentCsp(body.toString("utf8"));
    else {
      delete headers["content-security-policy"];
      delete headers["x-frame-options"];
    }
    res.writeHead(200, { "content-type": type, ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MiniappStackOptions extends StackOptions {
  /** Build the portal too, for tests that also open it (the stack's server serves it). */
  portal?: boolean;
}

/**
 * What every H5 test starts from: the stack (3 demo patients unless told), the H5 build served
 * beside it and Chromium. `stop` closes them; a step that fails closes what was already started.
 */
export async function startMiniappStack({ portal, ...opts }: MiniappStackOptions = {}) {
  if (portal) buildPortal();
  buildH5();
  const stack = await startStack({ patients: 3, ...opts });
  const web = await serveMiniapp(stack.baseUrl).catch(async (e) => {
    await stack.stop();
    throw e;
  });
  const browser = await launchBrowser().catch(async (e) => {
    await web.close();
    await stack.stop();
    throw e;
  });
  return {
    stack,
    web,
    browser,
    async stop() {
      await browser.close();
      await web.close();
      await stack.stop();
    },
  };
}
export type MiniappStack = Awaited<ReturnType<typeof startMiniappStack>>;
