// `pnpm --filter @steady/worker build:openapi` (tsx scripts/openapi-build.ts <assets dir>): the
// OpenAPI document and the API reference page, written into the Cloudflare Worker's static assets.
// wrangler.toml's `[build]` runs it before every `wrangler deploy` and `wrangler dev`, so the
// Worker never serves a stale document and never converts schemas at run time (ADR 0019).
import { resolve } from "node:path";
import { writeReferenceFiles } from "./openapi-files";

const outDir = process.argv[2];
if (!outDir) throw new Error("usage: openapi-build.ts <assets directory>");
const files = await writeReferenceFiles(resolve(outDir));
console.log(`API reference: ${files.document}, ${files.page}`);
