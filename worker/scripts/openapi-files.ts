// The API reference as files: the OpenAPI document and the HTML page, exactly as the Node server
// answers them (the same app answers the requests, no database: both come from the routes alone).
// openapi-build.ts writes them into the Worker's static assets; openapi-lint.ts lints the document.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createApp } from "../src/app";
import { type Db, defaultConfig } from "../src/env";
import { REFERENCE_FILES } from "../src/openapi-assets";
import { generatedReference } from "../src/openapi-reference";
import { offlineWechatClient } from "../src/wechat/client";

/** Writes the document and the page under `outDir` at REFERENCE_FILES' paths; returns the paths. */
export async function writeReferenceFiles(outDir: string): Promise<{ document: string; page: string }> {
  const config = defaultConfig();
  const app = createApp({
    db: null as unknown as Db, // never touched
    clock: Date.now,
    wechat: offlineWechatClient,
    config,
    apiReference: generatedReference(config.version),
  });
  const write = async (url: string, file: string) => {
    const res = await app.request(`http://localhost${url}`);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    const path = join(outDir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await res.text());
    return path;
  };
  return {
    document: await write("/api/v1/openapi.json", REFERENCE_FILES.document),
    page: await write("/api/docs", REFERENCE_FILES.page),
  };
}
